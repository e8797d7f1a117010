import { scheduledJob } from '../../jobs/scheduled-job.js';
import { DELIVERY_QUEUE, SWEEP_OUTBOX_JOB, SWEEP_OUTBOX_SCHEDULER_ID } from './delivery.jobs.js';

/** The outbox sweeper: re-enqueues messages whose job was lost. */
export const DeliveryScheduler = scheduledJob(DELIVERY_QUEUE, SWEEP_OUTBOX_SCHEDULER_ID, SWEEP_OUTBOX_JOB, (c) => c.deliverySweepMs);
