import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../../config/node-config.js';
import {
  EXPIRE_OVERDUE_INTELLIGENCE,
  EXPIRE_OVERDUE_SCHEDULER_ID,
  type ExpireOverdueIntelligenceData,
  MAINTENANCE_QUEUE,
} from './expire-overdue.job.js';

/** Registers the repeatable expiry job (idempotent: every process of the city upserts the same scheduler). */
@Injectable()
export class ExpiryScheduler implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(MAINTENANCE_QUEUE) private readonly queue: Queue<ExpireOverdueIntelligenceData>,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      EXPIRE_OVERDUE_SCHEDULER_ID,
      { every: this.config.expirySweepMs },
      { name: EXPIRE_OVERDUE_INTELLIGENCE, data: { city: this.config.city }, opts: { removeOnComplete: 100, removeOnFail: 500 } },
    );
  }
}
