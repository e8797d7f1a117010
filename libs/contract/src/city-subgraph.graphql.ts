import { getCity, REGION_ID } from '@ypf/region';

/**
 * The shared part of every city's subgraph: value types identical in all eight subgraphs (@shareable),
 * so that each city can expose the same shapes under its own nullable Region/Mutation field (DESIGN 3.1).
 */
export const SHARED_CITY_TYPE_DEFS = /* GraphQL */ `
enum Role { ANALYST LIAISON_OFFICER COORDINATOR COMMANDER SUPERVISOR AUDITOR ADMIN }

"What the data-owning city grants the caller: the whole record, a redacted summary, only that it exists and whom to ask, or nothing."
enum AccessLevel { FULL SUMMARY HIT_ONLY NONE }

"Traffic Light Protocol 2.0."
enum Tlp { CLEAR GREEN AMBER AMBER_STRICT RED }

enum HandlingCondition { PURPOSE_ONLY NOT_FOR_COURT NO_ONWARD_SHARING }

"Admiralty code, source reliability: A completely reliable ... F cannot be judged."
enum SourceReliability { A B C D E F }

"Crime categories only: the platform holds no category for ethnicity, religion, political opinion, petitioning or lawful speech."
enum CrimeCategory {
  DRUG_TRAFFICKING FRAUD TELECOM_FRAUD CYBERCRIME ORGANISED_CRIME HUMAN_TRAFFICKING THEFT_ROBBERY
  VIOLENT_CRIME FIREARMS_EXPLOSIVES SMUGGLING ENVIRONMENTAL_CRIME ILLEGAL_GAMBLING MONEY_LAUNDERING
  PUBLIC_SAFETY_THREAT TERRORISM
}

enum IdentifierKind { PERSON_ID PASSPORT PHONE VEHICLE_PLATE EMAIL BANK_ACCOUNT IMEI SOCIAL_ACCOUNT }

enum ReportStatus { DRAFT SUBMITTED APPROVED PUBLISHED WITHDRAWN PURGED }

"Own city only, the listed recipient cities, or the whole region."
enum PublicationScope { OWN_CITY CITIES REGION }

enum ReviewDecision { RETAIN PURGE }

type CityNode @shareable {
  code: String!
  nameEn: String!
  nameZh: String!
  "The officer the caller's token names, as this node sees it."
  me: OfficerProfile
  "This city's officers (an ADMIN of this city, home token; audited)."
  officers(filter: OfficerFilterInput): [OfficerAccount!]!
  "This city's service accounts (an ADMIN of this city, home token; audited)."
  serviceAccounts: [ServiceAccount!]!
  "This city's effective access policy (read-only), and what it grants the caller's city."
  accessPolicy: AccessPolicyView!
  "One report shaped by this city's policy for the caller. Cross-city reads need a purpose (X-Purpose header)."
  intelligenceReport(id: ID!): IntelligenceResult
  "Search this city's published intelligence; every result carries the access level the caller got."
  searchIntelligence(filter: IntelligenceSearchInput): IntelligenceSearchResult!
  "Reports of this city in the authoring lifecycle (home officers only): the caller's own, or all for a supervisor."
  intelligenceWorklist(status: ReportStatus): [IntelligenceReport!]!
  "Hit/no-hit of identifiers against the published intelligence of the region (or of the cities named), at your home node (home officers, with a purpose). Each city's reports are compared through that city's own blind indexes, which it computes obliviously for this node (it learns nothing of the identifiers; each evaluation is rate-limited and audited there); a hit is shown as the owning city's policy allows and audited there. A miss is the same empty answer whatever was asked."
  checkIdentifiersRegion(identifiers: [IdentifierInput!]!, cities: [String!]): IdentifierRegionCheckResult!
  "Node-to-node: this city's blind indexes of blinded points (x-coordinates, hex) sent by another city's node for one of its officers' checks; at most INDEX_EVALUATIONS_PER_MINUTE per city and minute; audited."
  evaluateBlindIndex(elements: [String!]!, officer: IndexEvaluationOfficerInput!): [String!]!
  "Node-to-node: the blind indexes of this city's published reports visible to the calling city, in the buckets named by index prefixes (3 hex characters): the caller compares its own indexes locally, so a miss tells this city only the prefix. Audited."
  identifierBucket(prefixes: [String!]!, officer: WatchCheckOfficerInput!): [IdentifierBucket!]!
  "Node-to-node: hit/no-hit of this city's blind indexes for an officer of the calling city (after its bucket matched), under this city's policy and audit."
  checkIdentifiersOnBehalf(tokens: [String!]!, officer: WatchCheckOfficerInput!): IdentifierCheckResult!
  "Who received a report of this city, at which level, for which purpose."
  disseminationLog(reportId: ID!): [DisseminationEntry!]!
  "This city's other reports that mention an identifier of the report (home officers), with the identifiers they share."
  relatedIntelligence(reportId: ID!): [RelatedReport!]!
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
  "Possible misuse for this city's auditors (home AUDITOR): another city's officer far above their baseline here, this city's officers as other cities reported them, one purpose reused across cities. Counts and purposes, never what was read. Audited."
  oversightAlerts(filter: OversightAlertFilterInput): [OversightAlert!]!
  "Messages this node sends to other cities, with their delivery state (home supervisors, liaison officers, admins)."
  outboxMessages(filter: OutboxFilterInput): [OutboxMessage!]!
  "Assistance requests held at this node (home officers): incoming, outgoing, overdue, by status."
  assistanceRequests(filter: AssistanceFilterInput): [AssistanceRequest!]!
  assistanceRequest(id: ID!): AssistanceRequest
  "This city's shareable specialist resources; ask every city at once through the gateway to find who has what."
  resourceCatalogue(filter: ResourceCatalogueFilterInput): [ResourceCatalogueEntry!]!
  "Notices for the caller's roles at their home node (incoming requests, answers, escalations)."
  notifications: [OfficerNotification!]!
  "The most the caller may commit on an assistance request here without a COMMANDER (ASSISTANCE_COMMANDER_THRESHOLD); null for a COMMANDER, who may commit any quantity. Home officers."
  assistanceCommitLimit: Int
  "Where the caller's unread notices start (home officers): replay the live feed with cityFeed(since:) from here. The last notice they marked read, or before their 20 newest if they never have."
  notificationsUnreadSince: ID!
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
  "Joint incidents and campaigns held here (home officers: led here or taking part). Other cities' officers see only those this city leads (with a purpose, X-Purpose), as the regional board's summary unless their city takes part; ask every city with ledHere through the gateway for the region's board."
  jointOperations(filter: JointOperationFilterInput): [JointOperation!]!
  "One joint operation: in full for the lead city and the cities taking part, else the board summary. Cross-city reads need a purpose (X-Purpose)."
  jointOperation(id: ID!): JointOperation
  "The region's contingency plans (预案): tasks per city and assistance requests created on activation."
  contingencyPlans: [ContingencyPlan!]!
  "This city's case statistics (home officers)."
  caseCounts(filter: CaseCountFilterInput): [CaseCount!]!
  "This city's totals per period for a category (node-to-node, for REGION early-warning rules; aggregates only)."
  caseCountSeries(input: CaseSeriesInput!): [CaseSeriesPoint!]!
  "Early-warning rules of this city with their evaluation state (home officers)."
  warningRules: [WarningRule!]!
  "Warning episodes of this city's rules (home officers)."
  warningAlerts(filter: WarningAlertFilterInput): [WarningAlert!]!
}

type CityMutation @shareable {
  "Log in at your home node. newPassword: replace the password at the same time (required after an administrator's reset: PASSWORD_CHANGE_REQUIRED otherwise); at least 12 characters with letters and digits, not containing the username."
  login(username: String!, password: String!, newPassword: String): LoginResult!
  "Administration (an ADMIN of this city, home token): a new officer with a one-time password to change at the first login. An administrator gives only roles they hold."
  createOfficer(input: OfficerInput!): OfficerCredentials!
  "Replace an officer's roles (ADMIN): giving a role needs holding it; the city keeps at least one active ADMIN."
  setOfficerRoles(id: ID!, roles: [Role!]!): OfficerAccount!
  "Disable (cannot log in or renew a session; every token the officer holds is refused at once at every node) or re-enable an officer, with the reason (ADMIN); the last active ADMIN cannot be disabled."
  setOfficerActive(id: ID!, active: Boolean!, reason: String!): OfficerAccount!
  "Administration (ADMIN, home token): a machine's account with a client secret shown once; it gets tokens from POST /auth/service-token (client credentials). Roles among those the administrator holds, never ADMIN or AUDITOR."
  createServiceAccount(input: ServiceAccountInput!): ServiceAccountCredentials!
  "Disable (its tokens refused at once at every node) or re-enable a service account, with the reason (ADMIN)."
  setServiceAccountActive(id: ID!, active: Boolean!, reason: String!): ServiceAccount!
  "A new one-time password for an officer, to be changed at the next login (ADMIN)."
  resetOfficerPassword(id: ID!): OfficerCredentials!
  "New short-lived tokens for the signed-in officer (home token), with the roles they hold now; refused (SESSION_ENDED) once SESSION_MAX_HOURS have passed since the password was given, or when the officer is no longer active."
  renewSession: LoginResult!
  createIntelligenceReport(input: IntelligenceReportInput!): IntelligenceReport!
  updateIntelligenceReport(id: ID!, input: IntelligenceReportInput!): IntelligenceReport!
  submitIntelligenceReport(id: ID!): IntelligenceReport!
  returnIntelligenceReport(id: ID!, reason: String!): IntelligenceReport!
  approveIntelligenceReport(id: ID!): IntelligenceReport!
  publishIntelligenceReport(id: ID!): IntelligenceReport!
  reviewIntelligenceReport(id: ID!, input: IntelligenceReviewInput!): IntelligenceReport!
  withdrawIntelligenceReport(id: ID!, reason: String!): IntelligenceReport!
  "Node-to-node delivery (a node token in X-YPF-Node-Token is required; officers cannot call it)."
  deliverMessage(envelope: DeliveryEnvelopeInput!): DeliveryReceipt!
  "A batch of envelopes in one call and one transaction; the node token's ph claim is the hash of their hashes. One receipt per envelope, in order."
  deliverMessages(envelopes: [DeliveryEnvelopeInput!]!): [DeliveryReceipt!]!
  "Node-to-node: the calling city's watch feed changed; this node brings its copy of it up to date now (else at its next scheduled sync)."
  watchReplicaChanged: Boolean!
  "Node-to-node: the calling city's signed audit chain head. This node keeps it, checks it against the heads of that city it holds (an equivocation is recorded and its auditors told), and answers with its countersignature."
  receiveAuditHead(head: SignedAuditHeadInput!): AuditHeadReceipt!
  "Sends a dead message again (home ADMIN or SUPERVISOR)."
  redriveMessage(id: ID!): OutboxMessage!
  createAssistanceRequest(input: AssistanceRequestInput!): AssistanceRequest!
  "Sends the request to every target city with its SLA clock."
  submitAssistanceRequest(id: ID!): AssistanceRequest!
  "A target city's step: acknowledge, accept, partially accept, decline, commit, start, report status, fulfil."
  answerAssistanceRequest(id: ID!, input: AssistanceAnswerInput!): AssistanceRequest!
  "Cancel (reason required) every open answer, or only targetCity's."
  cancelAssistanceRequest(id: ID!, reason: String!, targetCity: String): AssistanceRequest!
  "Close fulfilled or declined answers (all, or only targetCity's)."
  closeAssistanceRequest(id: ID!, targetCity: String): AssistanceRequest!
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
  "A message on the request's thread (reference numbers only; no attachments)."
  postAssistanceMessage(id: ID!, text: String!, targetCity: String): AssistanceRequest!
  upsertCatalogueEntry(input: CatalogueEntryInput!): ResourceCatalogueEntry!
  removeCatalogueEntry(id: ID!): Boolean!
  "Report a joint incident led by this city, graded I-IV, inviting other cities (each accepts naming a liaison, or declines)."
  reportIncident(input: IncidentReportInput!): JointOperation!
  "Invite more cities (the lead city); they receive the situation reports issued so far."
  inviteToOperation(id: ID!, cities: [String!]!): JointOperation!
  "Accept (naming your liaison) or decline (with a reason) an invitation to another city's operation."
  answerOperationInvitation(id: ID!, input: InvitationAnswerInput!): JointOperation!
  regradeIncident(id: ID!, input: IncidentRegradeInput!): JointOperation!
  "Move an operation through its lifecycle; CLOSE records the after-action review."
  changeOperationStatus(id: ID!, input: OperationStatusInput!): JointOperation!
  "Activate a contingency plan: its tasks for every city taking part and its assistance requests, in one step."
  activateContingencyPlan(id: ID!, planCode: String!): JointOperation!
  assignOperationTask(id: ID!, input: OperationTaskInput!): JointOperation!
  "The task's own city acknowledges, starts, reports on or completes it; the lead city may cancel it."
  updateOperationTask(taskId: ID!, input: OperationTaskUpdateInput!): OperationTask!
  "A numbered situation report (the lead city): every city taking part holds the same numbers, in the same order."
  issueSitrep(id: ID!, input: SitrepInput!): JointOperation!
  "Record this city's case counts (replaces a period's count)."
  recordCaseCounts(counts: [CaseCountInput!]!): CaseImportResult!
  "Import case counts from CSV (header: category,area,period_start,count). A file with any bad row imports nothing and lists every row's problem."
  importCaseCountsCsv(csv: String!): CaseImportResult!
  createWarningRule(input: WarningRuleInput!): WarningRule!
  disableWarningRule(id: ID!, reason: String!): WarningRule!
  "Evaluate this city's rules now (the scheduled job does it every WARNING_EVAL_MS)."
  evaluateWarningRules: [RuleEvaluation!]!
  "The duty commander acknowledges a warning."
  acknowledgeWarningAlert(id: ID!): WarningAlert!
  "An auditor records what they found about a misuse alert (once per city; the note is kept and audited)."
  acknowledgeOversightAlert(id: ID!, note: String!): OversightAlert!
  "Marks the caller's notices up to this id read (home officers; it never moves back). Returns where the marker stands."
  markNotificationsRead(upTo: ID!): ID!
}

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

type OfficerNotification @shareable {
  id: ID!
  recipientRole: String!
  "What happened (NOTICE_KINDS: assistance.incoming, watch.hit, ...)."
  kind: String!
  "The notice in English (with times in UTC); say it in the officer's language from kind and params where there are params."
  text: String!
  reference: String!
  createdAt: String!
  "The notice's parameters (NOTICE_PARAMS of its kind; empty for kinds that take none)."
  params: [NoticeParam!]!
}

"One parameter of a notice: times are ISO 8601, cities city codes, enum values as they are, numbers as text."
type NoticeParam @shareable {
  name: String!
  value: String!
}

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

"The officer of the calling node a live check is made for."
input WatchCheckOfficerInput {
  sub: String!
  roles: [Role!]!
  purpose: String!
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

type OfficerProfile @shareable {
  id: ID!
  city: String!
  name: String!
  roles: [Role!]!
  homeNode: Boolean!
}

type OfficerAccount @shareable {
  id: ID!
  username: String!
  displayName: String!
  unit: String
  roles: [Role!]!
  active: Boolean!
  "The password was reset: it must be replaced at the next login."
  mustChangePassword: Boolean!
  createdAt: String!
}

type OfficerCredentials @shareable {
  officer: OfficerAccount!
  "Shown once, never stored in clear: hand it to the officer, who replaces it at the first login."
  oneTimePassword: String!
}

input OfficerInput {
  "3-64 lower-case letters, digits, dots, dashes or underscores; the officer's id is <city>:<username>."
  username: String!
  displayName: String!
  unit: String
  roles: [Role!]!
}

type ServiceAccount @shareable {
  "<city>:svc:<name>: the client id, and the officer id its reads are audited under."
  id: ID!
  name: String!
  "The officer of this city who answers for it."
  ownerId: ID!
  purpose: String!
  roles: [Role!]!
  "No token is issued after it (at most 366 days after creation)."
  expiresAt: String!
  active: Boolean!
  createdBy: ID!
  createdAt: String!
  "When it last got a token."
  lastTokenAt: String
}

type ServiceAccountCredentials @shareable {
  account: ServiceAccount!
  clientId: ID!
  "Shown once, never stored in clear: configure it in the machine, which exchanges it at POST /auth/service-token."
  clientSecret: String!
}

input ServiceAccountInput {
  "3-41 lower-case letters, digits or dashes: the account is <city>:svc:<name>."
  name: String!
  "An active officer of this city who answers for the account."
  ownerId: ID!
  "What the account is for (10-200 characters), e.g. the feed it polls."
  purpose: String!
  "Among ANALYST, LIAISON_OFFICER, COORDINATOR, COMMANDER, SUPERVISOR, and held by the administrator."
  roles: [Role!]!
  "ISO date-time within 366 days."
  expiresAt: String!
}

input OfficerFilterInput {
  "Part of the username or the name."
  text: String
  role: Role
  active: Boolean
}

type LoginResult @shareable {
  "Region token: reads at any node (sent through the gateway to every city you ask)."
  token: String!
  "Home token: writes at your own node only; never send it to another city."
  homeToken: String!
  expiresAt: String!
  "When the session ends however often it is renewed (SESSION_MAX_HOURS after the password was given)."
  sessionEndsAt: String!
  "How long the console may sit idle before it asks for the password again (SESSION_IDLE_MINUTES)."
  idleMinutes: Int!
  "Failed logins on this account, from any address, since its last successful login: if you did not make them, tell your IT department (0 on renewal)."
  failedLogins: Int!
  officer: OfficerProfile!
}

type ContactPoint @shareable {
  city: String!
  unit: String!
  phone: String
  email: String
}

type AccessPolicyView @shareable {
  city: String!
  version: Int!
  effectiveFrom: String!
  description: String
  contact: ContactPoint!
  "Fields disclosed at SUMMARY level."
  summaryFields: [String!]!
  rules: [AccessPolicyRuleView!]!
  "Which cities may file which kinds of assistance request with this city."
  assistance: [AssistanceRuleView!]!
  "What the caller's city gets for each TLP level of a REGION-scoped report (recipient cities may get more)."
  grantsForCaller: [TlpGrant!]!
}

type AccessPolicyRuleView @shareable {
  description: String
  resource: String!
  tlp: [Tlp!]!
  cities: [String!]!
  roles: [Role!]
  level: AccessLevel!
}

type AssistanceRuleView @shareable {
  description: String
  cities: [String!]!
  kinds: [AssistanceKind!]!
}

type TlpGrant @shareable {
  tlp: Tlp!
  level: AccessLevel!
}

type Identifier @shareable {
  kind: IdentifierKind!
  value: String!
}

type RelatedReport @shareable {
  id: ID!
  title: String!
  status: ReportStatus!
  tlp: Tlp!
  sharedIdentifiers: [Identifier!]!
}

type IdentifierBucket @shareable {
  prefix: String!
  tokens: [String!]!
}

"The officer of the calling node a blind-index evaluation is made for (audited at the evaluating city)."
input IndexEvaluationOfficerInput {
  sub: String!
  purpose: String!
}

"How one city was checked: asked (its reports compared through its own blind indexes) or not (the error says why; its hits may be missing)."
type IdentifierCheckSource @shareable {
  city: String!
  checked: Boolean!
  error: String
}

type IdentifierRegionCheckResult @shareable {
  hit: Boolean!
  matches: [IdentifierMatch!]!
  "Every city asked, once."
  cities: [IdentifierCheckSource!]!
}

input IdentifierInput {
  kind: IdentifierKind!
  value: String!
}

type Grading @shareable {
  sourceReliability: SourceReliability!
  "Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged)."
  informationCredibility: Int!
  code: String!
}

type IntelligenceReport @shareable {
  id: ID!
  city: String!
  status: ReportStatus!
  title: String!
  summary: String!
  body: String
  category: CrimeCategory!
  grading: Grading!
  tlp: Tlp!
  handlingConditions: [HandlingCondition!]!
  identifiers: [Identifier!]!
  scope: PublicationScope!
  recipientCities: [String!]!
  reviewDate: String!
  authorId: String!
  authorName: String!
  approvedById: String
  returnReason: String
  withdrawnReason: String
  createdAt: String!
  updatedAt: String!
  submittedAt: String
  approvedAt: String
  publishedAt: String
  withdrawnAt: String
  lastReviewedAt: String
  lastReviewReason: String
}

"A report as shared with the caller: fields outside the grant are null and named in redactedFields."
type SharedIntelligenceReport @shareable {
  id: ID!
  city: String!
  title: String
  summary: String
  body: String
  category: CrimeCategory
  grading: Grading
  tlp: Tlp!
  handlingConditions: [HandlingCondition!]!
  identifiers: [Identifier!]
  publishedAt: String
  reviewDate: String
}

type IntelligenceResult @shareable {
  "The report id; at HIT_ONLY in a search, a one-time reference the owning city resolves when you contact it."
  id: ID!
  city: String!
  accessLevel: AccessLevel!
  "Present at FULL and SUMMARY."
  report: SharedIntelligenceReport
  redactedFields: [String!]!
  "Whom to ask for more (always present below FULL)."
  contact: ContactPoint
}

type IntelligenceSearchResult @shareable {
  city: String!
  total: Int!
  results: [IntelligenceResult!]!
}

input IntelligenceSearchInput {
  "Words that must all appear in the fields you are allowed to see (title, summary, body at FULL; the summary fields at SUMMARY). HIT_ONLY reports are found only by checkIdentifiersRegion."
  text: String
  categories: [CrimeCategory!]
  "ISO-8601 date (2026-11-01) or UTC timestamp (2026-11-01T08:00:00Z): published at or after."
  since: String
  limit: Int
}

type IdentifierCheckResult @shareable {
  city: String!
  hit: Boolean!
  matches: [IdentifierMatch!]!
}

type IdentifierMatch @shareable {
  "The city holding the report."
  city: String!
  "Which of the identifiers asked matched (in the region-wide check at the home node)."
  identifier: Identifier
  "The owning city's blind index of the identifier."
  token: String!
  accessLevel: AccessLevel!
  "Report id, only when the grant is SUMMARY or FULL."
  reportId: ID
  "What to quote when contacting the owning city: the report id, or at HIT_ONLY a one-time reference."
  reference: ID!
  contact: ContactPoint!
}

input IntelligenceReportInput {
  title: String!
  summary: String!
  body: String!
  category: CrimeCategory!
  sourceReliability: SourceReliability!
  informationCredibility: Int!
  tlp: Tlp!
  handlingConditions: [HandlingCondition!]
  identifiers: [IdentifierInput!]
  scope: PublicationScope!
  recipientCities: [String!]
  "ISO-8601 date; defaults to 180 days from now, at most 365."
  reviewDate: String
}

input IntelligenceReviewInput {
  decision: ReviewDecision!
  reason: String!
  "Required when retaining: the next review date (ISO-8601 date, at most 365 days ahead)."
  nextReviewDate: String
}

type DisseminationEntry @shareable {
  reportId: ID!
  recipientCity: String!
  officerId: String!
  role: String
  accessLevel: AccessLevel!
  purpose: String
  at: String!
}

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

enum OperationKind { INCIDENT CAMPAIGN }
enum IncidentType { PUBLIC_SECURITY ACCIDENT_DISASTER NATURAL_DISASTER PUBLIC_HEALTH }
"I 特别重大, II 重大, III 较大, IV 一般."
enum IncidentGrade { I II III IV }
enum OperationStatus { REPORTED ACTIVE CONTAINED DEMOBILISED RESOLVED CLOSED }
enum OperationStatusAction { ACTIVATE CONTAIN REACTIVATE DEMOBILISE RESOLVE CLOSE }
enum ParticipantStatus { INVITED ACCEPTED DECLINED }
enum OperationTaskStatus { ASSIGNED ACKNOWLEDGED IN_PROGRESS DONE CANCELLED }
enum OperationTaskAction { ACKNOWLEDGE START REPORT COMPLETE CANCEL }
"Early-warning levels 蓝 / 黄 / 橙 / 红."
enum WarningLevel { BLUE YELLOW ORANGE RED }
enum WarningScope { CITY REGION }
enum WarningMethod { THRESHOLD CUSUM }

"An incident under unified command, or a joint campaign opened by the early-warning line."
type JointOperation @shareable {
  id: ID!
  kind: OperationKind!
  leadCity: String!
  title: String!
  incidentType: IncidentType
  grade: IncidentGrade
  gradeLabel: String
  "Campaigns: the case category and warning level."
  category: CrimeCategory
  warningLevel: WarningLevel
  location: String!
  affectedArea: String!
  summary: String!
  commanderName: String!
  commanderContact: String!
  status: OperationStatus!
  planCode: String
  afterActionReview: String
  "Campaigns: the warning alert that opened it."
  sourceReference: String
  version: Int!
  createdAt: String!
  updatedAt: String!
  closedAt: String
  "FULL for the lead city and the cities taking part; SUMMARY (the regional board) for others: the summary and the latest report's situation cut to 300 characters, participants without liaisons or reasons, no tasks, reports, casualties, resources or review."
  accessLevel: AccessLevel!
  participants: [OperationParticipant!]!
  tasks: [OperationTask!]!
  "Checkpoint tasks (关城门) with each city's acknowledgement."
  checkpointBoard: [CheckpointStatus!]!
  sitreps: [Sitrep!]!
  latestSitrep: Sitrep
  "Assistance requests serving this operation, held at this node, with their answers and commitments."
  resources: [AssistanceRequest!]!
}

type OperationParticipant @shareable {
  city: String!
  status: ParticipantStatus!
  liaisonName: String
  liaisonContact: String
  reason: String
  invitedAt: String!
  answeredAt: String
}

type OperationTask @shareable {
  id: ID!
  operationId: ID!
  city: String!
  unit: String!
  title: String!
  description: String!
  status: OperationTaskStatus!
  checkpoint: Boolean!
  planCode: String
  dueAt: String
  overdue: Boolean!
  note: String
  updatedBy: String
  acknowledgedAt: String
  completedAt: String
  createdAt: String!
  updatedAt: String!
}

type CheckpointStatus @shareable {
  city: String!
  taskId: ID!
  status: OperationTaskStatus!
  acknowledged: Boolean!
  acknowledgedAt: String
}

type CasualtyCount @shareable {
  kind: String!
  count: Int!
}

"A numbered situation report (ICS-209 style). On the regional board (an operation at SUMMARY) only its number, time, status, grade and the situation's first 300 characters: issuedByName, actionsTaken, resourcesDeployed and nextSteps are null and casualties empty."
type Sitrep @shareable {
  seq: Int!
  issuedAt: String!
  issuedByName: String
  statusAtIssue: OperationStatus!
  gradeAtIssue: String
  situation: String!
  actionsTaken: String
  resourcesDeployed: String
  nextSteps: String
  casualties: [CasualtyCount!]!
}

type PlannedTask @shareable {
  assignee: String!
  unit: String!
  title: String!
  description: String!
  dueMinutes: Int!
  checkpoint: Boolean!
}

type PlannedRequest @shareable {
  to: String!
  kind: AssistanceKind!
  resourceType: ResourceType!
  quantity: Int!
  priority: AssistancePriority!
  title: String!
}

type ContingencyPlan @shareable {
  code: String!
  version: String!
  nameEn: String!
  nameZh: String!
  kind: OperationKind!
  incidentTypes: [IncidentType!]!
  grades: [IncidentGrade!]!
  categories: [CrimeCategory!]!
  tasks: [PlannedTask!]!
  assistance: [PlannedRequest!]!
}

input JointOperationFilterInput {
  kind: OperationKind
  status: OperationStatus
  "Only operations still under way, as the board of ongoing operations shows them: neither resolved (a campaign awaiting its review) nor closed."
  openOnly: Boolean
  ledHere: Boolean
  limit: Int
}

input IncidentReportInput {
  title: String!
  incidentType: IncidentType!
  grade: IncidentGrade!
  location: String!
  affectedArea: String!
  summary: String!
  commanderName: String!
  commanderContact: String!
  invitedCities: [String!]
}

input InvitationAnswerInput {
  accept: Boolean!
  liaisonName: String
  liaisonContact: String
  reason: String
}

input IncidentRegradeInput {
  grade: IncidentGrade!
  reason: String!
}

input OperationStatusInput {
  action: OperationStatusAction!
  reason: String
  afterActionReview: String
}

input OperationTaskInput {
  city: String!
  unit: String!
  title: String!
  description: String!
  dueAt: String
  checkpoint: Boolean
}

input OperationTaskUpdateInput {
  action: OperationTaskAction!
  note: String
}

input CasualtiesInput {
  killed: Int
  injured: Int
  missing: Int
  evacuated: Int
  arrested: Int
}

input SitrepInput {
  situation: String!
  actionsTaken: String!
  resourcesDeployed: String
  nextSteps: String
  casualties: CasualtiesInput
}

type CaseCount @shareable {
  city: String!
  category: CrimeCategory!
  area: String!
  periodStart: String!
  count: Int!
  recordedBy: String!
  recordedAt: String!
}

type CaseSeriesPoint @shareable {
  periodStart: String!
  count: Int!
}

type CsvRowError @shareable {
  "Row number in the file (the header is row 1; 0: the whole file)."
  row: Int!
  column: String
  message: String!
}

type CaseImportResult @shareable {
  "False when any row was bad: then nothing was imported."
  accepted: Boolean!
  imported: Int!
  errors: [CsvRowError!]!
}

input CaseCountInput {
  category: CrimeCategory!
  "District or area code; ALL for city-wide figures."
  area: String!
  periodStart: String!
  count: Int!
}

input CaseCountFilterInput {
  category: CrimeCategory
  area: String
  from: String
  to: String
  limit: Int
}

input CaseSeriesInput {
  category: CrimeCategory!
  from: String!
  to: String!
}

type WarningThresholds @shareable {
  blue: Float!
  yellow: Float!
  orange: Float!
  red: Float!
}

input WarningThresholdsInput {
  blue: Float!
  yellow: Float!
  orange: Float!
  red: Float!
}

type WarningRule @shareable {
  id: ID!
  name: String!
  category: CrimeCategory!
  scope: WarningScope!
  area: String
  "The cities whose counts are summed (CITY: this city)."
  cities: [String!]!
  method: WarningMethod!
  windowHours: Int!
  bucketHours: Int!
  baselineBuckets: Int!
  cusumK: Float!
  thresholds: WarningThresholds!
  minCount: Int!
  holdMinutes: Int!
  hysteresisPercent: Int!
  campaignCities: [String!]!
  enabled: Boolean!
  createdBy: String!
  createdAt: String!
  "The open episode's level (null: none open)."
  stateLevel: WarningLevel
  candidateLevel: WarningLevel
  candidateSince: String
  clearSince: String
  openAlertId: ID
  lastValue: Float
  lastCount: Int
  lastEvaluatedAt: String
  lastError: String
}

input WarningRuleInput {
  name: String!
  category: CrimeCategory!
  scope: WarningScope!
  area: String
  "REGION: the cities whose counts are summed (default: all eight)."
  cities: [String!]
  method: WarningMethod
  "The window, in hours back from the evaluation: a count is in it when its period (bucketHours from its periodStart) overlaps it, so a 24 h rule over daily counts reads yesterday's and today's."
  windowHours: Int!
  "How long the period of one recorded count is (default 24: daily counts); CUSUM's bucket."
  bucketHours: Int
  baselineBuckets: Int
  cusumK: Float
  thresholds: WarningThresholdsInput!
  minCount: Int
  holdMinutes: Int
  hysteresisPercent: Int
  campaignCities: [String!]
}

type WarningAlertChange @shareable {
  at: String!
  event: String!
  level: WarningLevel
  value: Float!
  count: Int!
}

type WarningAlert @shareable {
  id: ID!
  ruleId: ID!
  level: WarningLevel!
  status: String!
  campaignId: ID
  cities: [String!]!
  history: [WarningAlertChange!]!
  openedAt: String!
  resolvedAt: String
  acknowledgedBy: String
  acknowledgedAt: String
}

input WarningAlertFilterInput {
  openOnly: Boolean
  ruleId: ID
  limit: Int
}

type RuleEvaluation @shareable {
  ruleId: ID!
  value: Float
  count: Int
  measuredLevel: WarningLevel
  level: WarningLevel
  effect: String
  alertId: ID
  campaignId: ID
  error: String
}
`;

/** The full subgraph SDL of one city: shared types plus its own nullable Region and Mutation fields. */
export function citySubgraphTypeDefs(cityCode: string): string {
  const city = getCity(cityCode);
  return /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"The Yangtze region (id \\"${REGION_ID}\\"). Every city adds its own nullable field, so one dead city nulls only its own."
type Region @key(fields: "id") {
  id: ID!
  "${city.nameZh} ${city.nameEn}: this city's node."
  ${city.code}: CityNode
}

type Mutation {
  "Writes at ${city.nameEn}'s node (officers write only at their home node)."
  ${city.code}: CityMutation
}
${SHARED_CITY_TYPE_DEFS}`;
}
