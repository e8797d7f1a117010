import type { CapabilitySchema } from './capability-schema.js';

/** Mutual assistance between cities: requests with an answer per target city on an SLA clock, and the resource catalogue. */
export const ASSISTANCE_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Assistance requests held at this node (home officers): incoming, outgoing, overdue, by status."
  assistanceRequests(
    "Which requests (the 100 most recently changed when left out)."
    filter: AssistanceFilterInput
  ): [AssistanceRequest!]!
  "One assistance request held at this node, by id (home LIAISON_OFFICER, COORDINATOR, COMMANDER, SUPERVISOR or AUDITOR); null when there is none."
  assistanceRequest(
    "The request's id (<requester city>:<ULID>)."
    id: ID!
  ): AssistanceRequest
  "This city's shareable specialist resources; ask every city at once through the gateway to find who has what."
  resourceCatalogue(
    "Which entries (all of this city's when left out)."
    filter: ResourceCatalogueFilterInput
  ): [ResourceCatalogueEntry!]!
  "The most the caller may commit on an assistance request here without a COMMANDER (ASSISTANCE_COMMANDER_THRESHOLD); null for a COMMANDER, who may commit any quantity. Home officers."
  assistanceCommitLimit: Int
`,
  writes: /* GraphQL */ `
  "A new request in DRAFT, to be submitted (home LIAISON_OFFICER, COORDINATOR or COMMANDER). Each target city must accept this kind from this city under its policy; free text naming protected topics is refused."
  createAssistanceRequest(
    "What is asked, of whom, when and why."
    input: AssistanceRequestInput!
  ): AssistanceRequest!
  "Sends the request to every target city with its SLA clock."
  submitAssistanceRequest(
    "The DRAFT request's id."
    id: ID!
  ): AssistanceRequest!
  "A target city's step: acknowledge, accept, partially accept, decline, commit, start, report status, fulfil."
  answerAssistanceRequest(
    "The request's id."
    id: ID!
    "The step and what it needs (reason, quantity, text)."
    input: AssistanceAnswerInput!
  ): AssistanceRequest!
  "Cancel (reason required) every open answer, or only targetCity's."
  cancelAssistanceRequest(
    "The request's id."
    id: ID!
    "Why (5-1,000 characters), sent to the target cities."
    reason: String!
    "Cancel only this city's answer (every open answer when left out)."
    targetCity: String
  ): AssistanceRequest!
  "Close fulfilled or declined answers (all, or only targetCity's)."
  closeAssistanceRequest(
    "The request's id."
    id: ID!
    "Close only this city's answer (every fulfilled or declined answer when left out)."
    targetCity: String
  ): AssistanceRequest!
  "A message on the request's thread (reference numbers only; no attachments)."
  postAssistanceMessage(
    "The request's id (after it was submitted)."
    id: ID!
    "The message: 1-4,000 characters."
    text: String!
    "The requester's message to one target city only (left out: to every target). A target city's message goes to the requester."
    targetCity: String
  ): AssistanceRequest!
  "Add or replace an entry of this city's resource catalogue, by key (home COMMANDER or ADMIN; audited)."
  upsertCatalogueEntry(
    "The entry."
    input: CatalogueEntryInput!
  ): ResourceCatalogueEntry!
  "Remove an entry of this city's resource catalogue (home COMMANDER or ADMIN; audited). True when removed."
  removeCatalogueEntry(
    "The entry's id (<city>:<key>)."
    id: ID!
  ): Boolean!
`,
  types: /* GraphQL */ `
"What kind of help a request asks for; each city's policy says which kinds it accepts from which cities."
enum AssistanceKind {
  "Officers to reinforce (增援警力)."
  PERSONNEL
  "A specialist team: SWAT, K9, EOD, negotiators, forensics ..."
  SPECIALIST_TEAM
  "Equipment or vehicles (drones, boats, special vehicles)."
  EQUIPMENT
  "An investigative check on the requester's behalf (协查): needs its legal papers reference."
  INVESTIGATIVE_CHECK
  "Information held by the target city (e.g. the details behind a HIT_ONLY search result)."
  INFORMATION_REQUEST
}

"How urgent a request is: decides its SLA clock (SLA_POLICY; defaults below)."
enum AssistancePriority {
  "Acknowledge within 15 minutes, answer within 1 hour."
  IMMEDIATE
  "Acknowledge within 1 hour, answer within 8 hours."
  URGENT
  "Acknowledge within 1 day, answer within 7 days."
  ROUTINE
}

"Where a request stands as a whole (each target city's answer has its own status)."
enum AssistanceRequestStatus {
  "Created, not yet sent: only the requester sees it."
  DRAFT
  "Sent to the target cities; at least one answer is still open or not yet closed."
  SUBMITTED
  "Every answer is closed or cancelled, not all cancelled."
  CLOSED
  "Every answer was cancelled."
  CANCELLED
}

"Where one target city's answer stands. The target moves it forward; the requester closes or cancels it."
enum AssistanceAnswerStatus {
  "Received, not yet acknowledged (the acknowledgement clock runs)."
  SUBMITTED
  "Acknowledged; the answer clock runs until it accepts or declines."
  ACKNOWLEDGED
  "Accepted in full; a commitment follows."
  ACCEPTED
  "Accepted in part (with the reason); a commitment follows."
  PARTIALLY_ACCEPTED
  "Declined, with the reason; the requester closes it."
  DECLINED
  "A quantity committed (above the region's threshold, by a COMMANDER)."
  COMMITTED
  "Under way; the target reports status as it goes."
  IN_PROGRESS
  "Done; the requester closes it."
  FULFILLED
  "Closed by the requester after fulfilment or a decline (final)."
  CLOSED
  "Cancelled by the requester while open (final)."
  CANCELLED
}

"A target city's step on its answer (home LIAISON_OFFICER or COMMANDER)."
enum AssistanceAnswerAction {
  "SUBMITTED → ACKNOWLEDGED: stops the acknowledgement clock."
  ACKNOWLEDGE
  "ACKNOWLEDGED → ACCEPTED."
  ACCEPT
  "ACKNOWLEDGED → PARTIALLY_ACCEPTED, with a reason."
  PARTIALLY_ACCEPT
  "SUBMITTED or ACKNOWLEDGED → DECLINED, with a reason."
  DECLINE
  "ACCEPTED or PARTIALLY_ACCEPTED → COMMITTED, with the quantity (above the threshold only a COMMANDER may)."
  COMMIT
  "COMMITTED → IN_PROGRESS."
  START
  "A status report on the thread while IN_PROGRESS, with its text."
  REPORT_STATUS
  "IN_PROGRESS → FULFILLED."
  FULFIL
}

"Which side of a request this city is on."
enum AssistanceDirection {
  "Requests other cities sent to this city."
  INCOMING
  "Requests this city sent."
  OUTGOING
}

"The resource a request asks for, or a catalogue entry offers."
enum ResourceType {
  "Officers."
  PERSONNEL
  "A SWAT (特警) team."
  SWAT
  "Police dogs and handlers."
  K9
  "Explosive ordnance disposal."
  EOD
  "Digital and cyber forensics."
  CYBER_FORENSICS
  "Drones and their pilots."
  DRONE
  "Special vehicles (command, armoured, water cannon ...)."
  SPECIAL_VEHICLE
  "Boats and river police."
  MARINE
  "Crisis negotiators."
  NEGOTIATOR
  "Forensic laboratory work."
  FORENSIC_LAB
  "Traffic police and control."
  TRAFFIC_CONTROL
  "Anything else (say what in the description)."
  OTHER
}

"A new assistance request."
input AssistanceRequestInput {
  "What kind of help."
  kind: AssistanceKind!
  "The title: 3-200 characters (2 in Chinese)."
  title: String!
  "What is needed and why: 1-4,000 characters."
  description: String!
  "The resource asked for."
  resourceType: ResourceType!
  "How many: 1-10,000."
  quantity: Int!
  "Catalogue entries of the target cities this request asks for."
  catalogueEntryIds: [ID!]
  "Where it is needed: 2-300 characters."
  location: String!
  "ISO-8601 timestamps with a zone."
  startsAt: String!
  "When it is no longer needed (after startsAt)."
  endsAt: String
  "The event or case the request serves."
  servesReference: String!
  "Legal papers reference (required for an investigative check)."
  legalReference: String
  "How urgent: decides the SLA clock."
  priority: AssistancePriority!
  "The cities asked (city codes, not your own); each answers separately."
  targetCities: [String!]!
}

"A target city's step on its answer, with what the step needs."
input AssistanceAnswerInput {
  "The step."
  action: AssistanceAnswerAction!
  "Required to decline or partially accept."
  reason: String
  "Required to commit; above the region's threshold only a COMMANDER may commit."
  quantity: Int
  "A note with a commitment (at most 1,000 characters)."
  note: String
  "The status report, for REPORT_STATUS."
  text: String
}

"Which assistance requests to list, most recently changed first."
input AssistanceFilterInput {
  "Only requests to this city (INCOMING) or from it (OUTGOING)."
  direction: AssistanceDirection
  "A request status or an answer status."
  status: String
  "Only requests with an answer past its acknowledgement or answer deadline."
  overdue: Boolean
  "How many: 1-500 (default 100)."
  limit: Int
}

"A request for help from one city to others, with one answer per target city. The requester holds it; each target holds a copy with its own answer."
type AssistanceRequest @shareable {
  "The request's id (<requester city>:<ULID>)."
  id: ID!
  "The city that asks."
  requesterCity: String!
  "What kind of help."
  kind: AssistanceKind!
  "Its title."
  title: String!
  "What is needed and why."
  description: String!
  "The resource asked for."
  resourceType: ResourceType!
  "How many."
  quantity: Int!
  "Catalogue entries of the target cities it asks for."
  catalogueEntryIds: [ID!]!
  "Where it is needed."
  location: String!
  "When it is needed from (ISO 8601)."
  startsAt: String!
  "When it is needed until."
  endsAt: String
  "The event or case it serves."
  servesReference: String!
  "The legal papers reference (investigative checks)."
  legalReference: String
  "How urgent."
  priority: AssistancePriority!
  "The cities asked."
  targetCities: [String!]!
  "Where the request stands as a whole."
  status: AssistanceRequestStatus!
  "Why it was cancelled."
  cancelReason: String
  "The officer who created it."
  createdById: String!
  "Their name."
  createdByName: String!
  "When it was created (ISO 8601)."
  createdAt: String!
  "When it was sent."
  submittedAt: String
  "When every answer became final."
  closedAt: String
  "The requester sees every target's answer side by side; a target sees its own."
  answers: [AssistanceAnswer!]!
  "What happened, in order: steps, messages, status reports, escalations."
  thread: [AssistanceEvent!]!
  "Whether any answer is past its acknowledgement or answer deadline."
  overdue: Boolean!
  "How many answers are still open (not declined, fulfilled or final)."
  openAnswers: Int!
}

"One target city's answer to a request, with its SLA clocks."
type AssistanceAnswer @shareable {
  "The target city."
  city: String!
  "Where it stands."
  status: AssistanceAnswerStatus!
  "Why it was declined, partially accepted or cancelled."
  reason: String
  "The quantity committed."
  committedQuantity: Int
  "The note given with the commitment."
  commitmentNote: String
  "By when the target must acknowledge (submission + the priority's acknowledgement time)."
  ackDueAt: String!
  "By when the target must accept or decline."
  answerDueAt: String!
  "When it acknowledged."
  acknowledgedAt: String
  "When it accepted, partially accepted or declined."
  answeredAt: String
  "When it committed."
  committedAt: String
  "When it started."
  startedAt: String
  "When it fulfilled."
  fulfilledAt: String
  "When it was closed or cancelled."
  closedAt: String
  "When the missed acknowledgement was escalated to the target's COMMANDER."
  ackEscalatedAt: String
  "When the missed answer was escalated to the target's COMMANDER."
  answerEscalatedAt: String
  "Past its acknowledgement deadline while SUBMITTED, or its answer deadline while not yet answered."
  overdue: Boolean!
}

"One entry of a request's thread."
type AssistanceEvent @shareable {
  "The event's id."
  id: ID!
  "TRANSITION, MESSAGE, STATUS_REPORT or ESCALATION."
  type: String!
  "The city where it happened."
  city: String!
  "The target city's answer it concerns (null: all of them)."
  targetCity: String
  "Who wrote it (an officer, or <city>:system for the SLA clock)."
  authorId: String!
  "Their name."
  authorName: String!
  "The step taken (TRANSITION), or the escalation."
  action: String
  "The answer's status after it."
  status: String
  "The message, status report or reason."
  text: String
  "When (ISO 8601)."
  at: String!
}

"Which catalogue entries to list."
input ResourceCatalogueFilterInput {
  "Only entries of these types."
  resourceTypes: [ResourceType!]
  "Only entries with an availability window covering this ISO-8601 timestamp."
  availableAt: String
}

"A period a resource is available."
input AvailabilityWindowInput {
  "From (ISO 8601 with a zone)."
  from: String!
  "Until (after from)."
  to: String!
}

"A resource this city offers to the region."
input CatalogueEntryInput {
  "Short key, unique in the city (the id becomes <city>:<key>)."
  key: String!
  "What it is."
  resourceType: ResourceType!
  "Its name: 2-200 characters."
  name: String!
  "More about it (at most 2,000 characters)."
  description: String
  "How many there are: 0-100,000."
  count: Int!
  "The unit that holds it: 2-200 characters."
  unit: String!
  "Whom to call about it: 2-200 characters."
  contact: String!
  "When it is available (at most 50 windows; none: any time)."
  availability: [AvailabilityWindowInput!]
}

"A period a resource is available."
type AvailabilityWindow @shareable {
  "From (ISO 8601)."
  from: String!
  "Until."
  to: String!
}

"A specialist resource a city offers to the region."
type ResourceCatalogueEntry @shareable {
  "The entry's id (<city>:<key>)."
  id: ID!
  "The city that offers it."
  city: String!
  "What it is."
  resourceType: ResourceType!
  "Its name."
  name: String!
  "More about it."
  description: String!
  "How many there are."
  count: Int!
  "How many are committed to assistance requests whose period covers the filter's availableAt (or now): answers COMMITTED or IN_PROGRESS that name this entry."
  committed: Int!
  "count - committed: what is left to offer for that moment."
  available: Int!
  "The unit that holds it."
  unit: String!
  "Whom to call about it."
  contact: String!
  "When it is available (empty: any time)."
  availability: [AvailabilityWindow!]!
  "When it last changed."
  updatedAt: String!
}
`,
};
