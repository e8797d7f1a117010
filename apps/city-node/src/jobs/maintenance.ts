import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { BullModule, Processor } from '@nestjs/bullmq';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';
import { CityJobWorker, JobRegistry } from './job-registry.js';

/** The node's maintenance queue (one per city: its own database, or its own Redis prefix). */
export const MAINTENANCE_QUEUE = 'maintenance';

/** A scheduled task of a capability (expiry, review warnings, deletion); returns what it did, for the job's record. */
export type MaintenanceTask = () => Promise<Record<string, unknown>>;

/** A capability's scheduled tasks, all on the one maintenance worker: the job registry for that queue. */
@Injectable()
export class MaintenanceTasks {
  constructor(private readonly registry: JobRegistry) {}

  register(jobName: string, task: MaintenanceTask): void {
    this.registry.register(MAINTENANCE_QUEUE, jobName, () => task());
  }
}

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends CityJobWorker {
  protected readonly queueName = MAINTENANCE_QUEUE;

  constructor(registry: JobRegistry, @Inject(NODE_CONFIG) config: NodeConfig) {
    super(registry, config);
  }
}

/** The job registry, and one maintenance queue and worker per node shared by every capability's scheduled tasks. */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [JobRegistry, MaintenanceTasks, MaintenanceProcessor],
  exports: [JobRegistry, MaintenanceTasks],
})
export class MaintenanceModule {}
