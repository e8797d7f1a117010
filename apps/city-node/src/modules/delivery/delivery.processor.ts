import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { CityJobWorker, JobRegistry } from '../../jobs/job-registry.js';
import { OutboxService } from './outbox.service.js';
import { DELIVERY_QUEUE, SEND_MESSAGE_JOB, type SendMessageJobData, SWEEP_OUTBOX_JOB } from './delivery.jobs.js';

@Processor(DELIVERY_QUEUE)
export class DeliveryProcessor extends CityJobWorker implements OnApplicationBootstrap {
  protected readonly queueName = DELIVERY_QUEUE;

  constructor(registry: JobRegistry, @Inject(NODE_CONFIG) config: NodeConfig) {
    super(registry, config);
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.deliveryConcurrency;
  }
}

/** The delivery jobs' handlers: send one outbox message (attempt n), sweep the outbox for rows whose job was lost. */
@Injectable()
export class DeliveryJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.registry.register<SendMessageJobData>(DELIVERY_QUEUE, SEND_MESSAGE_JOB, (data, job) => this.outbox.send(data.messageId, job.attemptsMade + 1));
    this.registry.register(DELIVERY_QUEUE, SWEEP_OUTBOX_JOB, () => this.outbox.sweep());
    // The outbox enqueues a send job for each message it writes.
    this.registry.expect(DELIVERY_QUEUE, SEND_MESSAGE_JOB, 'OutboxService');
  }
}
