import { Kind, parse } from 'graphql';
import { ROLES } from '@ypf/auth';
import { SHARED_CITY_TYPE_DEFS } from '@ypf/contract';
import { OUTBOX_STATUSES } from '@ypf/delivery';
import { ACCESS_LEVELS, ASSISTANCE_KINDS, TLP_LEVELS } from '@ypf/policy';
import { ANSWER_STATUSES, ANSWER_TRANSITIONS } from '../modules/assistance/assistance-lifecycle.js';
import { RESOURCE_TYPES } from '../modules/assistance/dto/assistance.input.js';
import {
  INCIDENT_GRADES,
  INCIDENT_TYPES,
  OPERATION_KINDS,
  OPERATION_STATUSES,
  PARTICIPANT_STATUSES,
  STATUS_TRANSITIONS,
  TASK_STATUSES,
  TASK_TRANSITIONS,
} from '../modules/incidents/incident-domain.js';
import { CRIME_CATEGORIES, IDENTIFIER_KINDS, PRIORITIES, WARNING_LEVELS } from '@ypf/region';
import { HANDLING_CONDITIONS, PUBLICATION_SCOPES, SOURCE_RELIABILITY } from '../modules/intelligence/dto/intelligence.input.js';
import { REPORT_STATUSES } from '../modules/intelligence/report-lifecycle.js';
import { RISK_LEVELS, WATCH_ACTIONS, WATCH_CATEGORIES, WATCH_STATUSES } from '../modules/watch/watch-domain.js';

/**
 * Every GraphQL enum that a TypeScript constant also lists (the input schemas, the lifecycles, the policy) lists the
 * same values: a value added on one side only fails here, not in an officer's request (issue 18).
 */
const enums = new Map(
  parse(SHARED_CITY_TYPE_DEFS).definitions.flatMap((d) => (d.kind === Kind.ENUM_TYPE_DEFINITION ? [[d.name.value, (d.values ?? []).map((v) => v.name.value)] as const] : [])),
);

const PAIRS: [string, readonly string[]][] = [
  ['Role', ROLES],
  ['AccessLevel', ACCESS_LEVELS],
  ['Tlp', TLP_LEVELS],
  ['HandlingCondition', HANDLING_CONDITIONS],
  ['SourceReliability', SOURCE_RELIABILITY],
  ['CrimeCategory', CRIME_CATEGORIES],
  ['IdentifierKind', IDENTIFIER_KINDS],
  ['ReportStatus', REPORT_STATUSES],
  ['PublicationScope', PUBLICATION_SCOPES],
  ['AssistanceKind', ASSISTANCE_KINDS],
  ['AssistancePriority', PRIORITIES],
  ['AssistanceAnswerStatus', ANSWER_STATUSES],
  ['AssistanceAnswerAction', Object.entries(ANSWER_TRANSITIONS).filter(([, t]) => t.side === 'target').map(([a]) => a)],
  ['ResourceType', RESOURCE_TYPES],
  ['WatchCategory', WATCH_CATEGORIES],
  ['WatchAction', WATCH_ACTIONS],
  ['RiskLevel', RISK_LEVELS],
  ['WatchStatus', WATCH_STATUSES],
  ['OutboxStatus', OUTBOX_STATUSES],
  ['OperationKind', OPERATION_KINDS],
  ['IncidentType', INCIDENT_TYPES],
  ['IncidentGrade', INCIDENT_GRADES],
  ['OperationStatus', OPERATION_STATUSES],
  ['OperationStatusAction', Object.keys(STATUS_TRANSITIONS)],
  ['ParticipantStatus', PARTICIPANT_STATUSES],
  ['OperationTaskStatus', TASK_STATUSES],
  ['OperationTaskAction', Object.keys(TASK_TRANSITIONS)],
  ['WarningLevel', WARNING_LEVELS],
];

describe('GraphQL enums and their TypeScript constants', () => {
  it.each(PAIRS)('%s lists the same values as its constant', (name, values) => {
    expect(enums.get(name)).toBeDefined();
    expect([...enums.get(name)!].sort()).toEqual([...values].sort());
  });
});
