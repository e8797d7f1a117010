import type { CapabilitySchema } from './capability-schema.js';

/** Node-to-node delivery: the outbox officers can watch, and the inbox other nodes deliver to (DESIGN 3.4). */
export const DELIVERY_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Messages this node sends to other cities, with their delivery state (home supervisors, liaison officers, admins)."
  outboxMessages(filter: OutboxFilterInput): [OutboxMessage!]!
`,
  writes: /* GraphQL */ `
  "Node-to-node delivery (a node token in X-YPF-Node-Token is required; officers cannot call it)."
  deliverMessage(envelope: DeliveryEnvelopeInput!): DeliveryReceipt!
  "A batch of envelopes in one call and one transaction; the node token's ph claim is the hash of their hashes. One receipt per envelope, in order."
  deliverMessages(envelopes: [DeliveryEnvelopeInput!]!): [DeliveryReceipt!]!
  "Sends a dead message again (home ADMIN or SUPERVISOR)."
  redriveMessage(id: ID!): OutboxMessage!
`,
  types: /* GraphQL */ `
input DeliveryEnvelopeInput {
  id: ID!
  source: String!
  target: String!
  kind: String!
  streamKey: String!
  streamSeq: Int!
  createdAt: String!
  "The payload as canonical JSON."
  payload: String!
}

enum DeliveryReceiptStatus { APPLIED BUFFERED DUPLICATE REJECTED RETRY }

type DeliveryReceipt @shareable {
  messageId: ID!
  status: DeliveryReceiptStatus!
  detail: String
}

"BUFFERED: the target holds the message but is waiting for an earlier message of the same stream (lastError says which); it becomes DELIVERED once the gap is filled."
enum OutboxStatus { QUEUED RETRYING BUFFERED DELIVERED DEAD }

input OutboxFilterInput {
  status: OutboxStatus
  targetCity: String
  streamKey: String
  limit: Int
}

"A message to another city and where it is: queued, delivered, held at the target behind a missing earlier message (buffered), retrying (with the last error and the next attempt) or dead (with the reason)."
type OutboxMessage @shareable {
  id: ID!
  targetCity: String!
  kind: String!
  streamKey: String!
  streamSeq: Int!
  status: OutboxStatus!
  attempts: Int!
  lastError: String
  nextAttemptAt: String
  deadReason: String
  createdAt: String!
  deliveredAt: String
}
`,
};
