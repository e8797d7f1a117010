import { scheduledJob } from '../../../jobs/scheduled-job.js';
import { EXPIRE_OVERDUE_INTELLIGENCE, EXPIRE_OVERDUE_SCHEDULER_ID, MAINTENANCE_QUEUE } from './expire-overdue.job.js';

/** The expiry of intelligence past its review date. */
export const ExpiryScheduler = scheduledJob(MAINTENANCE_QUEUE, EXPIRE_OVERDUE_SCHEDULER_ID, EXPIRE_OVERDUE_INTELLIGENCE, (c) => c.expirySweepMs, {
  removeOnComplete: 100,
  removeOnFail: 500,
});
