import { Module } from '@nestjs/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { AssistanceModule } from '../assistance/assistance.module.js';
import { ContingencyPlans } from './contingency-plans.js';
import { IncidentMutationsResolver, IncidentQueriesResolver } from './incidents.resolver.js';
import { CampaignsService } from './campaigns.service.js';
import { IncidentsHandlers } from './incidents.handlers.js';
import { IncidentsService } from './incidents.service.js';
import { OperationChanges } from './operation-changes.js';

/** Joint incidents under unified command, contingency plans, and the joint campaigns the early-warning line opens. */
@Module({
  imports: [AssistanceModule],
  providers: [
    { provide: ContingencyPlans, inject: [NODE_CONFIG], useFactory: (config: NodeConfig) => ContingencyPlans.loadFromDirectory(config.plansDir) },
    OperationChanges,
    IncidentsService,
    CampaignsService,
    IncidentsHandlers,
    IncidentQueriesResolver,
    IncidentMutationsResolver,
  ],
  exports: [IncidentsService, CampaignsService],
})
export class IncidentsModule {}
