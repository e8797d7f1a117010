import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AssistanceMutationsResolver, AssistanceQueriesResolver } from './assistance.resolver.js';
import { AssistanceService } from './assistance.service.js';
import { CatalogueService } from './catalogue.service.js';
import { ASSISTANCE_QUEUE } from './jobs/sla.job.js';
import { AssistanceJobs, AssistanceProcessor, AssistanceScheduler } from './jobs/assistance.processor.js';

@Module({
  imports: [BullModule.registerQueue({ name: ASSISTANCE_QUEUE })],
  providers: [AssistanceService, CatalogueService, AssistanceQueriesResolver, AssistanceMutationsResolver, AssistanceProcessor, AssistanceJobs, AssistanceScheduler],
  exports: [AssistanceService, CatalogueService],
})
export class AssistanceModule {}
