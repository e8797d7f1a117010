import { Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { IntelligenceMutationsResolver, IntelligenceQueriesResolver } from './intelligence.resolver.js';
import { IntelligenceService } from './intelligence.service.js';
import { MAINTENANCE_QUEUE } from './jobs/expire-overdue.job.js';
import { ExpiryScheduler } from './jobs/expiry.scheduler.js';

@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [IntelligenceService, IntelligenceQueriesResolver, IntelligenceMutationsResolver, ExpiryScheduler],
  exports: [IntelligenceService],
})
export class IntelligenceModule {}
