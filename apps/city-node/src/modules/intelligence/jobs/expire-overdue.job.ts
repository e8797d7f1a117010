/** The node's maintenance queue (one per city: its own database, or its own Redis prefix). */
export const MAINTENANCE_QUEUE = 'maintenance';

/** Purges published or withdrawn reports whose review date passed without a retain decision (DESIGN 5). */
export const EXPIRE_OVERDUE_INTELLIGENCE = 'intelligence.expire-overdue';
export const EXPIRE_OVERDUE_SCHEDULER_ID = 'intelligence-expiry';

export interface ExpireOverdueIntelligenceData {
  city: string;
}
