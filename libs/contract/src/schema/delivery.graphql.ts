import type { CapabilitySchema } from './capability-schema.js';

/** Node-to-node delivery: the outbox officers can watch, and the inbox other nodes deliver to (DESIGN 3.4). */
export const DELIVERY_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Messages this node sends to other cities, with their delivery state (home ADMIN, SUPERVISOR, LIAISON_OFFICER, AUDITOR)."
  outboxMessages(
    "Which messages (the 100 newest when left out)."
    filter: OutboxFilterInput
  ): [OutboxMessage!]!
`,
  writes: /* GraphQL */ `
  "Node-to-node delivery (a node token in X-YPF-Node-Token is required; officers cannot call it)."
  deliverMessage(
    "The message, exactly as the node token's ph claim hashes it."
    envelope: DeliveryEnvelopeInput!
  ): DeliveryReceipt!
  "A batch of envelopes in one call and one transaction; the node token's ph claim is the hash of their hashes. One receipt per envelope, in order."
  deliverMessages(
    "At most 100 envelopes and 2 MiB of payload, in the order the token's ph claim hashes them."
    envelopes: [DeliveryEnvelopeInput!]!
  ): [DeliveryReceipt!]!
  "Sends a dead message again (home ADMIN or SUPERVISOR); a message that is not DEAD is refused."
  redriveMessage(
    "The outbox message's id."
    id: ID!
  ): OutboxMessage!
`,
  types: /* GraphQL */ `
"A message from one city's node to another's: what happened (kind), in which ordered stream, with its payload."
input DeliveryEnvelopeInput {
  "The message's id (a ULID): the inbox keeps it, so a message delivered twice is applied once."
  id: ID!
  "The sending city: must be the city of the node token."
  source: String!
  "The receiving city: must be this node's."
  target: String!
  "The message kind, e.g. assistance.transition (lower case, 3-64 characters): which handler applies it."
  kind: String!
  "The ordered stream it belongs to (e.g. one assistance request): messages of a stream are applied in streamSeq order."
  streamKey: String!
  "Its position in the stream, from 1 without gaps."
  streamSeq: Int!
  "When the sender wrote it (ISO 8601)."
  createdAt: String!
  "The payload as canonical JSON."
  payload: String!
}

"The receiver's answer for one envelope. APPLIED, BUFFERED and DUPLICATE end the sender's work; REJECTED makes the message dead; RETRY asks for another attempt."
enum DeliveryReceiptStatus {
  "Stored and applied, in the same transaction as its effect."
  APPLIED
  "Stored, waiting for an earlier message of its stream; applied once the gap is filled."
  BUFFERED
  "Already received: nothing done again (the first answer stands)."
  DUPLICATE
  "Refused for good (invalid, or out of order behind what was applied); the detail says why."
  REJECTED
  "Not stored this time (the receiver was busy or failed): send it again later."
  RETRY
}

"The receiver's answer for one envelope."
type DeliveryReceipt @shareable {
  "The envelope's id."
  messageId: ID!
  "What the receiver did with it."
  status: DeliveryReceiptStatus!
  "Why it was rejected, buffered or should be retried."
  detail: String
}

"BUFFERED: the target holds the message but is waiting for an earlier message of the same stream (lastError says which); it becomes DELIVERED once the gap is filled."
enum OutboxStatus {
  "Written with its business change, waiting for its first attempt."
  QUEUED
  "An attempt failed; it is tried again at nextAttemptAt (exponential back-off)."
  RETRYING
  "The target holds it behind a missing earlier message of the same stream."
  BUFFERED
  "Applied at the target (or already there)."
  DELIVERED
  "Given up: refused by the target, or out of attempts. Visible here; an ADMIN or SUPERVISOR may re-drive it."
  DEAD
}

"Which outbox messages to list."
input OutboxFilterInput {
  "Only messages in this state."
  status: OutboxStatus
  "Only messages to this city (a city code)."
  targetCity: String
  "Only messages of this stream (at most 120 characters)."
  streamKey: String
  "How many, newest first: 1-1,000 (default 100)."
  limit: Int
}

"A message to another city and where it is: queued, delivered, held at the target behind a missing earlier message (buffered), retrying (with the last error and the next attempt) or dead (with the reason)."
type OutboxMessage @shareable {
  "The message's id (a ULID), the same in the target's inbox."
  id: ID!
  "The city it is for."
  targetCity: String!
  "The message kind, e.g. assistance.transition."
  kind: String!
  "The ordered stream it belongs to."
  streamKey: String!
  "Its position in the stream."
  streamSeq: Int!
  "Where it is."
  status: OutboxStatus!
  "Delivery attempts so far."
  attempts: Int!
  "Why the last attempt did not deliver it (or what the target waits for, when BUFFERED)."
  lastError: String
  "When it is tried next (RETRYING)."
  nextAttemptAt: String
  "Why it was given up (DEAD)."
  deadReason: String
  "When it was written, with the change it reports (ISO 8601)."
  createdAt: String!
  "When the target applied it."
  deliveredAt: String
}
`,
};
