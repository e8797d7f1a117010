import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { KeptJobScheduler } from '@ypf/queue';
import { NODE_CONFIG, type NodeConfig } from '../../../config/node-config.js';
import { EXPIRE_OVERDUE_INTELLIGENCE, EXPIRE_OVERDUE_SCHEDULER_ID, MAINTENANCE_QUEUE } from './expire-overdue.job.js';

/** Registers the repeatable expiry job (idempotent: every process of the city upserts the same scheduler). */
@Injectable()
export class ExpiryScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly scheduler: KeptJobScheduler;

  constructor(@InjectQueue(MAINTENANCE_QUEUE) queue: Queue, @Inject(NODE_CONFIG) config: NodeConfig) {
    this.scheduler = new KeptJobScheduler(queue, EXPIRE_OVERDUE_SCHEDULER_ID, config.expirySweepMs, {
      name: EXPIRE_OVERDUE_INTELLIGENCE,
      data: { city: config.city },
      opts: { removeOnComplete: 100, removeOnFail: 500 },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.scheduler.start();
  }

  onModuleDestroy(): void {
    this.scheduler.stop();
  }
}
