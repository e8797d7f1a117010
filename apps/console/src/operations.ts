/**
 * Every GraphQL operation the console sends, in one place: `operations.spec.ts` validates each against the API the
 * gateway serves (apps/gateway/supergraph/api-schema.graphql, composed from libs/contract), so a renamed field or
 * argument fails a test, not an officer's screen. Three shapes:
 * - `AtCity`, a function of the officer's city: a write at the home node (`mutation { <city> { … } }`) or a read of the
 *   home city's own working data through the gateway (`{ region { <city> { … } } }`);
 * - `AcrossCities`, a selection read at several cities at once (`acrossCities(cities, op)` in api.ts);
 * - `FEED_SUBSCRIPTION`, the live feed at the home node, which has a small schema of its own (no federation).
 * Screens import them as `ops` and keep only the variables.
 */

/** An operation at one city: the officer's home node, named by its city code. */
export type AtCity = (city: string) => string;

/** The same selection read at several cities, each under its own field of `region` (DESIGN 3.1). */
export interface AcrossCities {
  /** The variables the selection uses, e.g. `$f: IntelligenceSearchInput` (empty: none). */
  readonly variables: string;
  /** What is asked of each city, e.g. `searchIntelligence(filter: $f) { … }`. */
  readonly selection: string;
}

const across = (variables: string, selection: string): AcrossCities => ({ variables, selection });

// ── Session (login at the home node, renewal) ──────────────────────────────────────────────────────────────────────

const SESSION_FIELDS = 'token homeToken expiresAt sessionEndsAt idleMinutes failedLogins officer { id city name roles }';

export const login: AtCity = (city) => `mutation($u: String!, $p: String!) { ${city} { login(username: $u, password: $p) { ${SESSION_FIELDS} } } }`;
export const renewSession: AtCity = (city) => `mutation { ${city} { renewSession { ${SESSION_FIELDS} } } }`;

// ── Notifications ──────────────────────────────────────────────────────────────────────────────────────────────────

export const FEED_SUBSCRIPTION = 'subscription($since: ID) { cityFeed(since: $since) { id kind text reference createdAt params { name value } } }';
export const notificationsUnreadSince: AtCity = (city) => `{ region { ${city} { notificationsUnreadSince } } }`;
export const markNotificationsRead: AtCity = (city) => `mutation($upTo: ID!) { ${city} { markNotificationsRead(upTo: $upTo) } }`;

// ── Overview ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** The region's board of ongoing operations: each city's own, led there. */
export const operationsBoard = across(
  '',
  'jointOperations(filter: { openOnly: true, ledHere: true }) { id kind leadCity title grade gradeLabel warningLevel status latestSitrep { seq situation issuedAt } }',
);
export const openWarningAlerts: AtCity = (city) =>
  `{ region { ${city} { warningAlerts(filter: { openOnly: true }) { id level status openedAt cities campaignId } } } }`;

// ── Intelligence: search, identifier checks, authoring ─────────────────────────────────────────────────────────────

export const searchIntelligence = across(
  '$f: IntelligenceSearchInput',
  'searchIntelligence(filter: $f) { city total results { id city accessLevel redactedFields report { title summary tlp category grading { code } publishedAt } contact { unit phone email } } }',
);
export const checkIdentifiersRegion: AtCity = (city) =>
  `query($ids: [IdentifierInput!]!, $cities: [String!]) { region { ${city} { checkIdentifiersRegion(identifiers: $ids, cities: $cities) { hit matches { city accessLevel reportId reference contact { unit phone email } } cities { city checked error } } } } }`;

export const intelligenceWorklist: AtCity = (city) =>
  `{ region { ${city} { intelligenceWorklist { id status title tlp scope authorName authorId updatedAt reviewDate returnReason } } } }`;
export const createIntelligenceReport: AtCity = (city) =>
  `mutation($input: IntelligenceReportInput!) { ${city} { createIntelligenceReport(input: $input) { id } } }`;
const reportStep =
  (mutation: string): AtCity =>
  (city) =>
    `mutation($id: ID!) { ${city} { ${mutation}(id: $id) { id status } } }`;
const reportStepWithReason =
  (mutation: string): AtCity =>
  (city) =>
    `mutation($id: ID!, $reason: String!) { ${city} { ${mutation}(id: $id, reason: $reason) { id status } } }`;
export const submitIntelligenceReport = reportStep('submitIntelligenceReport');
export const approveIntelligenceReport = reportStep('approveIntelligenceReport');
export const publishIntelligenceReport = reportStep('publishIntelligenceReport');
export const returnIntelligenceReport = reportStepWithReason('returnIntelligenceReport');
export const withdrawIntelligenceReport = reportStepWithReason('withdrawIntelligenceReport');

// ── Assistance ─────────────────────────────────────────────────────────────────────────────────────────────────────

const REQUEST_FIELDS =
  'id requesterCity kind title description resourceType quantity location startsAt servesReference priority targetCities status createdByName createdAt overdue answers { city status reason committedQuantity ackDueAt answerDueAt acknowledgedAt answeredAt overdue } thread { id type city authorName action status text at }';

export const assistanceRequests: AtCity = (city) =>
  `query($f: AssistanceFilterInput) { region { ${city} { assistanceRequests(filter: $f) { ${REQUEST_FIELDS} } assistanceCommitLimit } } }`;
export const resourceCatalogue = across(
  '$f: ResourceCatalogueFilterInput',
  'resourceCatalogue(filter: $f) { id city resourceType name description count unit contact availability { from to } }',
);
export const createAssistanceRequest: AtCity = (city) =>
  `mutation($input: AssistanceRequestInput!) { ${city} { createAssistanceRequest(input: $input) { id } } }`;
export const submitAssistanceRequest: AtCity = (city) => `mutation($id: ID!) { ${city} { submitAssistanceRequest(id: $id) { id } } }`;
export const answerAssistanceRequest: AtCity = (city) =>
  `mutation($id: ID!, $input: AssistanceAnswerInput!) { ${city} { answerAssistanceRequest(id: $id, input: $input) { id } } }`;
export const cancelAssistanceRequest: AtCity = (city) =>
  `mutation($id: ID!, $reason: String!) { ${city} { cancelAssistanceRequest(id: $id, reason: $reason) { id } } }`;
export const closeAssistanceRequest: AtCity = (city) => `mutation($id: ID!) { ${city} { closeAssistanceRequest(id: $id) { id } } }`;
export const postAssistanceMessage: AtCity = (city) => `mutation($id: ID!, $text: String!) { ${city} { postAssistanceMessage(id: $id, text: $text) { id } } }`;

// ── Watch ──────────────────────────────────────────────────────────────────────────────────────────────────────────

export const watchWork: AtCity = (city) =>
  `{ region { ${city} { watchEntries(filter: { limit: 100 }) { id status category action riskLevel offence decisionReference reviewDate participatingCities description } watchHits(filter: { limit: 50 }) { id entryId encounteringCity observedAt location observation actionTaken ackDueAt acknowledgedAt overdue leadCity } } } }`;
/** One request at the home node: the other cities from its copy of their blind indexes, asked live where it must. */
export const checkWatchRegion: AtCity = (city) =>
  `query($ids: [IdentifierInput!]!) { region { ${city} { checkWatchRegion(identifiers: $ids) { hit matches { reference leadCity accessLevel action instruction contact { unit phone } entry { category description riskLevel } } cities { city answeredFrom syncedAt error } } } } }`;
export const acknowledgeWatchHit: AtCity = (city) => `mutation($id: ID!) { ${city} { acknowledgeWatchHit(id: $id) { id } } }`;
export const approveWatchEntry: AtCity = (city) => `mutation($id: ID!) { ${city} { approveWatchEntry(id: $id) { id } } }`;
export const proposeWatchEntry: AtCity = (city) => `mutation($input: WatchEntryInput!) { ${city} { proposeWatchEntry(input: $input) { id } } }`;
export const fileWatchHit: AtCity = (city) => `mutation($input: WatchHitInput!) { ${city} { fileWatchHit(input: $input) { id } } }`;

// ── Incidents ──────────────────────────────────────────────────────────────────────────────────────────────────────

const OPERATION_FIELDS =
  'id kind leadCity title incidentType grade gradeLabel warningLevel status location summary commanderName planCode accessLevel participants { city status liaisonName } tasks { id city unit title status dueAt overdue checkpoint } sitreps { seq issuedAt issuedByName situation actionsTaken nextSteps }';

export const incidentsWork: AtCity = (city) =>
  `{ region { ${city} { jointOperations(filter: { limit: 50 }) { ${OPERATION_FIELDS} } contingencyPlans { code nameZh nameEn kind } } } }`;
export const reportIncident: AtCity = (city) => `mutation($input: IncidentReportInput!) { ${city} { reportIncident(input: $input) { id } } }`;
export const answerOperationInvitation: AtCity = (city) =>
  `mutation($id: ID!, $input: InvitationAnswerInput!) { ${city} { answerOperationInvitation(id: $id, input: $input) { id } } }`;
export const changeOperationStatus: AtCity = (city) =>
  `mutation($id: ID!, $input: OperationStatusInput!) { ${city} { changeOperationStatus(id: $id, input: $input) { id } } }`;
export const regradeIncident: AtCity = (city) =>
  `mutation($id: ID!, $input: IncidentRegradeInput!) { ${city} { regradeIncident(id: $id, input: $input) { id } } }`;
export const activateContingencyPlan: AtCity = (city) =>
  `mutation($id: ID!, $code: String!) { ${city} { activateContingencyPlan(id: $id, planCode: $code) { id } } }`;
export const updateOperationTask: AtCity = (city) =>
  `mutation($id: ID!, $input: OperationTaskUpdateInput!) { ${city} { updateOperationTask(taskId: $id, input: $input) { id } } }`;
export const issueSitrep: AtCity = (city) => `mutation($id: ID!, $input: SitrepInput!) { ${city} { issueSitrep(id: $id, input: $input) { id } } }`;

// ── Early warning ──────────────────────────────────────────────────────────────────────────────────────────────────

export const warningsWork: AtCity = (city) =>
  `{ region { ${city} { warningRules { id name category scope method cities windowHours thresholds { blue yellow orange red } enabled stateLevel lastValue lastEvaluatedAt lastError } warningAlerts(filter: { openOnly: true }) { id ruleId level status campaignId cities openedAt acknowledgedBy history { at event level count } } jointOperations(filter: { kind: CAMPAIGN, limit: 30 }) { id leadCity title category warningLevel status tasks { id city status } } } } }`;
export const evaluateWarningRules: AtCity = (city) => `mutation { ${city} { evaluateWarningRules { ruleId } } }`;
export const acknowledgeWarningAlert: AtCity = (city) => `mutation($id: ID!) { ${city} { acknowledgeWarningAlert(id: $id) { id } } }`;
export const importCaseCountsCsv: AtCity = (city) =>
  `mutation($csv: String!) { ${city} { importCaseCountsCsv(csv: $csv) { accepted imported errors { row column message } } } }`;
export const createWarningRule: AtCity = (city) => `mutation($input: WarningRuleInput!) { ${city} { createWarningRule(input: $input) { id } } }`;

// ── Audit and oversight ────────────────────────────────────────────────────────────────────────────────────────────

const ALERT_FIELDS =
  'id kind metric officerId officerCity raisedBy received windowStart windowEnd count baseline threshold historyWindows purposes { purpose count } cities { city count } raisedAt acknowledgedBy acknowledgementNote';

export const oversightAlerts: AtCity = (city) =>
  `query($openOnly: Boolean) { region { ${city} { oversightAlerts(filter: { openOnly: $openOnly, limit: 100 }) { ${ALERT_FIELDS} } } } }`;
export const acknowledgeOversightAlert: AtCity = (city) =>
  `mutation($id: ID!, $note: String!) { ${city} { acknowledgeOversightAlert(id: $id, note: $note) { id } } }`;
export const crossCityAuditTrail: AtCity = (city) =>
  `{ region { ${city} { auditTrail(filter: { crossCityOnly: true, limit: 100 }) { entries { seq at actorId actorCity actorRoles purpose action resourceIds accessLevel outcome } } } } }`;
export const auditChainVerification: AtCity = (city) => `{ region { ${city} { auditChainVerification { ok checked headSeq firstBrokenSeq problem } } } }`;

// ── Delivery ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const outboxMessages: AtCity = (city) =>
  `query($f: OutboxFilterInput) { region { ${city} { outboxMessages(filter: $f) { id targetCity kind streamKey status attempts lastError nextAttemptAt deadReason createdAt deliveredAt } } } }`;
export const redriveMessage: AtCity = (city) => `mutation($id: ID!) { ${city} { redriveMessage(id: $id) { id } } }`;
