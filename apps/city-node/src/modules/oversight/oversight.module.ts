import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { MAINTENANCE_QUEUE, MaintenanceTasks } from '../../jobs/maintenance.js';
import { scheduledJob } from '../../jobs/scheduled-job.js';
import { OversightMutationsResolver, OversightQueriesResolver } from './oversight.resolver.js';
import { OversightScan } from './oversight-scan.service.js';
import { OversightService } from './oversight.service.js';

/** Counts the audit log into per-officer baselines and raises misuse alerts (repeatable, once per period per city). */
export const OVERSIGHT_SCAN_JOB = 'oversight.scan';
const OversightScheduler = scheduledJob(MAINTENANCE_QUEUE, 'oversight-scan', OVERSIGHT_SCAN_JOB, (c) => c.oversightScanMs, { removeOnComplete: 100, removeOnFail: 500 });

@Injectable()
class OversightMaintenance implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly scan: OversightScan,
  ) {}

  onModuleInit(): void {
    this.tasks.register(OVERSIGHT_SCAN_JOB, async () => ({ ...(await this.scan.run()) }));
  }
}

/** Misuse shows up (issue 16): per-officer baselines of cross-city reads and checks, alerts to both cities' auditors. */
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [OversightService, OversightScan, OversightQueriesResolver, OversightMutationsResolver, OversightMaintenance, OversightScheduler],
  exports: [OversightService],
})
export class OversightModule {}
