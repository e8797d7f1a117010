import type { CapabilitySchema } from './capability-schema.js';

/** The joint watch of key persons: entries led by one city, region-wide hit/no-hit checks, hit reports. */
export const WATCH_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Joint watch entries held at this node (home officers): led here, or offered to this city."
  watchEntries(
    "Which entries (the 100 with the nearest review date when left out)."
    filter: WatchFilterInput
  ): [WatchEntry!]!
  "One watch entry as its lead city's policy allows: home officers and participating cities by role; anyone else gets null. Cross-city reads need a purpose (X-Purpose)."
  watchEntry(
    "The entry's id (<lead city>:<ULID>)."
    id: ID!
  ): WatchEntry
  "Hit/no-hit of identifiers against the joint watch of the whole region (or of the cities named) in one request at your home node (home officers, with a purpose). Each lead city evaluates the blinded identifiers under its own key (learning nothing of them; rate-limited and audited there), and this node compares the result with its copy of that city's blind indexes; a hit on an entry your city takes part in is answered live by the lead city under its policy. Audited here."
  checkWatchRegion(
    "The identifiers to check: 1-50, duplicates counted once."
    identifiers: [IdentifierInput!]!
    "City codes to check (the whole region when left out)."
    cities: [String!]
  ): WatchRegionCheckResult!
  "Node-to-node: what changed in the entries this city leads after a feed number (the blind indexes of active entries, for the caller's copy). Audited."
  watchReplica(
    "The last feed number the caller holds (digits; 0 for the start)."
    after: String!
    "How many changes: 1-5,000 (default 2,000)."
    limit: Int
  ): WatchReplicaPage!
  "Node-to-node: hit/no-hit of this city's blind indexes for an officer of the calling city (the region-wide check's live part, for an entry that city takes part in), under this city's policy and audit."
  checkWatchOnBehalf(
    "This city's blind indexes to look up (64 hex characters each): 1-50."
    tokens: [String!]!
    "The calling city's officer the check is for: the policy applies to their city and roles."
    officer: WatchCheckOfficerInput!
  ): WatchCheckResult!
  "Hit reports held at this node (home officers): filed here, received as lead, or forwarded as participant."
  watchHits(
    "Which hit reports (the 100 newest when left out)."
    filter: WatchHitFilterInput
  ): [WatchHit!]!
`,
  writes: /* GraphQL */ `
  "Propose a joint watch entry led by this city (legal basis and decision reference mandatory)."
  proposeWatchEntry(
    "The entry: category, legal basis, decision reference, identifiers, review date."
    input: WatchEntryInput!
  ): WatchEntry!
  "Approve (a SUPERVISOR who is not the proposer): the entry becomes active and checkable."
  approveWatchEntry(
    "The PROPOSED entry's id."
    id: ID!
  ): WatchEntry!
  "Reject a proposed entry with the reason (home SUPERVISOR): PROPOSED → REJECTED."
  rejectWatchEntry(
    "The PROPOSED entry's id."
    id: ID!
    "Why (5-1,000 characters), kept as endReason."
    reason: String!
  ): WatchEntry!
  "Review before the review date: extend (with a reason and the next review date, within the category's period) or expire."
  reviewWatchEntry(
    "The ACTIVE entry's id."
    id: ID!
    "The decision, its reason and (EXTEND) the next review date."
    input: WatchReviewInput!
  ): WatchEntry!
  "Close when the purpose is achieved; participating cities are told."
  closeWatchEntry(
    "The entry's id."
    id: ID!
    "Why (5-1,000 characters), sent to the participating cities."
    reason: String!
  ): WatchEntry!
  "Offer the lead to another city; it stays here until that city accepts."
  offerWatchLead(
    "The ACTIVE entry's id."
    id: ID!
    "The city offered the lead (a city code, not your own)."
    toCity: String!
    "Why (5-1,000 characters), sent with the offer."
    reason: String!
  ): WatchEntry!
  "Accept another city's offer of an entry's lead (home SUPERVISOR): this city leads it from now on, the entry's history and identifiers come with it."
  acceptWatchLead(
    "The offered entry's id."
    id: ID!
  ): WatchEntry!
  "Decline another city's offer of an entry's lead, with the reason (home SUPERVISOR): the entry stays with the offering city."
  declineWatchLead(
    "The offered entry's id."
    id: ID!
    "Why (5-1,000 characters), sent to the offering city."
    reason: String!
  ): WatchEntry!
  "File a hit report (where, when, what was observed, action taken); delivered to the lead city, which forwards it to the participants."
  fileWatchHit(
    "Where, when and what was observed, and what was done."
    input: WatchHitInput!
  ): WatchHit!
  "The lead city acknowledges a hit report (URGENT clock: escalated to its COMMANDER when missed)."
  acknowledgeWatchHit(
    "The hit report's id."
    id: ID!
  ): WatchHit!
  "Node-to-node: the calling city's watch feed changed; this node brings its copy of it up to date now (else at its next scheduled sync)."
  watchReplicaChanged: Boolean!
`,
  types: /* GraphQL */ `
"SIS-style categories of a joint watch entry; each fixes (or bounds) the action an encountering officer takes and the decision reference it needs."
enum WatchCategory {
  "Wanted for arrest under a named warrant (逮捕证): LOCATE_AND_ARREST. Longest review period 3 years by default."
  WANTED_ARREST
  "A vulnerable missing person: LOCATE_AND_PROTECT; no offence. Longest review period 3 years by default."
  MISSING_PERSON
  "An offender under a court order's supervision: REPORT_ONLY. Longest review period 1 year by default."
  SUPERVISED_OFFENDER
  "A serious-crime suspect under a decision reference: DISCREET_CHECK or INQUIRY_CHECK. Longest review period 1 year by default."
  SERIOUS_CRIME_SUSPECT
}

"What the encountering officer does: fixed by the category (a SERIOUS_CRIME_SUSPECT entry chooses a discreet or an inquiry check)."
enum WatchAction {
  "Arrest under the named warrant; hold the person and contact the lead city at once."
  LOCATE_AND_ARREST
  "Ensure the missing person's safety, disclose their whereabouts to no third party, tell the lead city at once."
  LOCATE_AND_PROTECT
  "Do not act; report where, when and what was observed."
  REPORT_ONLY
  "Do not alert the person; record companions, vehicle and route, and report."
  DISCREET_CHECK
  "Stop and question the person within your powers, record the answers, and report."
  INQUIRY_CHECK
}

"How dangerous an encounter may be, for the encountering officer."
enum RiskLevel {
  "No known danger."
  LOW
  "Take care."
  MEDIUM
  "Known to be dangerous: do not approach alone."
  HIGH
}

"Where a watch entry is in its lifecycle, at the city that holds it."
enum WatchStatus {
  "Proposed, waiting for a SUPERVISOR who is not the proposer; not checkable yet."
  PROPOSED
  "Approved: checkable across the region until its review date."
  ACTIVE
  "Rejected by a supervisor; at a city that declined the lead offered to it, its copy of the offer."
  REJECTED
  "Ended at review (or its review date passed without one)."
  EXPIRED
  "Ended because its purpose was achieved."
  CLOSED
  "The lead is offered to another city; still led and checkable here until it accepts."
  TRANSFER_OFFERED
  "The lead moved to another city; this city's copy has ended."
  TRANSFERRED
}

"A supervisor's decision at an entry's review."
enum WatchReviewDecision {
  "Keep it active until the next review date."
  EXTEND
  "End it now."
  EXPIRE
}

"A key person watched jointly. There is no field for ethnicity, religion, political opinion or petitioning, and free text naming them is refused."
input WatchEntryInput {
  "The category: fixes the action (or its choices) and the decision reference needed."
  category: WatchCategory!
  "The action on encounter: only SERIOUS_CRIME_SUSPECT chooses (DISCREET_CHECK or INQUIRY_CHECK); other categories have theirs fixed."
  action: WatchAction
  "The law and article the entry rests on."
  legalBasis: String!
  "The named warrant, court order or decision reference."
  decisionReference: String!
  "A crime category; none for a missing person."
  offence: CrimeCategory
  "How dangerous an encounter may be."
  riskLevel: RiskLevel!
  "Cities that take part (they see the entry as the lead's policy allows, and get its hits)."
  participatingCities: [String!]
  "YYYY-MM-DD, within the category's longest review period."
  reviewDate: String!
  "Identifiers to watch for (at least one; at most 50)."
  identifiers: [IdentifierInput!]!
  "Minimal description for recognition (at most 500 characters)."
  description: String!
}

"A supervisor's review of a watch entry."
input WatchReviewInput {
  "Extend or expire."
  decision: WatchReviewDecision!
  "Why (5-1,000 characters), kept in the entry's history."
  reason: String!
  "The next review date (EXTEND)."
  reviewDate: String
}

"Which watch entries to list, nearest review date first."
input WatchFilterInput {
  "Only entries in this status."
  status: WatchStatus
  "Only entries whose review date is before this date (YYYY-MM-DD)."
  reviewDueBefore: String
  "How many: 1-500 (default 100)."
  limit: Int
}

"One step in a watch entry's history."
type WatchEvent @shareable {
  "What happened, e.g. PROPOSED, APPROVED, EXTENDED, TRANSFER_OFFERED, LEAD_ACCEPTED, HIT_ACKNOWLEDGED, CLOSED."
  type: String!
  "Who did it."
  actorId: String!
  "Their city."
  actorCity: String!
  "The reason they gave."
  reason: String
  "When (ISO 8601)."
  at: String!
}

"A key person watched jointly: led by one city, checkable by all, shown to participating cities as the lead's policy allows."
type WatchEntry @shareable {
  "The entry's id (<city that proposed it>:<ULID>); it keeps it when the lead moves."
  id: ID!
  "The city that leads it: holds it, decides on it, receives its hits."
  leadCity: String!
  "Where it is in its lifecycle."
  status: WatchStatus!
  "Its category."
  category: WatchCategory!
  "What an encountering officer does."
  action: WatchAction!
  "The action in words, as an encountering officer is told."
  instruction: String!
  "The law and article it rests on."
  legalBasis: String!
  "The warrant, court order or decision reference."
  decisionReference: String!
  "The crime category (none for a missing person)."
  offence: CrimeCategory
  "How dangerous an encounter may be."
  riskLevel: RiskLevel!
  "The cities that take part."
  participatingCities: [String!]!
  "By when a supervisor must extend or expire it (YYYY-MM-DD)."
  reviewDate: String!
  "What the lead city's policy granted the caller."
  accessLevel: AccessLevel!
  "FULL only."
  description: String
  "FULL only."
  identifiers: [Identifier!]
  "The officer who proposed it."
  proposedBy: String!
  "When."
  proposedAt: String!
  "The SUPERVISOR who approved it."
  approvedBy: String
  "When."
  approvedAt: String
  "Where the lead is offered (at the lead), or who offered it (at the offered city)."
  transferCity: String
  "Why it ended (rejected, expired, closed, transferred)."
  endReason: String
  "When it ended."
  endedAt: String
  "When its description and identifiers were deleted (WATCH_RETENTION_DAYS after it ended)."
  personalDataDeletedAt: String
  "FULL only."
  history: [WatchEvent!]
}

"One lead city's live answer to a node-to-node watch check."
type WatchCheckResult @shareable {
  "The city that answered (this node)."
  city: String!
  "Whether any active entry it leads matched."
  hit: Boolean!
  "The matches, as its policy allows the officer."
  matches: [WatchMatch!]!
}

"How a city's entries were checked in a region-wide watch check."
enum WatchCheckSource {
  "This node leads them: checked here."
  LOCAL
  "That city evaluated the blinded identifiers, compared with this node's copy of its blind indexes (as of syncedAt)."
  REPLICA
  "A hit on an entry the caller's city takes part in, answered by the lead city itself."
  LIVE
  "Not checked (the error says why): its hits may be missing."
  UNAVAILABLE
}

"How one city was checked: its entries here (LOCAL), its own evaluation of the identifiers compared with this node's copy of its blind indexes (REPLICA, copy as of syncedAt), a hit on an entry your city takes part in answered by the lead city (LIVE), or not at all (UNAVAILABLE, with the error: the answer may miss its hits)."
type WatchRegionSource @shareable {
  "The city."
  city: String!
  "How its entries were checked."
  answeredFrom: WatchCheckSource!
  "REPLICA: when this node's copy of its blind indexes was last brought up to date."
  syncedAt: String
  "UNAVAILABLE: why."
  error: String
}

"The answer of a region-wide watch check at the home node."
type WatchRegionCheckResult @shareable {
  "Whether any entry matched."
  hit: Boolean!
  "The hits, each with what to do and whom to contact."
  matches: [WatchMatch!]!
  "Every city of the region, once."
  cities: [WatchRegionSource!]!
}

"One changed entry in a lead city's replica feed. An inactive entry (ended, transferred) carries no tokens: drop it."
type WatchReplicaEntry @shareable {
  "The change's feed number (digits): pass the last one as after for the next page."
  seq: String!
  "The entry's id."
  entryId: ID!
  "Whether the entry watches (ACTIVE or TRANSFER_OFFERED at its lead)."
  active: Boolean!
  "What an encountering officer does on a hit."
  action: WatchAction!
  "The calling city takes part in the entry."
  participant: Boolean!
  "How many times the entry's lead has moved: a copy keeps the rows of the lead with the highest epoch."
  leadEpoch: Int!
  "The signed moves of the lead (as many as leadEpoch): the proof that the feed's city leads the entry."
  leadChain: [WatchLeadTransfer!]!
  "The lead city's blind indexes of the entry's identifiers (none when inactive)."
  tokens: [String!]!
}

"A move of a watch entry's lead, signed (ES256) by the city that gave it up."
type WatchLeadTransfer @shareable {
  "The entry whose lead moved."
  entryId: ID!
  "The move's number (1 for the first)."
  epoch: Int!
  "The city that gave up the lead and signed."
  from: String!
  "The city that took it."
  to: String!
  "The giving city's ES256 signature (base64url)."
  sig: String!
}

"A page of a lead city's replica feed."
type WatchReplicaPage @shareable {
  "The changes after the feed number asked, in feed order."
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
  "The entry's id: what to quote to the lead city and in a hit report."
  reference: ID!
  "The city that leads the entry."
  leadCity: String!
  "What the lead city's policy granted the caller."
  accessLevel: AccessLevel!
  "What to do now."
  action: WatchAction!
  "The action in words."
  instruction: String!
  "Whom to contact at the lead city."
  contact: ContactPoint!
  "Participating cities (and the lead's own officers) only, as the lead's policy allows."
  entry: WatchEntry
}

"A hit report: an encounter with a watched person, for the lead city."
input WatchHitInput {
  "The reference a watch check returned."
  entryId: ID!
  "The lead city the check named."
  leadCity: String!
  "When the person was seen (ISO 8601 with a zone)."
  observedAt: String!
  "Where: 2-300 characters."
  location: String!
  "What was observed: 3-2,000 characters."
  observation: String!
  "What the officer did: 3-1,000 characters."
  actionTaken: String!
  "Who was with the person (at most 500 characters)."
  companions: String
  "The vehicle they used (at most 200 characters)."
  vehicle: String
}

"Which hit reports to list, newest first."
input WatchHitFilterInput {
  "Only hits on this entry."
  entryId: ID
  "At the lead city: hits not yet acknowledged."
  unacknowledged: Boolean
  "How many: 1-500 (default 100)."
  limit: Int
}

"A hit report: where and when a watched person was encountered, filed by the encountering city, held by the lead city and its participants."
type WatchHit @shareable {
  "The hit's id."
  id: ID!
  "The entry it is about."
  entryId: ID!
  "The entry's lead city."
  leadCity: String!
  "The city whose officer filed it."
  encounteringCity: String!
  "When the person was seen."
  observedAt: String!
  "Where."
  location: String!
  "What was observed."
  observation: String!
  "What the officer did."
  actionTaken: String!
  "Who was with the person."
  companions: String
  "The vehicle."
  vehicle: String
  "The officer who filed it."
  filedBy: String!
  "When it was filed."
  filedAt: String!
  "At the lead city: by when it must be acknowledged (the URGENT acknowledgement time)."
  ackDueAt: String
  "When the lead city acknowledged it."
  acknowledgedAt: String
  "Who acknowledged it."
  acknowledgedBy: String
  "When the missed acknowledgement was escalated to the lead city's COMMANDER."
  escalatedAt: String
  "When this copy is deleted: a year after it was filed (at the filing city) or forwarded (at a participant); null at the lead city."
  expiresAt: String
  "At the lead city: not acknowledged by ackDueAt."
  overdue: Boolean!
}
`,
};
