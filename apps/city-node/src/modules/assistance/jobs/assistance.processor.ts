import { Inject, Logger, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { KeptJobScheduler } from '@ypf/queue';
import { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../../config/node-config.js';
import { AssistanceService } from '../assistance.service.js';
import { ASSISTANCE_QUEUE, SLA_CHECK_JOB, type SlaCheckJobData, SLA_SWEEP_JOB, SLA_SWEEP_SCHEDULER_ID } from './sla.job.js';

@Processor(ASSISTANCE_QUEUE)
export class AssistanceProcessor extends WorkerHost {
  constructor(
    private readonly assistance: AssistanceService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    super();
  }

  private readonly queueLogger = new Logger('AssistanceQueueWorker');

  /** A worker error (e.g. the queue lost a job's keys) is logged; the outbox and sweepers recover, the process lives. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.queueLogger.warn(`queue worker error: ${error.message}`);
  }

  async process(job: Job<SlaCheckJobData>): Promise<unknown> {
    if (job.data.city !== this.config.city) throw new Error(`job for ${job.data.city} reached the ${this.config.city} node`);
    switch (job.name) {
      case SLA_CHECK_JOB:
        return this.assistance.escalateIfDue(job.data.requestId, job.data.which);
      case SLA_SWEEP_JOB:
        return this.assistance.sweepSla();
      default:
        throw new Error(`unknown assistance job ${job.name}`);
    }
  }
}

/** The SLA sweep: a safety net for the per-deadline delayed jobs, re-asserted if the queue loses it. */
@Injectable()
export class AssistanceScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: KeptJobScheduler;

  constructor(@InjectQueue(ASSISTANCE_QUEUE) queue: Queue, @Inject(NODE_CONFIG) config: NodeConfig) {
    this.scheduler = new KeptJobScheduler(queue, SLA_SWEEP_SCHEDULER_ID, config.slaSweepMs, {
      name: SLA_SWEEP_JOB,
      data: { city: config.city },
      opts: { removeOnComplete: 10, removeOnFail: 50 },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.scheduler.start();
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }
}
