import { Module } from '@nestjs/common';
import { OfficerMutationsResolver, OfficerQueriesResolver } from './officers.resolver.js';
import { OfficersService } from './officers.service.js';
import { OfficerAdminService } from './officer-admin.service.js';
import { SessionTokensController } from './session-tokens.controller.js';
import { OfficerRevocationMessages } from './officer-revocation.handlers.js';
import { ServiceAccountsService } from './service-accounts.service.js';

@Module({
  controllers: [SessionTokensController],
  providers: [OfficersService, OfficerAdminService, OfficerRevocationMessages, ServiceAccountsService, OfficerMutationsResolver, OfficerQueriesResolver],
  exports: [OfficersService],
})
export class OfficersModule {}
