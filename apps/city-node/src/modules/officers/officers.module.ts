import { Module } from '@nestjs/common';
import { OfficerMutationsResolver, OfficerQueriesResolver } from './officers.resolver.js';
import { OfficersService } from './officers.service.js';

@Module({
  providers: [OfficersService, OfficerMutationsResolver, OfficerQueriesResolver],
  exports: [OfficersService],
})
export class OfficersModule {}
