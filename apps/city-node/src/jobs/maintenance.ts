import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { BullModule, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../config/node-config.js';

/** The node's maintenance queue (one per city: its own database, or its own Redis prefix). */
export const MAINTENANCE_QUEUE = 'maintenance';

/** A scheduled task of a capability (expiry, review warnings, deletion); returns what it did, for the job's record. */
export type MaintenanceTask = () => Promise<Record<string, unknown>>;

/** Job name -> task; capability modules register theirs at start, and all run on the one maintenance worker. */
@Injectable()
export class MaintenanceTasks {
  private readonly tasks = new Map<string, MaintenanceTask>();

  register(jobName: string, task: MaintenanceTask): void {
    if (this.tasks.has(jobName)) throw new Error(`a maintenance task ${jobName} is already registered`);
    this.tasks.set(jobName, task);
  }

  get(jobName: string): MaintenanceTask | undefined {
    return this.tasks.get(jobName);
  }
}

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger('MaintenanceWorker');

  constructor(
    private readonly tasks: MaintenanceTasks,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    super();
  }

  /** A worker error (e.g. the queue lost a job's keys) is logged; the schedulers re-assert their jobs, the process lives. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn(`queue worker error: ${error.message}`);
  }

  async process(job: Job<{ city: string }>): Promise<Record<string, unknown>> {
    if (job.data.city !== this.config.city) throw new Error(`job for ${job.data.city} reached the ${this.config.city} node`);
    const task = this.tasks.get(job.name);
    if (!task) throw new Error(`unknown maintenance job ${job.name}`);
    return task();
  }
}

/** One maintenance queue and worker per node, shared by every capability's scheduled tasks. */
@Global()
@Module({
  imports: [BullModule.registerQueue({ name: MAINTENANCE_QUEUE })],
  providers: [MaintenanceTasks, MaintenanceProcessor],
  exports: [MaintenanceTasks],
})
export class MaintenanceModule {}
