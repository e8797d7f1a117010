import type { CapabilitySchema } from './capability-schema.js';

/** Mutual assistance between cities: requests with an answer per target city on an SLA clock, and the resource catalogue. */
export const ASSISTANCE_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Assistance requests held at this node (home officers): incoming, outgoing, overdue, by status."
  assistanceRequests(filter: AssistanceFilterInput): [AssistanceRequest!]!
  assistanceRequest(id: ID!): AssistanceRequest
  "This city's shareable specialist resources; ask every city at once through the gateway to find who has what."
  resourceCatalogue(filter: ResourceCatalogueFilterInput): [ResourceCatalogueEntry!]!
  "The most the caller may commit on an assistance request here without a COMMANDER (ASSISTANCE_COMMANDER_THRESHOLD); null for a COMMANDER, who may commit any quantity. Home officers."
  assistanceCommitLimit: Int
`,
  writes: /* GraphQL */ `
  createAssistanceRequest(input: AssistanceRequestInput!): AssistanceRequest!
  "Sends the request to every target city with its SLA clock."
  submitAssistanceRequest(id: ID!): AssistanceRequest!
  "A target city's step: acknowledge, accept, partially accept, decline, commit, start, report status, fulfil."
  answerAssistanceRequest(id: ID!, input: AssistanceAnswerInput!): AssistanceRequest!
  "Cancel (reason required) every open answer, or only targetCity's."
  cancelAssistanceRequest(id: ID!, reason: String!, targetCity: String): AssistanceRequest!
  "Close fulfilled or declined answers (all, or only targetCity's)."
  closeAssistanceRequest(id: ID!, targetCity: String): AssistanceRequest!
  "A message on the request's thread (reference numbers only; no attachments)."
  postAssistanceMessage(id: ID!, text: String!, targetCity: String): AssistanceRequest!
  upsertCatalogueEntry(input: CatalogueEntryInput!): ResourceCatalogueEntry!
  removeCatalogueEntry(id: ID!): Boolean!
`,
  types: /* GraphQL */ `
enum AssistanceKind { PERSONNEL SPECIALIST_TEAM EQUIPMENT INVESTIGATIVE_CHECK INFORMATION_REQUEST }

enum AssistancePriority { IMMEDIATE URGENT ROUTINE }

enum AssistanceRequestStatus { DRAFT SUBMITTED CLOSED CANCELLED }

enum AssistanceAnswerStatus { SUBMITTED ACKNOWLEDGED ACCEPTED PARTIALLY_ACCEPTED DECLINED COMMITTED IN_PROGRESS FULFILLED CLOSED CANCELLED }

enum AssistanceAnswerAction { ACKNOWLEDGE ACCEPT PARTIALLY_ACCEPT DECLINE COMMIT START REPORT_STATUS FULFIL }

enum AssistanceDirection { INCOMING OUTGOING }

enum ResourceType { PERSONNEL SWAT K9 EOD CYBER_FORENSICS DRONE SPECIAL_VEHICLE MARINE NEGOTIATOR FORENSIC_LAB TRAFFIC_CONTROL OTHER }

input AssistanceRequestInput {
  kind: AssistanceKind!
  title: String!
  description: String!
  resourceType: ResourceType!
  quantity: Int!
  "Catalogue entries of the target cities this request asks for."
  catalogueEntryIds: [ID!]
  location: String!
  "ISO-8601 timestamps with a zone."
  startsAt: String!
  endsAt: String
  "The event or case the request serves."
  servesReference: String!
  "Legal papers reference (required for an investigative check)."
  legalReference: String
  priority: AssistancePriority!
  targetCities: [String!]!
}

input AssistanceAnswerInput {
  action: AssistanceAnswerAction!
  "Required to decline or partially accept."
  reason: String
  "Required to commit; above the region's threshold only a COMMANDER may commit."
  quantity: Int
  note: String
  "The status report, for REPORT_STATUS."
  text: String
}

input AssistanceFilterInput {
  direction: AssistanceDirection
  "A request status or an answer status."
  status: String
  overdue: Boolean
  limit: Int
}

type AssistanceRequest @shareable {
  id: ID!
  requesterCity: String!
  kind: AssistanceKind!
  title: String!
  description: String!
  resourceType: ResourceType!
  quantity: Int!
  catalogueEntryIds: [ID!]!
  location: String!
  startsAt: String!
  endsAt: String
  servesReference: String!
  legalReference: String
  priority: AssistancePriority!
  targetCities: [String!]!
  status: AssistanceRequestStatus!
  cancelReason: String
  createdById: String!
  createdByName: String!
  createdAt: String!
  submittedAt: String
  closedAt: String
  "The requester sees every target's answer side by side; a target sees its own."
  answers: [AssistanceAnswer!]!
  thread: [AssistanceEvent!]!
  overdue: Boolean!
  openAnswers: Int!
}

type AssistanceAnswer @shareable {
  city: String!
  status: AssistanceAnswerStatus!
  reason: String
  committedQuantity: Int
  commitmentNote: String
  ackDueAt: String!
  answerDueAt: String!
  acknowledgedAt: String
  answeredAt: String
  committedAt: String
  startedAt: String
  fulfilledAt: String
  closedAt: String
  ackEscalatedAt: String
  answerEscalatedAt: String
  overdue: Boolean!
}

type AssistanceEvent @shareable {
  id: ID!
  type: String!
  city: String!
  targetCity: String
  authorId: String!
  authorName: String!
  action: String
  status: String
  text: String
  at: String!
}

input ResourceCatalogueFilterInput {
  resourceTypes: [ResourceType!]
  "Only entries with an availability window covering this ISO-8601 timestamp."
  availableAt: String
}

input AvailabilityWindowInput {
  from: String!
  to: String!
}

input CatalogueEntryInput {
  "Short key, unique in the city (the id becomes <city>:<key>)."
  key: String!
  resourceType: ResourceType!
  name: String!
  description: String
  count: Int!
  unit: String!
  contact: String!
  availability: [AvailabilityWindowInput!]
}

type AvailabilityWindow @shareable {
  from: String!
  to: String!
}

type ResourceCatalogueEntry @shareable {
  id: ID!
  city: String!
  resourceType: ResourceType!
  name: String!
  description: String!
  count: Int!
  "How many are committed to assistance requests whose period covers the filter's availableAt (or now): answers COMMITTED or IN_PROGRESS that name this entry."
  committed: Int!
  "count - committed: what is left to offer for that moment."
  available: Int!
  unit: String!
  contact: String!
  availability: [AvailabilityWindow!]!
  updatedAt: String!
}
`,
};
