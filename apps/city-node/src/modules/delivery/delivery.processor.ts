import { Inject, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { OutboxService } from './outbox.service.js';
import { DELIVERY_QUEUE, SEND_MESSAGE_JOB, type SendMessageJobData, SWEEP_OUTBOX_JOB } from './delivery.jobs.js';

@Processor(DELIVERY_QUEUE)
export class DeliveryProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly outbox: OutboxService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    super();
  }

  private readonly queueLogger = new Logger('DeliveryWorker');

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.deliveryConcurrency;
  }

  /** A worker error (e.g. the queue lost a job's keys) is logged; the outbox and sweepers recover, the process lives. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.queueLogger.warn(`queue worker error: ${error.message}`);
  }

  async process(job: Job<SendMessageJobData>): Promise<unknown> {
    if (job.data.city !== this.config.city) throw new Error(`job for ${job.data.city} reached the ${this.config.city} node`);
    switch (job.name) {
      case SEND_MESSAGE_JOB:
        return this.outbox.send(job.data.messageId, job.attemptsMade + 1);
      case SWEEP_OUTBOX_JOB:
        return this.outbox.sweep();
      default:
        throw new Error(`unknown delivery job ${job.name}`);
    }
  }
}
