import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { MAINTENANCE_QUEUE, MaintenanceTasks } from '../../jobs/maintenance.js';
import { scheduledJob } from '../../jobs/scheduled-job.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { EarlyWarningMutationsResolver, EarlyWarningQueriesResolver } from './early-warning.resolver.js';
import { EarlyWarningService } from './early-warning.service.js';

/** Evaluates every enabled rule of the city: fire, escalate, resolve (repeatable, once per period per city). */
export const WARNING_EVALUATE_JOB = 'warning.evaluate';
const WarningScheduler = scheduledJob(MAINTENANCE_QUEUE, 'warning-evaluate', WARNING_EVALUATE_JOB, (c) => c.warningEvalMs, { removeOnComplete: 100, removeOnFail: 500 });

@Injectable()
class WarningMaintenance implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly warnings: EarlyWarningService,
  ) {}

  onModuleInit(): void {
    this.tasks.register(WARNING_EVALUATE_JOB, async () => ({ evaluations: await this.warnings.evaluateAll() }));
  }
}

@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE }), IncidentsModule],
  providers: [EarlyWarningService, EarlyWarningQueriesResolver, EarlyWarningMutationsResolver, WarningMaintenance, WarningScheduler],
  exports: [EarlyWarningService],
})
export class EarlyWarningModule {}
