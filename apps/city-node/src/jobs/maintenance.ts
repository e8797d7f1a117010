import { Inject, Logger } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { NODE_CONFIG, type NodeConfig } from '../../../config/node-config.js';
import { IntelligenceService } from '../intelligence.service.js';
import { EXPIRE_OVERDUE_INTELLIGENCE, type ExpireOverdueIntelligenceData, MAINTENANCE_QUEUE } from './expire-overdue.job.js';

@Processor(MAINTENANCE_QUEUE)
export class MaintenanceProcessor extends WorkerHost {
  private readonly logger = new Logger('Maintenance');

  constructor(
    private readonly intelligence: IntelligenceService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    super();
  }

  private readonly queueLogger = new Logger('MaintenanceWorker');

  /** A worker error (e.g. the queue lost a job's keys) is logged; the outbox and sweepers recover, the process lives. */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.queueLogger.warn(`queue worker error: ${error.message}`);
  }

  async process(job: Job<ExpireOverdueIntelligenceData>): Promise<{ purged: string[] }> {
    if (job.data.city !== this.config.city) throw new Error(`job for ${job.data.city} reached the ${this.config.city} node`);
    switch (job.name) {
      case EXPIRE_OVERDUE_INTELLIGENCE: {
        const purged = await this.intelligence.purgeOverdue();
        if (purged.length) this.logger.log(`purged ${purged.length} reports past their review date`);
        return { purged };
      }
      default:
        throw new Error(`unknown maintenance job ${job.name}`);
    }
  }
}
