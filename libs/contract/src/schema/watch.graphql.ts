import type { CapabilitySchema } from './capability-schema.js';

/** The joint watch of key persons: entries led by one city, region-wide hit/no-hit checks, hit reports. */
export const WATCH_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Joint watch entries held at this node (home officers): led here, or offered to this city."
  watchEntries(filter: WatchFilterInput): [WatchEntry!]!
  "One watch entry as its lead city's policy allows: home officers and participating cities by role; anyone else gets null. Cross-city reads need a purpose (X-Purpose)."
  watchEntry(id: ID!): WatchEntry
  "Hit/no-hit of identifiers against the joint watch of the whole region (or of the cities named) in one request at your home node (home officers, with a purpose). Each lead city evaluates the blinded identifiers under its own key (learning nothing of them; rate-limited and audited there), and this node compares the result with its copy of that city's blind indexes; a hit on an entry your city takes part in is answered live by the lead city under its policy. Audited here."
  checkWatchRegion(identifiers: [IdentifierInput!]!, cities: [String!]): WatchRegionCheckResult!
  "Node-to-node: what changed in the entries this city leads after a feed number (the blind indexes of active entries, for the caller's copy). Audited."
  watchReplica(after: String!, limit: Int): WatchReplicaPage!
  "Node-to-node: hit/no-hit of this city's blind indexes for an officer of the calling city (the region-wide check's live part, for an entry that city takes part in), under this city's policy and audit."
  checkWatchOnBehalf(tokens: [String!]!, officer: WatchCheckOfficerInput!): WatchCheckResult!
  "Hit reports held at this node (home officers): filed here, received as lead, or forwarded as participant."
  watchHits(filter: WatchHitFilterInput): [WatchHit!]!
`,
  writes: /* GraphQL */ `
  "Propose a joint watch entry led by this city (legal basis and decision reference mandatory)."
  proposeWatchEntry(input: WatchEntryInput!): WatchEntry!
  "Approve (a SUPERVISOR who is not the proposer): the entry becomes active and checkable."
  approveWatchEntry(id: ID!): WatchEntry!
  rejectWatchEntry(id: ID!, reason: String!): WatchEntry!
  "Review before the review date: extend (with a reason and the next review date, within the category's period) or expire."
  reviewWatchEntry(id: ID!, input: WatchReviewInput!): WatchEntry!
  "Close when the purpose is achieved; participating cities are told."
  closeWatchEntry(id: ID!, reason: String!): WatchEntry!
  "Offer the lead to another city; it stays here until that city accepts."
  offerWatchLead(id: ID!, toCity: String!, reason: String!): WatchEntry!
  acceptWatchLead(id: ID!): WatchEntry!
  declineWatchLead(id: ID!, reason: String!): WatchEntry!
  "File a hit report (where, when, what was observed, action taken); delivered to the lead city, which forwards it to the participants."
  fileWatchHit(input: WatchHitInput!): WatchHit!
  "The lead city acknowledges a hit report (URGENT clock: escalated to its COMMANDER when missed)."
  acknowledgeWatchHit(id: ID!): WatchHit!
  "Node-to-node: the calling city's watch feed changed; this node brings its copy of it up to date now (else at its next scheduled sync)."
  watchReplicaChanged: Boolean!
`,
  types: /* GraphQL */ `
enum WatchCategory { WANTED_ARREST MISSING_PERSON SUPERVISED_OFFENDER SERIOUS_CRIME_SUSPECT }

"What the encountering officer does: fixed by the category (a SERIOUS_CRIME_SUSPECT entry chooses a discreet or an inquiry check)."
enum WatchAction { LOCATE_AND_ARREST LOCATE_AND_PROTECT REPORT_ONLY DISCREET_CHECK INQUIRY_CHECK }

enum RiskLevel { LOW MEDIUM HIGH }

enum WatchStatus { PROPOSED ACTIVE REJECTED EXPIRED CLOSED TRANSFER_OFFERED TRANSFERRED }

enum WatchReviewDecision { EXTEND EXPIRE }

"A key person watched jointly. There is no field for ethnicity, religion, political opinion or petitioning, and free text naming them is refused."
input WatchEntryInput {
  category: WatchCategory!
  action: WatchAction
  "The law and article the entry rests on."
  legalBasis: String!
  "The named warrant, court order or decision reference."
  decisionReference: String!
  "A crime category; none for a missing person."
  offence: CrimeCategory
  riskLevel: RiskLevel!
  participatingCities: [String!]
  "YYYY-MM-DD, within the category's longest review period."
  reviewDate: String!
  identifiers: [IdentifierInput!]!
  "Minimal description for recognition (at most 500 characters)."
  description: String!
}

input WatchReviewInput {
  decision: WatchReviewDecision!
  reason: String!
  "The next review date (EXTEND)."
  reviewDate: String
}

input WatchFilterInput {
  status: WatchStatus
  reviewDueBefore: String
  limit: Int
}

type WatchEvent @shareable {
  type: String!
  actorId: String!
  actorCity: String!
  reason: String
  at: String!
}

type WatchEntry @shareable {
  id: ID!
  leadCity: String!
  status: WatchStatus!
  category: WatchCategory!
  action: WatchAction!
  instruction: String!
  legalBasis: String!
  decisionReference: String!
  offence: CrimeCategory
  riskLevel: RiskLevel!
  participatingCities: [String!]!
  reviewDate: String!
  "What the lead city's policy granted the caller."
  accessLevel: AccessLevel!
  "FULL only."
  description: String
  "FULL only."
  identifiers: [Identifier!]
  proposedBy: String!
  proposedAt: String!
  approvedBy: String
  approvedAt: String
  "Where the lead is offered (at the lead), or who offered it (at the offered city)."
  transferCity: String
  endReason: String
  endedAt: String
  personalDataDeletedAt: String
  "FULL only."
  history: [WatchEvent!]
}

type WatchCheckResult @shareable {
  city: String!
  hit: Boolean!
  matches: [WatchMatch!]!
}

enum WatchCheckSource { LOCAL REPLICA LIVE UNAVAILABLE }

"How one city was checked: its entries here (LOCAL), its own evaluation of the identifiers compared with this node's copy of its blind indexes (REPLICA, copy as of syncedAt), a hit on an entry your city takes part in answered by the lead city (LIVE), or not at all (UNAVAILABLE, with the error: the answer may miss its hits)."
type WatchRegionSource @shareable {
  city: String!
  answeredFrom: WatchCheckSource!
  syncedAt: String
  error: String
}

type WatchRegionCheckResult @shareable {
  hit: Boolean!
  matches: [WatchMatch!]!
  "Every city of the region, once."
  cities: [WatchRegionSource!]!
}

"One changed entry in a lead city's replica feed. An inactive entry (ended, transferred) carries no tokens: drop it."
type WatchReplicaEntry @shareable {
  seq: String!
  entryId: ID!
  active: Boolean!
  action: WatchAction!
  "The calling city takes part in the entry."
  participant: Boolean!
  "How many times the entry's lead has moved: a copy keeps the rows of the lead with the highest epoch."
  leadEpoch: Int!
  "The signed moves of the lead (as many as leadEpoch): the proof that the feed's city leads the entry."
  leadChain: [WatchLeadTransfer!]!
  tokens: [String!]!
}

"A move of a watch entry's lead, signed (ES256) by the city that gave it up."
type WatchLeadTransfer @shareable {
  entryId: ID!
  epoch: Int!
  from: String!
  to: String!
  sig: String!
}

type WatchReplicaPage @shareable {
  entries: [WatchReplicaEntry!]!
  "The lead city's contact point (what a HIT_ONLY answer names)."
  contact: ContactPoint!
}

"A hit. A city that does not take part in the entry learns only what to do (action, instruction), whom to contact and the reference to quote."
type WatchMatch @shareable {
  "Which of the identifiers asked matched."
  identifier: Identifier
  "The lead city's blind index of the identifier."
  token: String!
  reference: ID!
  leadCity: String!
  accessLevel: AccessLevel!
  action: WatchAction!
  instruction: String!
  contact: ContactPoint!
  "Participating cities (and the lead's own officers) only, as the lead's policy allows."
  entry: WatchEntry
}

input WatchHitInput {
  "The reference a watch check returned."
  entryId: ID!
  leadCity: String!
  observedAt: String!
  location: String!
  observation: String!
  actionTaken: String!
  companions: String
  vehicle: String
}

input WatchHitFilterInput {
  entryId: ID
  "At the lead city: hits not yet acknowledged."
  unacknowledged: Boolean
  limit: Int
}

type WatchHit @shareable {
  id: ID!
  entryId: ID!
  leadCity: String!
  encounteringCity: String!
  observedAt: String!
  location: String!
  observation: String!
  actionTaken: String!
  companions: String
  vehicle: String
  filedBy: String!
  filedAt: String!
  ackDueAt: String
  acknowledgedAt: String
  acknowledgedBy: String
  escalatedAt: String
  expiresAt: String
  overdue: Boolean!
}
`,
};
