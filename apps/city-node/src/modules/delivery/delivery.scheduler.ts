import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { DELIVERY_QUEUE, SWEEP_OUTBOX_JOB, SWEEP_OUTBOX_SCHEDULER_ID, type SweepOutboxJobData } from './delivery.jobs.js';

/** The sweeper runs on a schedule (idempotent upsert: every process of the city registers the same one). */
@Injectable()
export class DeliveryScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<SweepOutboxJobData>,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      SWEEP_OUTBOX_SCHEDULER_ID,
      { every: this.config.deliverySweepMs },
      { name: SWEEP_OUTBOX_JOB, data: { city: this.config.city }, opts: { removeOnComplete: 10, removeOnFail: 50 } },
    );
  }
}
