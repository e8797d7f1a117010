import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { KeptJobScheduler } from '@ypf/queue';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { DELIVERY_QUEUE, SWEEP_OUTBOX_JOB, SWEEP_OUTBOX_SCHEDULER_ID } from './delivery.jobs.js';

/** The sweeper runs on a schedule that is re-asserted if the queue loses it. */
@Injectable()
export class DeliveryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: KeptJobScheduler;

  constructor(@InjectQueue(DELIVERY_QUEUE) queue: Queue, @Inject(NODE_CONFIG) config: NodeConfig) {
    this.scheduler = new KeptJobScheduler(queue, SWEEP_OUTBOX_SCHEDULER_ID, config.deliverySweepMs, {
      name: SWEEP_OUTBOX_JOB,
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
