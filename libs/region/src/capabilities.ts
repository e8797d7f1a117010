/**
 * Who may do what, where the node enforces it and the console decides what to offer: one table, so the console never
 * offers an officer a step the node would refuse (issue 17: a liaison officer was offered rule creation and CSV import).
 * The node's resolvers take their role lists from here; the console imports this file alone (no Node-only code).
 */
export const CAPABILITY_ROLES = {
  /** Early warning: read rules, alerts, counts and campaigns. */
  readWarnings: ['ANALYST', 'LIAISON_OFFICER', 'COORDINATOR', 'COMMANDER', 'SUPERVISOR', 'AUDITOR'],
  /** Record case counts, by hand or as a CSV file. */
  recordCaseCounts: ['ANALYST', 'COORDINATOR'],
  /** Create, disable and evaluate warning rules. */
  manageWarningRules: ['COORDINATOR', 'COMMANDER'],
  /** Acknowledge a warning as duty commander. */
  acknowledgeWarning: ['COMMANDER'],
} as const satisfies Record<string, readonly string[]>;

export type Capability = keyof typeof CAPABILITY_ROLES;

/** Whether an officer with these roles may do it. */
export function mayDo(roles: readonly string[], capability: Capability): boolean {
  return (CAPABILITY_ROLES[capability] as readonly string[]).some((r) => roles.includes(r));
}
