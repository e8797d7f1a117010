import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { MAINTENANCE_QUEUE, MaintenanceTasks } from '../../jobs/maintenance.js';
import { scheduledJob } from '../../jobs/scheduled-job.js';
import { WatchMutationsResolver, WatchQueriesResolver } from './watch.resolver.js';
import { WatchService } from './watch.service.js';
import { WatchReplicaService } from './watch-replica.service.js';
import { WatchReplicaNotifier } from './watch-replica.feed.js';

/** Review warnings, expiry, deletion of ended entries' personal data, and escalation of unacknowledged hits. */
export const WATCH_SWEEP_JOB = 'watch.sweep';
const WatchScheduler = scheduledJob(MAINTENANCE_QUEUE, 'watch-sweep', WATCH_SWEEP_JOB, (c) => c.watchSweepMs, { removeOnComplete: 100, removeOnFail: 500 });
/** Brings this node's copy of every other city's blind indexes up to date (the region-wide check). */
export const WATCH_REPLICA_SYNC_JOB = 'watch.replica.sync';
const ReplicaScheduler = scheduledJob(MAINTENANCE_QUEUE, 'watch-replica-sync', WATCH_REPLICA_SYNC_JOB, (c) => c.watchReplicaSyncMs, { removeOnComplete: 10, removeOnFail: 50 });

@Injectable()
class WatchMaintenance implements OnModuleInit {
  constructor(
    private readonly tasks: MaintenanceTasks,
    private readonly watch: WatchService,
    private readonly replica: WatchReplicaService,
  ) {}

  onModuleInit(): void {
    this.tasks.register(WATCH_SWEEP_JOB, async () => ({ ...(await this.watch.sweep()) }));
    this.tasks.register(WATCH_REPLICA_SYNC_JOB, () => this.replica.syncAll());
  }
}

@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [WatchService, WatchReplicaService, WatchReplicaNotifier, WatchQueriesResolver, WatchMutationsResolver, WatchMaintenance, WatchScheduler, ReplicaScheduler],
  exports: [WatchService, WatchReplicaService],
})
export class WatchModule {}
