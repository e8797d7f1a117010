import type { CapabilitySchema } from './capability-schema.js';

/** Misuse alerts for auditors: volume far above an officer's baseline, one purpose spread across cities. */
export const OVERSIGHT_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Possible misuse for this city's auditors (home AUDITOR): another city's officer far above their baseline here, this city's officers as other cities reported them, one purpose reused across cities. Counts and purposes, never what was read. Audited."
  oversightAlerts(
    "Which alerts (all of them, newest first, when left out)."
    filter: OversightAlertFilterInput
  ): [OversightAlert!]!
`,
  writes: /* GraphQL */ `
  "An auditor records what they found about a misuse alert (home AUDITOR; once per city; the note is kept and audited)."
  acknowledgeOversightAlert(
    "The alert's id."
    id: ID!
    "What the auditor found and did (5-1,000 characters)."
    note: String!
  ): OversightAlert!
`,
  types: /* GraphQL */ `
"""
VOLUME: an officer far above their own baseline of reads or checks in one window at the city that raised it (the
data owner; for region-wide checks, the officer's home city). PURPOSE_SPREAD: one purpose of one officer used at
many cities at volume, correlated by the officer's home city from what each city reported.
"""
enum OversightAlertKind {
  "One officer far above their own baseline of reads or checks in one window."
  VOLUME
  "One purpose of one officer used at many cities at volume."
  PURPOSE_SPREAD
}

"What a VOLUME alert counts."
enum OversightMetric {
  "Reads of this city's data (reports, watch entries, operations)."
  READS
  "Hit/no-hit identifier and watch checks."
  CHECKS
}

"How often one purpose was used in the alert's window."
type OversightPurposeCount @shareable {
  "The purpose (X-Purpose) as audited; empty when none was given."
  purpose: String!
  "Uses in the window."
  count: Int!
}

"How often the purpose was used at one city (PURPOSE_SPREAD)."
type OversightCityCount @shareable {
  "The city where it was used."
  city: String!
  "Uses there in the window."
  count: Int!
}

"Possible misuse of the platform by one officer, raised by the scan at the city that saw it (issue: oversight)."
type OversightAlert @shareable {
  "Carries the city that raised it; the other city concerned keeps a copy under the same id."
  id: ID!
  "Volume above baseline, or one purpose spread across cities."
  kind: OversightAlertKind!
  "VOLUME only."
  metric: OversightMetric
  "The officer concerned (<city>:<username>)."
  officerId: String!
  "The officer's home city."
  officerCity: String!
  "The city whose scan raised it."
  raisedBy: String!
  "True when this city received it from raisedBy."
  received: Boolean!
  "Start of the window counted (ISO 8601)."
  windowStart: String!
  "End of the window counted (ISO 8601)."
  windowEnd: String!
  "The window's count (VOLUME), or the purpose's uses at all cities (PURPOSE_SPREAD)."
  count: Int!
  "VOLUME: the officer's typical window (median of their busy windows, or the floor without history)."
  baseline: Float
  "The count at which it was raised."
  threshold: Int!
  "VOLUME: busy windows the baseline came from."
  historyWindows: Int
  "The purposes used most in the window (at most 10)."
  purposes: [OversightPurposeCount!]!
  "PURPOSE_SPREAD: the cities where the purpose was used, with their counts."
  cities: [OversightCityCount!]!
  "When it was raised (ISO 8601)."
  raisedAt: String!
  "When this city received it from raisedBy (null: raised here)."
  receivedAt: String
  "The auditor of this city who acknowledged it (null: still open here)."
  acknowledgedBy: String
  "When this city's auditor acknowledged it."
  acknowledgedAt: String
  "What this city's auditor found and did."
  acknowledgementNote: String
}

"Which misuse alerts to list."
input OversightAlertFilterInput {
  "Only alerts this city's auditors have not acknowledged."
  openOnly: Boolean
  "Only alerts of this kind."
  kind: OversightAlertKind
  "Only alerts about this officer (<city>:<username>)."
  officerId: String
  "How many, newest first: 1-200 (default 100)."
  limit: Int
}
`,
};
