import { Module } from '@nestjs/common';
import { OfficerMutationsResolver, OfficerQueriesResolver } from './officers.resolver.js';
import { OfficersService } from './officers.service.js';
import { SessionTokensController } from './session-tokens.controller.js';

@Module({
  controllers: [SessionTokensController],
  providers: [OfficersService, OfficerMutationsResolver, OfficerQueriesResolver],
  exports: [OfficersService],
})
export class OfficersModule {}
