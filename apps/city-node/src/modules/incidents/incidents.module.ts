import { Module } from '@nestjs/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { AssistanceModule } from '../assistance/assistance.module.js';
import { ContingencyPlans } from './contingency-plans.js';
import { IncidentMutationsResolver, IncidentQueriesResolver } from './incidents.resolver.js';
import { IncidentsService } from './incidents.service.js';

/** Joint incidents under unified command, contingency plans, and the joint campaigns the early-warning line opens. */
@Module({
  imports: [AssistanceModule],
  providers: [
    { provide: ContingencyPlans, inject: [NODE_CONFIG], useFactory: (config: NodeConfig) => ContingencyPlans.loadFromDirectory(config.plansDir) },
    IncidentsService,
    IncidentQueriesResolver,
    IncidentMutationsResolver,
  ],
  exports: [IncidentsService],
})
export class IncidentsModule {}
