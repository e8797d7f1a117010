import type { CapabilitySchema } from './capability-schema.js';

/** Joint incidents under unified command and joint campaigns: participants, tasks, situation reports, contingency plans. */
export const INCIDENTS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Joint incidents and campaigns held here (home officers: led here or taking part). Other cities' officers see only those this city leads (with a purpose, X-Purpose), as the regional board's summary unless their city takes part; ask every city with ledHere through the gateway for the region's board."
  jointOperations(
    "Which operations (the 100 most recent when left out)."
    filter: JointOperationFilterInput
  ): [JointOperation!]!
  "One joint operation: in full for the lead city and the cities taking part, else the board summary. Cross-city reads need a purpose (X-Purpose)."
  jointOperation(
    "The operation's id (<lead city>:<ULID>)."
    id: ID!
  ): JointOperation
  "The region's contingency plans (预案): tasks per city and assistance requests created on activation."
  contingencyPlans: [ContingencyPlan!]!
`,
  writes: /* GraphQL */ `
  "Report a joint incident led by this city, graded I-IV, inviting other cities (each accepts naming a liaison, or declines)."
  reportIncident(
    "The incident, its grade and commander, and the cities to invite."
    input: IncidentReportInput!
  ): JointOperation!
  "Invite more cities (the lead city); they receive the situation reports issued so far."
  inviteToOperation(
    "The operation's id (led here)."
    id: ID!
    "City codes to invite (a city that declined may be invited again)."
    cities: [String!]!
  ): JointOperation!
  "Accept (naming your liaison) or decline (with a reason) an invitation to another city's operation."
  answerOperationInvitation(
    "The other city's operation id."
    id: ID!
    "Accept with the liaison, or decline with the reason."
    input: InvitationAnswerInput!
  ): JointOperation!
  "Change an open incident's grade with the reason (home COMMANDER of the lead city)."
  regradeIncident(
    "The incident's id."
    id: ID!
    "The new grade and why."
    input: IncidentRegradeInput!
  ): JointOperation!
  "Move an operation through its lifecycle; CLOSE records the after-action review."
  changeOperationStatus(
    "The operation's id (led here)."
    id: ID!
    "The step, its reason and (CLOSE) the after-action review."
    input: OperationStatusInput!
  ): JointOperation!
  "Activate a contingency plan: its tasks for every city taking part and its assistance requests, in one step."
  activateContingencyPlan(
    "The operation's id (led here; REPORTED or ACTIVE, and a REPORTED incident becomes ACTIVE)."
    id: ID!
    "The plan's code (contingencyPlans)."
    planCode: String!
  ): JointOperation!
  "Assign a task to a city taking part (the lead city's COMMANDER or COORDINATOR)."
  assignOperationTask(
    "The operation's id (led here, still open)."
    id: ID!
    "The task."
    input: OperationTaskInput!
  ): JointOperation!
  "The task's own city acknowledges, starts, reports on or completes it; the lead city may cancel it."
  updateOperationTask(
    "The task's id."
    taskId: ID!
    "The step and its note."
    input: OperationTaskUpdateInput!
  ): OperationTask!
  "A numbered situation report (the lead city): every city taking part holds the same numbers, in the same order."
  issueSitrep(
    "The operation's id (led here, still open)."
    id: ID!
    "The report."
    input: SitrepInput!
  ): JointOperation!
`,
  types: /* GraphQL */ `
"What a joint operation is."
enum OperationKind {
  "A sudden incident under unified command (ICS): reported, graded I-IV, contained, demobilised, closed."
  INCIDENT
  "A joint campaign opened by an early-warning rule (专项治理): active until resolved, then closed with its review."
  CAMPAIGN
}

"The kind of sudden incident, as China's emergency law classes them."
enum IncidentType {
  "A public-security incident (社会安全事件): riots, attacks, mass disturbances."
  PUBLIC_SECURITY
  "An accident (事故灾难): traffic, industrial, fire, hazardous materials."
  ACCIDENT_DISASTER
  "A natural disaster (自然灾害): flood, typhoon, earthquake."
  NATURAL_DISASTER
  "A public-health incident (公共卫生事件)."
  PUBLIC_HEALTH
}

"I 特别重大, II 重大, III 较大, IV 一般."
enum IncidentGrade {
  "特别重大, extremely serious."
  I
  "重大, serious."
  II
  "较大, relatively serious."
  III
  "一般, general."
  IV
}

"Where an operation is in its lifecycle. Incident: REPORTED → ACTIVE ⇄ CONTAINED → DEMOBILISED → CLOSED. Campaign: ACTIVE → RESOLVED → CLOSED."
enum OperationStatus {
  "An incident reported, not yet activated."
  REPORTED
  "The response is under way (a campaign opens active)."
  ACTIVE
  "An incident under control; it may flare up again (REACTIVATE)."
  CONTAINED
  "An incident's resources are being released; next is CLOSE."
  DEMOBILISED
  "A campaign whose warning resolved; it awaits its after-action review."
  RESOLVED
  "Closed with its after-action review (final)."
  CLOSED
}

"A lead city's step through an operation's lifecycle."
enum OperationStatusAction {
  "Incident: REPORTED → ACTIVE."
  ACTIVATE
  "Incident: ACTIVE → CONTAINED."
  CONTAIN
  "Incident: CONTAINED → ACTIVE."
  REACTIVATE
  "Incident: CONTAINED → DEMOBILISED."
  DEMOBILISE
  "Campaign: ACTIVE → RESOLVED (the early-warning line takes it too when its warning resolves)."
  RESOLVE
  "DEMOBILISED or RESOLVED → CLOSED, with the after-action review."
  CLOSE
}

"Where a city stands in another city's operation."
enum ParticipantStatus {
  "Invited, not yet answered."
  INVITED
  "Taking part, with its liaison named."
  ACCEPTED
  "Declined, with the reason (its open tasks are cancelled; it may be invited again)."
  DECLINED
}

"Where a task stands."
enum OperationTaskStatus {
  "Assigned to a city, not yet taken up."
  ASSIGNED
  "The city acknowledged it (for a checkpoint task, the board shows it)."
  ACKNOWLEDGED
  "Under way."
  IN_PROGRESS
  "Completed."
  DONE
  "Cancelled by the lead city, or because its city declined or the operation ended before anyone took it up."
  CANCELLED
}

"A step on a task: the task's own city takes all but CANCEL, which is the lead city's."
enum OperationTaskAction {
  "ASSIGNED → ACKNOWLEDGED."
  ACKNOWLEDGE
  "ASSIGNED or ACKNOWLEDGED → IN_PROGRESS."
  START
  "A progress note while ACKNOWLEDGED or IN_PROGRESS (→ IN_PROGRESS)."
  REPORT
  "ACKNOWLEDGED or IN_PROGRESS → DONE."
  COMPLETE
  "Any open task → CANCELLED (the lead city), with a note."
  CANCEL
}

"An incident under unified command, or a joint campaign opened by the early-warning line."
type JointOperation @shareable {
  "The operation's id (<lead city>:<ULID>)."
  id: ID!
  "Incident or campaign."
  kind: OperationKind!
  "The city that leads it (unified command)."
  leadCity: String!
  "Its title."
  title: String!
  "Incidents: the kind of incident."
  incidentType: IncidentType
  "Incidents: the grade, I-IV."
  grade: IncidentGrade
  "The grade in words, e.g. 重大 (serious)."
  gradeLabel: String
  "Campaigns: the case category and warning level."
  category: CrimeCategory
  "Campaigns: the warning level (raised when the warning escalates)."
  warningLevel: WarningLevel
  "Where."
  location: String!
  "The area affected."
  affectedArea: String!
  "What is happening (cut to 300 characters at SUMMARY)."
  summary: String!
  "The incident commander."
  commanderName: String!
  "How to reach them."
  commanderContact: String!
  "Where it is in its lifecycle."
  status: OperationStatus!
  "The contingency plan activated, if any."
  planCode: String
  "The after-action review recorded at CLOSE (FULL only)."
  afterActionReview: String
  "Campaigns: the warning alert that opened it."
  sourceReference: String
  "Incremented at every change."
  version: Int!
  "When it was reported or opened."
  createdAt: String!
  "When it last changed."
  updatedAt: String!
  "When it was closed."
  closedAt: String
  "FULL for the lead city and the cities taking part; SUMMARY (the regional board) for others: the summary and the latest report's situation cut to 300 characters, participants without liaisons or reasons, no tasks, reports, casualties, resources or review."
  accessLevel: AccessLevel!
  "The cities invited, with their answers."
  participants: [OperationParticipant!]!
  "Tasks for every city taking part (FULL only)."
  tasks: [OperationTask!]!
  "Checkpoint tasks (关城门) with each city's acknowledgement."
  checkpointBoard: [CheckpointStatus!]!
  "Situation reports, in order."
  sitreps: [Sitrep!]!
  "The newest situation report."
  latestSitrep: Sitrep
  "Assistance requests serving this operation, held at this node, with their answers and commitments."
  resources: [AssistanceRequest!]!
}

"A city invited to an operation."
type OperationParticipant @shareable {
  "The city."
  city: String!
  "Its answer."
  status: ParticipantStatus!
  "Its liaison to the incident command (FULL only)."
  liaisonName: String
  "How to reach the liaison (FULL only)."
  liaisonContact: String
  "Why it declined (FULL only)."
  reason: String
  "When it was invited."
  invitedAt: String!
  "When it answered."
  answeredAt: String
}

"A task for one city in an operation, assigned by the lead city or by a contingency plan."
type OperationTask @shareable {
  "The task's id."
  id: ID!
  "The operation."
  operationId: ID!
  "The city that carries it out."
  city: String!
  "The unit that carries it out."
  unit: String!
  "Its title."
  title: String!
  "What to do."
  description: String!
  "Where it stands."
  status: OperationTaskStatus!
  "A checkpoint task (关城门): each city's acknowledgement is tracked on the board."
  checkpoint: Boolean!
  "The plan that created it, if any."
  planCode: String
  "By when."
  dueAt: String
  "Past dueAt and still open."
  overdue: Boolean!
  "The latest note (progress or cancellation)."
  note: String
  "Who last changed it."
  updatedBy: String
  "When it was acknowledged (or started without one)."
  acknowledgedAt: String
  "When it was completed."
  completedAt: String
  "When it was assigned."
  createdAt: String!
  "When it last changed."
  updatedAt: String!
}

"One city's checkpoint task on the board."
type CheckpointStatus @shareable {
  "The city."
  city: String!
  "Its checkpoint task."
  taskId: ID!
  "The task's status."
  status: OperationTaskStatus!
  "Whether the city has acknowledged (or gone beyond)."
  acknowledged: Boolean!
  "When."
  acknowledgedAt: String
}

"One casualty figure in a situation report."
type CasualtyCount @shareable {
  "killed, injured, missing, evacuated or arrested."
  kind: String!
  "How many."
  count: Int!
}

"A numbered situation report (ICS-209 style). On the regional board (an operation at SUMMARY) only its number, time, status, grade and the situation's first 300 characters: issuedByName, actionsTaken, resourcesDeployed and nextSteps are null and casualties empty."
type Sitrep @shareable {
  "Its number, from 1: the same at every city taking part."
  seq: Int!
  "When it was issued."
  issuedAt: String!
  "Who issued it."
  issuedByName: String
  "The operation's status then."
  statusAtIssue: OperationStatus!
  "The incident's grade then."
  gradeAtIssue: String
  "The current situation."
  situation: String!
  "What was done since the last report."
  actionsTaken: String
  "Resources deployed."
  resourcesDeployed: String
  "What happens next."
  nextSteps: String
  "Casualty figures."
  casualties: [CasualtyCount!]!
}

"A task a contingency plan creates on activation."
type PlannedTask @shareable {
  "LEAD (the lead city), PARTICIPANTS (every invited or accepted city) or ALL (both)."
  assignee: String!
  "The unit that carries it out."
  unit: String!
  "Its title."
  title: String!
  "What to do."
  description: String!
  "Due this many minutes after activation."
  dueMinutes: Int!
  "A checkpoint task (关城门), tracked on the board."
  checkpoint: Boolean!
}

"An assistance request a contingency plan files on activation, to every city taking part."
type PlannedRequest @shareable {
  "PARTICIPANTS: every city taking part."
  to: String!
  "What kind of help."
  kind: AssistanceKind!
  "The resource asked for."
  resourceType: ResourceType!
  "How many."
  quantity: Int!
  "How urgent."
  priority: AssistancePriority!
  "Its title."
  title: String!
}

"A contingency plan (预案) of the region: what each city does when it is activated."
type ContingencyPlan @shareable {
  "The plan's code, e.g. city-gates."
  code: String!
  "Its version."
  version: String!
  "Its name in English."
  nameEn: String!
  "Its name in Chinese."
  nameZh: String!
  "The kind of operation it serves."
  kind: OperationKind!
  "Incident types it fits."
  incidentTypes: [IncidentType!]!
  "Incident grades it fits."
  grades: [IncidentGrade!]!
  "Crime categories it fits (campaigns)."
  categories: [CrimeCategory!]!
  "The tasks it creates."
  tasks: [PlannedTask!]!
  "The assistance requests it files."
  assistance: [PlannedRequest!]!
}

"Which joint operations to list, most recent first."
input JointOperationFilterInput {
  "Only incidents or only campaigns."
  kind: OperationKind
  "Only operations in this status."
  status: OperationStatus
  "Only operations still under way, as the board of ongoing operations shows them: neither resolved (a campaign awaiting its review) nor closed."
  openOnly: Boolean
  "Only operations this city leads."
  ledHere: Boolean
  "How many: 1-200 (default 100)."
  limit: Int
}

"A new joint incident led by this city."
input IncidentReportInput {
  "The title: 3-200 characters (2 in Chinese)."
  title: String!
  "The kind of incident."
  incidentType: IncidentType!
  "The grade, I-IV."
  grade: IncidentGrade!
  "Where: 2-300 characters."
  location: String!
  "The area affected: 2-500 characters."
  affectedArea: String!
  "What is happening: 3-4,000 characters."
  summary: String!
  "The incident commander: 2-120 characters."
  commanderName: String!
  "How to reach them: 3-120 characters."
  commanderContact: String!
  "Cities to invite (city codes, not your own)."
  invitedCities: [String!]
}

"A city's answer to an invitation."
input InvitationAnswerInput {
  "True to take part, false to decline."
  accept: Boolean!
  "Accepting: your city's liaison to the incident command (2-120 characters)."
  liaisonName: String
  "Accepting: how to reach the liaison (3-120 characters)."
  liaisonContact: String
  "Declining: why (5-1,000 characters)."
  reason: String
}

"A new grade for an incident."
input IncidentRegradeInput {
  "The new grade."
  grade: IncidentGrade!
  "Why (5-1,000 characters)."
  reason: String!
}

"A step through an operation's lifecycle."
input OperationStatusInput {
  "The step."
  action: OperationStatusAction!
  "Why (5-1,000 characters), where the step has one."
  reason: String
  "CLOSE: what happened, what worked, what to change (20-20,000 characters)."
  afterActionReview: String
}

"A task to assign."
input OperationTaskInput {
  "The city that carries it out (the lead city or one taking part)."
  city: String!
  "The unit: 2-120 characters."
  unit: String!
  "The title: 3-200 characters (2 in Chinese)."
  title: String!
  "What to do: 1-2,000 characters."
  description: String!
  "By when (ISO 8601 with a zone)."
  dueAt: String
  "A checkpoint task (关城门), tracked on the board (default false)."
  checkpoint: Boolean
}

"A step on a task."
input OperationTaskUpdateInput {
  "The step."
  action: OperationTaskAction!
  "A progress or cancellation note (at most 1,000 characters)."
  note: String
}

"Casualty figures for a situation report (each optional)."
input CasualtiesInput {
  "Killed: 0-100,000."
  killed: Int
  "Injured: 0-100,000."
  injured: Int
  "Missing: 0-100,000."
  missing: Int
  "Evacuated: 0-10,000,000."
  evacuated: Int
  "Arrested: 0-100,000."
  arrested: Int
}

"A situation report."
input SitrepInput {
  "The current situation: 3-4,000 characters."
  situation: String!
  "What was done since the last report: 3-4,000 characters."
  actionsTaken: String!
  "Resources deployed (at most 2,000 characters)."
  resourcesDeployed: String
  "What happens next (at most 2,000 characters)."
  nextSteps: String
  "Casualty figures."
  casualties: CasualtiesInput
}
`,
};
