import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { MAINTENANCE_QUEUE, MaintenanceTasks } from '../../jobs/maintenance.js';
import { scheduledJob } from '../../jobs/scheduled-job.js';
import { WatchMutationsResolver, WatchQueriesResolver } from './watch.resolver.js';
import { WatchService } from './watch.service.js';

/** Review warnings, expiry, deletion of ended entries' personal data, and escalation of unacknowledged hits. */
export const WATCH_SWEEP_JOB = 'watch.sweep';
const WatchScheduler = scheduledJob(MAINTENANCE_QUEUE, 'watch-sweep', WATCH_SWEEP_JOB, (c) => c.watchSweepMs, { removeOnComplete: 100, removeOnFail: 500 });

@Injectable()
class WatchMaintenance implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly watch: WatchService,
  ) {}

  onModuleInit(): void {
    this.tasks.register(WATCH_SWEEP_JOB, async () => ({ ...(await this.watch.sweep()) }));
  }
}

@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [WatchService, WatchQueriesResolver, WatchMutationsResolver, WatchMaintenance, WatchScheduler],
  exports: [WatchService],
})
export class WatchModule {}
