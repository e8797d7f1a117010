export { MAINTENANCE_QUEUE } from '../../../jobs/maintenance.js';

/** Purges published or withdrawn reports whose review date passed without a retain decision (DESIGN 5). */
export const EXPIRE_OVERDUE_INTELLIGENCE = 'intelligence.expire-overdue';
export const EXPIRE_OVERDUE_SCHEDULER_ID = 'intelligence-expiry';
