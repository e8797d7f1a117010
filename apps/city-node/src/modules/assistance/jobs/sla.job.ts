/**
 * The assistance queue of a node: SLA deadline checks (delayed, one per deadline second: every deadline of that kind
 * falling within the second is escalated by it) and the SLA sweep.
 */
export const ASSISTANCE_QUEUE = 'assistance';

export type SlaWhich = 'ACK' | 'ANSWER';

/** Every deadline of one kind due by `dueBy` (the end of a second) and not yet escalated. */
export const SLA_DUE_JOB = 'assistance.sla-due';
export interface SlaDueJobData {
  city: string;
  which: SlaWhich;
  /** ISO-8601 */
  dueBy: string;
}

export const SLA_SWEEP_JOB = 'assistance.sla-sweep';
export const SLA_SWEEP_SCHEDULER_ID = 'assistance-sla-sweep';

/** One job per deadline second: scheduling a second deadline within it is a no-op. */
export const slaDueJobId = (which: SlaWhich, dueBy: Date) => `sla-${which.toLowerCase()}-due-${dueBy.getTime()}`;

/** The end of the deadline second `due` falls in (a deadline on the second is its own end). */
export const slaDueBy = (due: Date) => new Date(Math.ceil(due.getTime() / 1000) * 1000);
