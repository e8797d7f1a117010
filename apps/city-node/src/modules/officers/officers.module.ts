import { Module } from '@nestjs/common';
import { OfficerMutationsResolver, OfficerQueriesResolver } from './officers.resolver.js';
import { OfficersService } from './officers.service.js';
import { OfficerAdminService } from './officer-admin.service.js';
import { SessionTokensController } from './session-tokens.controller.js';

@Module({
  controllers: [SessionTokensController],
  providers: [OfficersService, OfficerAdminService, OfficerMutationsResolver, OfficerQueriesResolver],
  exports: [OfficersService],
})
export class OfficersModule {}
