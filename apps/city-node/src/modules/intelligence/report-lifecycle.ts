/** The intelligence report lifecycle as data: one table of allowed transitions, checked in one place. */
export const REPORT_STATUSES = ['DRAFT', 'SUBMITTED', 'APPROVED', 'PUBLISHED', 'WITHDRAWN', 'PURGED'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Who may take a transition, beyond the resolver's role check. */
export type Actor = 'author' | 'supervisor' | 'supervisor-not-author' | 'author-or-supervisor';

export interface Transition {
  from: readonly ReportStatus[];
  to: ReportStatus;
  actor: Actor;
  reasonRequired: boolean;
}

export const REPORT_TRANSITIONS = {
  submit: { from: ['DRAFT'], to: 'SUBMITTED', actor: 'author', reasonRequired: false },
  return: { from: ['SUBMITTED'], to: 'DRAFT', actor: 'supervisor', reasonRequired: true },
  approve: { from: ['SUBMITTED'], to: 'APPROVED', actor: 'supervisor-not-author', reasonRequired: false },
  publish: { from: ['APPROVED'], to: 'PUBLISHED', actor: 'author-or-supervisor', reasonRequired: false },
  retain: { from: ['PUBLISHED'], to: 'PUBLISHED', actor: 'supervisor', reasonRequired: true },
  purge: { from: ['DRAFT', 'SUBMITTED', 'APPROVED', 'PUBLISHED', 'WITHDRAWN'], to: 'PURGED', actor: 'supervisor', reasonRequired: true },
  withdraw: { from: ['APPROVED', 'PUBLISHED'], to: 'WITHDRAWN', actor: 'author-or-supervisor', reasonRequired: true },
} as const satisfies Record<string, Transition>;

export type ReportAction = keyof typeof REPORT_TRANSITIONS;
