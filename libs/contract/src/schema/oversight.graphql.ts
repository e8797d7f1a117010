import type { CapabilitySchema } from './capability-schema.js';

/** Misuse alerts for auditors: volume far above an officer's baseline, one purpose spread across cities. */
export const OVERSIGHT_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Possible misuse for this city's auditors (home AUDITOR): another city's officer far above their baseline here, this city's officers as other cities reported them, one purpose reused across cities. Counts and purposes, never what was read. Audited."
  oversightAlerts(filter: OversightAlertFilterInput): [OversightAlert!]!
`,
  writes: /* GraphQL */ `
  "An auditor records what they found about a misuse alert (once per city; the note is kept and audited)."
  acknowledgeOversightAlert(id: ID!, note: String!): OversightAlert!
`,
  types: /* GraphQL */ `
"""
VOLUME: an officer far above their own baseline of reads or checks in one window at the city that raised it (the
data owner; for region-wide checks, the officer's home city). PURPOSE_SPREAD: one purpose of one officer used at
many cities at volume, correlated by the officer's home city from what each city reported.
"""
enum OversightAlertKind { VOLUME PURPOSE_SPREAD }

enum OversightMetric { READS CHECKS }

type OversightPurposeCount @shareable {
  "The purpose (X-Purpose) as audited; empty when none was given."
  purpose: String!
  count: Int!
}

type OversightCityCount @shareable {
  city: String!
  count: Int!
}

type OversightAlert @shareable {
  "Carries the city that raised it; the other city concerned keeps a copy under the same id."
  id: ID!
  kind: OversightAlertKind!
  "VOLUME only."
  metric: OversightMetric
  officerId: String!
  officerCity: String!
  raisedBy: String!
  "True when this city received it from raisedBy."
  received: Boolean!
  windowStart: String!
  windowEnd: String!
  "The window's count (VOLUME), or the purpose's uses at all cities (PURPOSE_SPREAD)."
  count: Int!
  "VOLUME: the officer's typical window (median of their busy windows, or the floor without history)."
  baseline: Float
  "The count at which it was raised."
  threshold: Int!
  "VOLUME: busy windows the baseline came from."
  historyWindows: Int
  purposes: [OversightPurposeCount!]!
  cities: [OversightCityCount!]!
  raisedAt: String!
  receivedAt: String
  acknowledgedBy: String
  acknowledgedAt: String
  acknowledgementNote: String
}

input OversightAlertFilterInput {
  "Only alerts this city's auditors have not acknowledged."
  openOnly: Boolean
  kind: OversightAlertKind
  officerId: String
  limit: Int
}
`,
};
