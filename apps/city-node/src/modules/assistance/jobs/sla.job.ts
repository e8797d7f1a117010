/** The assistance queue of a node: SLA deadline checks (delayed, one per deadline) and the SLA sweep. */
export const ASSISTANCE_QUEUE = 'assistance';

export type SlaWhich = 'ACK' | 'ANSWER';

export const SLA_CHECK_JOB = 'assistance.sla-check';
export interface SlaCheckJobData {
  city: string;
  requestId: string;
  which: SlaWhich;
}

export const SLA_SWEEP_JOB = 'assistance.sla-sweep';
export const SLA_SWEEP_SCHEDULER_ID = 'assistance-sla-sweep';

/** One job per deadline: a second scheduling of the same deadline is a no-op. */
export const slaJobId = (requestId: string, which: SlaWhich) => `sla-${which.toLowerCase()}-${requestId.replace(/:/g, '-')}`;
