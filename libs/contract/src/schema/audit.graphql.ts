import type { CapabilitySchema } from './capability-schema.js';

/** The node's hash-chained audit log, and its signed heads witnessed by the other cities (DESIGN 3.5). */
export const AUDIT_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Audit trail of this node (AUDITOR)."
  auditTrail(filter: AuditFilterInput): AuditPage!
  "Recomputes this node's audit hash chain and reports the first broken link (AUDITOR)."
  auditChainVerification: AuditChainVerification!
  "Checks this node's audit chain against the signed heads of it that the other cities hold (home AUDITOR): a head beyond the chain's end means entries were cut off, a head whose hash differs means the history was rewritten. Every city's answer is shown; a city that cannot be asked is UNREACHABLE, never taken as a match. Audited."
  auditChainPeerVerification: AuditPeerVerification!
  "Node-to-node: the signed heads of the calling city's audit chain that this node holds as its witness, conflicting ones included. Audited."
  auditHeadsHeld: [WitnessedAuditHead!]!
  "Equivocations this node found as witness: a city that signed two hashes for one entry, or a head with fewer entries after one with more (home AUDITOR)."
  auditEquivocations(city: String): [AuditEquivocation!]!
`,
  writes: /* GraphQL */ `
  "Node-to-node: the calling city's signed audit chain head. This node keeps it, checks it against the heads of that city it holds (an equivocation is recorded and its auditors told), and answers with its countersignature."
  receiveAuditHead(head: SignedAuditHeadInput!): AuditHeadReceipt!
`,
  types: /* GraphQL */ `
input AuditFilterInput {
  actorCity: String
  action: String
  resourceId: ID
  "Only entries where another city accessed this node's data."
  crossCityOnly: Boolean
  limit: Int
  beforeSeq: Int
}

type AuditEntry @shareable {
  seq: Int!
  at: String!
  actorId: String!
  actorCity: String!
  actorRoles: [String!]!
  purpose: String
  action: String!
  resourceKind: String
  resourceIds: [String!]!
  accessLevel: AccessLevel
  outcome: String!
  detail: String
  hash: String!
}

type AuditPage @shareable {
  entries: [AuditEntry!]!
  nextBeforeSeq: Int
}

type AuditChainVerification @shareable {
  ok: Boolean!
  checked: Int!
  headSeq: Int
  firstBrokenSeq: Int
  problem: String
}

"A city's audit chain head, signed with its ES256 key: the chain has so many entries, and its entry seq has this hash."
input SignedAuditHeadInput {
  city: String!
  seq: Int!
  "The hash of the entry at seq (the chain value): 64 hex digits."
  hash: String!
  "Entries in the chain (equal to seq: the chain is numbered from 1 without gaps)."
  entries: Int!
  "ISO 8601 UTC with milliseconds, exactly as signed."
  signedAt: String!
  "ES256 (P-256, SHA-256) as r || s, base64url without padding."
  signature: String!
}

type SignedAuditHead @shareable {
  city: String!
  seq: Int!
  hash: String!
  entries: Int!
  signedAt: String!
  signature: String!
}

"A city's signed audit chain head as a witness city holds it."
type WitnessedAuditHead @shareable {
  city: String!
  seq: Int!
  hash: String!
  entries: Int!
  signedAt: String!
  signature: String!
  receivedAt: String!
  "Part of an equivocation the witness recorded (kept as evidence)."
  conflict: Boolean!
}

"ACCEPTED: kept and countersigned. DUPLICATE: already held, countersigned again. EQUIVOCATION: it contradicts a head the witness holds; recorded, not countersigned."
enum AuditHeadReceiptStatus { ACCEPTED DUPLICATE EQUIVOCATION }

type AuditHeadReceipt @shareable {
  witnessCity: String!
  status: AuditHeadReceiptStatus!
  "The witness's ES256 signature over the signed head (none for an equivocation)."
  countersignature: String
  countersignedAt: String
  "For an equivocation: what it contradicts."
  problem: String
}

"CONSISTENT: the chain verifies and every other city holds heads it matches. TAMPERED: the chain breaks, or a city holds a head it contradicts. UNCONFIRMED: nothing contradicts the chain, but not every city confirmed it."
enum AuditPeerVerdict { CONSISTENT UNCONFIRMED TAMPERED }

"MATCHES: the chain has the head. TRUNCATED: the head is beyond the chain's end (entries were cut off). FORKED: the chain has another hash there (history rewritten). INVALID_HEAD: not signed by this city. NO_HEAD: the city holds none. UNREACHABLE: the city could not be asked."
enum AuditPeerHeadStatus { MATCHES TRUNCATED FORKED INVALID_HEAD NO_HEAD UNREACHABLE }

type AuditPeerVerification @shareable {
  verdict: AuditPeerVerdict!
  "The local chain check (as auditChainVerification)."
  chain: AuditChainVerification!
  "The last entry of the chain when the other cities' heads were compared."
  endSeq: Int
  peers: [AuditPeerHeadCheck!]!
  "What was found and what to do, in words."
  summary: String!
}

type AuditPeerHeadCheck @shareable {
  city: String!
  status: AuditPeerHeadStatus!
  "The heads of this node's chain that city holds, highest first, each compared with the chain."
  heads: [AuditPeerHeldHead!]!
  "The highest of this node's heads that city has countersigned (the countersignature is kept here)."
  countersignedSeq: Int
  "Why the city could not be asked (UNREACHABLE)."
  error: String
  "What this city's answer means, and what to do."
  message: String!
}

type AuditPeerHeldHead @shareable {
  seq: Int!
  hash: String!
  signedAt: String!
  receivedAt: String!
  "The hash of this node's entry at seq now (null: there is none)."
  localHash: String
  status: AuditPeerHeadStatus!
}

enum AuditEquivocationKind { FORK ROLLBACK }

"Two heads one city signed that cannot both be true of a growing chain: together, proof anyone with the region's public keys can check."
type AuditEquivocation @shareable {
  id: ID!
  city: String!
  kind: AuditEquivocationKind!
  heldHead: SignedAuditHead!
  offeredHead: SignedAuditHead!
  detectedAt: String!
  message: String!
}
`,
};
