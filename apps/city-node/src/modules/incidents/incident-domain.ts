/**
 * Joint operations as data: incidents under unified command (ICS) and the joint campaigns the early-warning line opens.
 * One lifecycle table per thing, checked in one place.
 */
export const OPERATION_KINDS = ['INCIDENT', 'CAMPAIGN'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

export const INCIDENT_TYPES = ['PUBLIC_SECURITY', 'ACCIDENT_DISASTER', 'NATURAL_DISASTER', 'PUBLIC_HEALTH'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** China's grading of sudden incidents: I 特别重大, II 重大, III 较大, IV 一般. */
export const INCIDENT_GRADES = ['I', 'II', 'III', 'IV'] as const;
export type IncidentGrade = (typeof INCIDENT_GRADES)[number];
export const GRADE_LABELS: Record<IncidentGrade, string> = { I: '特别重大 (extremely serious)', II: '重大 (serious)', III: '较大 (relatively serious)', IV: '一般 (general)' };

export const OPERATION_STATUSES = ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED', 'CLOSED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const OPEN_OPERATION_STATUSES: readonly OperationStatus[] = ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED'];
/** Still under way, on the board of ongoing operations: a resolved campaign only awaits its after-action review. */
export const ONGOING_OPERATION_STATUSES: readonly OperationStatus[] = ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED'];

interface StatusTransition {
  kinds: readonly OperationKind[];
  from: readonly OperationStatus[];
  to: OperationStatus;
  /** CLOSE records the after-action review; the others a short reason or none. */
  review?: true;
}

/** reported → active → contained → demobilised → closed (with an after-action review); a campaign: active → resolved → closed. */
export const STATUS_TRANSITIONS = {
  ACTIVATE: { kinds: ['INCIDENT'], from: ['REPORTED'], to: 'ACTIVE' },
  CONTAIN: { kinds: ['INCIDENT'], from: ['ACTIVE'], to: 'CONTAINED' },
  REACTIVATE: { kinds: ['INCIDENT'], from: ['CONTAINED'], to: 'ACTIVE' },
  DEMOBILISE: { kinds: ['INCIDENT'], from: ['CONTAINED'], to: 'DEMOBILISED' },
  RESOLVE: { kinds: ['CAMPAIGN'], from: ['ACTIVE'], to: 'RESOLVED' },
  CLOSE: { kinds: ['INCIDENT', 'CAMPAIGN'], from: ['DEMOBILISED', 'RESOLVED'], to: 'CLOSED', review: true },
} as const satisfies Record<string, StatusTransition>;
export type StatusAction = keyof typeof STATUS_TRANSITIONS;
export const STATUS_ACTIONS = Object.keys(STATUS_TRANSITIONS) as StatusAction[];

export const PARTICIPANT_STATUSES = ['INVITED', 'ACCEPTED', 'DECLINED'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const TASK_STATUSES = ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'];

interface TaskTransition {
  /** The task's own city takes it; CANCEL is the lead city's. */
  by: 'assignee' | 'lead';
  from: readonly TaskStatus[];
  to: TaskStatus;
  note?: true;
}

export const TASK_TRANSITIONS = {
  ACKNOWLEDGE: { by: 'assignee', from: ['ASSIGNED'], to: 'ACKNOWLEDGED' },
  START: { by: 'assignee', from: ['ASSIGNED', 'ACKNOWLEDGED'], to: 'IN_PROGRESS' },
  REPORT: { by: 'assignee', from: ['ACKNOWLEDGED', 'IN_PROGRESS'], to: 'IN_PROGRESS', note: true },
  COMPLETE: { by: 'assignee', from: ['ACKNOWLEDGED', 'IN_PROGRESS'], to: 'DONE' },
  CANCEL: { by: 'lead', from: OPEN_TASK_STATUSES, to: 'CANCELLED', note: true },
} as const satisfies Record<string, TaskTransition>;
export type TaskAction = keyof typeof TASK_TRANSITIONS;
export const TASK_ACTIONS = Object.keys(TASK_TRANSITIONS) as TaskAction[];

/** Early-warning levels, lowest first (蓝 / 黄 / 橙 / 红). */
export const WARNING_LEVELS = ['BLUE', 'YELLOW', 'ORANGE', 'RED'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const levelRank = (l: WarningLevel | null | undefined): number => (l ? WARNING_LEVELS.indexOf(l) + 1 : 0);
