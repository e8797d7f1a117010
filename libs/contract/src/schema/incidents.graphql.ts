import type { CapabilitySchema } from './capability-schema.js';

/** Joint incidents under unified command and joint campaigns: participants, tasks, situation reports, contingency plans. */
export const INCIDENTS_SCHEMA: CapabilitySchema = {
  reads: /* GraphQL */ `
  "Joint incidents and campaigns held here (home officers: led here or taking part). Other cities' officers see only those this city leads (with a purpose, X-Purpose), as the regional board's summary unless their city takes part; ask every city with ledHere through the gateway for the region's board."
  jointOperations(filter: JointOperationFilterInput): [JointOperation!]!
  "One joint operation: in full for the lead city and the cities taking part, else the board summary. Cross-city reads need a purpose (X-Purpose)."
  jointOperation(id: ID!): JointOperation
  "The region's contingency plans (预案): tasks per city and assistance requests created on activation."
  contingencyPlans: [ContingencyPlan!]!
`,
  writes: /* GraphQL */ `
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
`,
  types: /* GraphQL */ `
enum OperationKind { INCIDENT CAMPAIGN }

enum IncidentType { PUBLIC_SECURITY ACCIDENT_DISASTER NATURAL_DISASTER PUBLIC_HEALTH }

"I 特别重大, II 重大, III 较大, IV 一般."
enum IncidentGrade { I II III IV }

enum OperationStatus { REPORTED ACTIVE CONTAINED DEMOBILISED RESOLVED CLOSED }

enum OperationStatusAction { ACTIVATE CONTAIN REACTIVATE DEMOBILISE RESOLVE CLOSE }

enum ParticipantStatus { INVITED ACCEPTED DECLINED }

enum OperationTaskStatus { ASSIGNED ACKNOWLEDGED IN_PROGRESS DONE CANCELLED }

enum OperationTaskAction { ACKNOWLEDGE START REPORT COMPLETE CANCEL }

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
`,
};
