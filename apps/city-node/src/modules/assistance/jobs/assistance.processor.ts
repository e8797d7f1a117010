import { Inject, Logger } from '@nestjs/common';
import { scheduledJob } from '../../../jobs/scheduled-job.js';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../../config/node-config.js';
import { AssistanceService } from '../assistance.service.js';
import { ASSISTANCE_QUEUE, SLA_CHECK_JOB, type SlaCheckJobData, SLA_DUE_JOB, type SlaDueJobData, SLA_SWEEP_JOB, SLA_SWEEP_SCHEDULER_ID } from './sla.job.js';

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

  async process(job: Job<SlaCheckJobData | SlaDueJobData>): Promise<unknown> {
    if (job.data.city !== this.config.city) throw new Error(`job for ${job.data.city} reached the ${this.config.city} node`);
    switch (job.name) {
      case SLA_DUE_JOB: {
        const { which, dueBy } = job.data as SlaDueJobData;
        return this.assistance.escalateDueBy(which, new Date(dueBy));
      }
      case SLA_CHECK_JOB: {
        const { requestId, which } = job.data as SlaCheckJobData;
        return this.assistance.escalateIfDue(requestId, which);
      }
      case SLA_SWEEP_JOB:
        return this.assistance.sweepSla();
      default:
        throw new Error(`unknown assistance job ${job.name}`);
    }
  }
}

/** The SLA sweep: a safety net for the per-deadline delayed jobs. */
export const AssistanceScheduler = scheduledJob(ASSISTANCE_QUEUE, SLA_SWEEP_SCHEDULER_ID, SLA_SWEEP_JOB, (c) => c.slaSweepMs);
