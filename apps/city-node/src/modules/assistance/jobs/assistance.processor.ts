import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { scheduledJob } from '../../../jobs/scheduled-job.js';
import { CityJobWorker, JobRegistry } from '../../../jobs/job-registry.js';
import { NODE_CONFIG, type NodeConfig } from '../../../config/node-config.js';
import { AssistanceService } from '../assistance.service.js';
import { ASSISTANCE_QUEUE, SLA_DUE_JOB, type SlaDueJobData, SLA_SWEEP_JOB, SLA_SWEEP_SCHEDULER_ID } from './sla.job.js';

@Processor(ASSISTANCE_QUEUE)
export class AssistanceProcessor extends CityJobWorker {
  protected readonly queueName = ASSISTANCE_QUEUE;

  constructor(registry: JobRegistry, @Inject(NODE_CONFIG) config: NodeConfig) {
    super(registry, config);
  }
}

/** The SLA jobs' handlers: every deadline due by a second, and the sweep. */
@Injectable()
export class AssistanceJobs implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly assistance: AssistanceService,
  ) {}

  onModuleInit(): void {
    this.registry.register<SlaDueJobData>(ASSISTANCE_QUEUE, SLA_DUE_JOB, (d) => this.assistance.escalateDueBy(d.which, new Date(d.dueBy)));
    this.registry.register(ASSISTANCE_QUEUE, SLA_SWEEP_JOB, () => this.assistance.sweepSla());
    // Each submitted request's deadlines are scheduled as SLA_DUE jobs.
    this.registry.expect(ASSISTANCE_QUEUE, SLA_DUE_JOB, 'AssistanceService.scheduleSla');
  }
}

/** The SLA sweep: a safety net for the per-deadline delayed jobs. */
export const AssistanceScheduler = scheduledJob(ASSISTANCE_QUEUE, SLA_SWEEP_SCHEDULER_ID, SLA_SWEEP_JOB, (c) => c.slaSweepMs);
