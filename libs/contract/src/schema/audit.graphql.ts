import type { CapabilitySchema } from './capability-schema.js';

/** The node's hash-chained audit log, and its signed heads witnessed by the other cities (DESIGN 3.5). */
export const AUDIT_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Audit trail of this node, newest first (home AUDITOR; reading it is audited too)."
  auditTrail(
    "Which entries (the 100 newest when left out)."
    filter: AuditFilterInput
  ): AuditPage!
  "Recomputes this node's audit hash chain and reports the first broken link (home AUDITOR; audited)."
  auditChainVerification: AuditChainVerification!
  "Checks this node's audit chain against the signed heads of it that the other cities hold (home AUDITOR): a head beyond the chain's end means entries were cut off, a head whose hash differs means the history was rewritten. Every city's answer is shown; a city that cannot be asked is UNREACHABLE, never taken as a match. Audited."
  auditChainPeerVerification: AuditPeerVerification!
  "Node-to-node: the signed heads of the calling city's audit chain that this node holds as its witness, conflicting ones included. Audited."
  auditHeadsHeld: [WitnessedAuditHead!]!
  "Equivocations this node found as witness: a city that signed two hashes for one entry, or a head with fewer entries after one with more (home AUDITOR)."
  auditEquivocations(
    "Only those of this city (a city code); every city's when left out."
    city: String
  ): [AuditEquivocation!]!
`,
  writes: /* GraphQL */ `
  "Node-to-node: the calling city's signed audit chain head. This node keeps it, checks it against the heads of that city it holds (an equivocation is recorded and its auditors told), and answers with its countersignature."
  receiveAuditHead(
    "The head, exactly as the calling city signed it."
    head: SignedAuditHeadInput!
  ): AuditHeadReceipt!
`,
  types: /* GraphQL */ `
"Which audit entries to list, newest first."
input AuditFilterInput {
  "Only entries whose actor belongs to this city (a city code)."
  actorCity: String
  "Only entries of this action, e.g. intelligence.read (at most 64 characters)."
  action: String
  "Only entries naming this resource id (at most 80 characters)."
  resourceId: ID
  "Only entries where another city accessed this node's data."
  crossCityOnly: Boolean
  "How many: 1-500 (default 100)."
  limit: Int
  "Only entries before this sequence number: the previous page's nextBeforeSeq."
  beforeSeq: Int
}

"One entry of the node's append-only audit log: who did what, to which records, at what level, for which purpose."
type AuditEntry @shareable {
  "The entry's position in the chain, from 1 without gaps."
  seq: Int!
  "When it happened (ISO 8601)."
  at: String!
  "Who acted: an officer (<city>:<username>), a service account or a node."
  actorId: String!
  "The actor's city."
  actorCity: String!
  "The roles the actor acted with."
  actorRoles: [String!]!
  "The purpose given (X-Purpose), e.g. a case reference."
  purpose: String
  "What was done, e.g. intelligence.read, assistance.answer, audit.read."
  action: String!
  "The kind of record acted on, e.g. intelligence."
  resourceKind: String
  "The records acted on."
  resourceIds: [String!]!
  "The level granted, for a read of this city's data."
  accessLevel: AccessLevel
  "OK, DENIED (refused by policy or permission) or REFUSED (refused as invalid)."
  outcome: String!
  "More about it, as JSON."
  detail: String
  "The entry's hash, chained over the previous entry's hash (64 hex digits)."
  hash: String!
}

"A page of the audit trail."
type AuditPage @shareable {
  "The entries, newest first."
  entries: [AuditEntry!]!
  "Pass as beforeSeq for the next page (null: this was the last)."
  nextBeforeSeq: Int
}

"The result of recomputing this node's audit hash chain."
type AuditChainVerification @shareable {
  "Whether every link holds."
  ok: Boolean!
  "How many entries were checked."
  checked: Int!
  "The last entry's sequence number (null: the chain is empty)."
  headSeq: Int
  "The first entry whose hash does not follow (null: none)."
  firstBrokenSeq: Int
  "What is wrong there, in words."
  problem: String
}

"A city's audit chain head, signed with its ES256 key: the chain has so many entries, and its entry seq has this hash."
input SignedAuditHeadInput {
  "The city whose chain it is: must be the calling node's."
  city: String!
  "The entry the head names (at least 1)."
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

"A city's audit chain head as it signed it."
type SignedAuditHead @shareable {
  "The city whose chain it is."
  city: String!
  "The entry the head names."
  seq: Int!
  "The hash of that entry (64 hex digits)."
  hash: String!
  "Entries in the chain when signed."
  entries: Int!
  "When it was signed (ISO 8601 UTC with milliseconds)."
  signedAt: String!
  "The city's ES256 signature (base64url)."
  signature: String!
}

"A city's signed audit chain head as a witness city holds it."
type WitnessedAuditHead @shareable {
  "The city whose chain it is."
  city: String!
  "The entry the head names."
  seq: Int!
  "The hash of that entry (64 hex digits)."
  hash: String!
  "Entries in the chain when signed."
  entries: Int!
  "When it was signed."
  signedAt: String!
  "The city's ES256 signature (base64url)."
  signature: String!
  "When the witness received it."
  receivedAt: String!
  "Part of an equivocation the witness recorded (kept as evidence)."
  conflict: Boolean!
}

"ACCEPTED: kept and countersigned. DUPLICATE: already held, countersigned again. EQUIVOCATION: it contradicts a head the witness holds; recorded, not countersigned."
enum AuditHeadReceiptStatus {
  "A new head, consistent with those held: kept and countersigned."
  ACCEPTED
  "A head already held: countersigned again."
  DUPLICATE
  "It contradicts a head the witness holds (another hash for the same entry, or fewer entries than before): recorded as evidence, the city's auditors told, not countersigned."
  EQUIVOCATION
}

"A witness city's answer to a signed head."
type AuditHeadReceipt @shareable {
  "The city that witnessed it (this node)."
  witnessCity: String!
  "What the witness did with it."
  status: AuditHeadReceiptStatus!
  "The witness's ES256 signature over the signed head (none for an equivocation)."
  countersignature: String
  "When it was countersigned."
  countersignedAt: String
  "For an equivocation: what it contradicts."
  problem: String
}

"CONSISTENT: the chain verifies and every other city holds heads it matches. TAMPERED: the chain breaks, or a city holds a head it contradicts. UNCONFIRMED: nothing contradicts the chain, but not every city confirmed it."
enum AuditPeerVerdict {
  "The chain verifies and every other city holds heads it matches."
  CONSISTENT
  "Nothing contradicts the chain, but not every city confirmed it (unreachable, or holds no head yet)."
  UNCONFIRMED
  "The chain breaks, or a city holds a head it contradicts: entries were cut off or rewritten."
  TAMPERED
}

"MATCHES: the chain has the head. TRUNCATED: the head is beyond the chain's end (entries were cut off). FORKED: the chain has another hash there (history rewritten). INVALID_HEAD: not signed by this city. NO_HEAD: the city holds none. UNREACHABLE: the city could not be asked."
enum AuditPeerHeadStatus {
  "The chain has the head: same hash at that entry."
  MATCHES
  "The head is beyond the chain's end: entries were cut off."
  TRUNCATED
  "The chain has another hash at that entry: the history was rewritten."
  FORKED
  "The head the city holds is not signed by this city's key."
  INVALID_HEAD
  "The city holds no head of this chain yet."
  NO_HEAD
  "The city could not be asked: nothing is confirmed by it."
  UNREACHABLE
}

"This node's audit chain compared with the heads the other cities witnessed."
type AuditPeerVerification @shareable {
  "The overall finding."
  verdict: AuditPeerVerdict!
  "The local chain check (as auditChainVerification)."
  chain: AuditChainVerification!
  "The last entry of the chain when the other cities' heads were compared."
  endSeq: Int
  "Every other city's answer."
  peers: [AuditPeerHeadCheck!]!
  "What was found and what to do, in words."
  summary: String!
}

"One witness city's answer about this node's chain."
type AuditPeerHeadCheck @shareable {
  "The witness city."
  city: String!
  "The worst status among the heads it holds (or NO_HEAD, UNREACHABLE)."
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

"A head of this node's chain that a witness holds, compared with the chain now."
type AuditPeerHeldHead @shareable {
  "The entry the head names."
  seq: Int!
  "The hash this node signed for it."
  hash: String!
  "When this node signed it."
  signedAt: String!
  "When the witness received it."
  receivedAt: String!
  "The hash of this node's entry at seq now (null: there is none)."
  localHash: String
  "How it compares with the chain."
  status: AuditPeerHeadStatus!
}

"How two heads of one city contradict each other."
enum AuditEquivocationKind {
  "Two different hashes signed for the same entry."
  FORK
  "A head with fewer entries signed after one with more."
  ROLLBACK
}

"Two heads one city signed that cannot both be true of a growing chain: together, proof anyone with the region's public keys can check."
type AuditEquivocation @shareable {
  "The equivocation's id."
  id: ID!
  "The city that signed both heads."
  city: String!
  "How they contradict each other."
  kind: AuditEquivocationKind!
  "The head the witness held."
  heldHead: SignedAuditHead!
  "The head offered later that contradicts it."
  offeredHead: SignedAuditHead!
  "When the witness found it."
  detectedAt: String!
  "What it means, in words."
  message: String!
}
`,
};
