/**
 * Joint operations as data: incidents under unified command (ICS) and the joint campaigns the early-warning line opens.
 * One lifecycle table per thing (operation, participant, task) and a pure step function over each: the services check
 * every transition here, and nowhere else.
 */
export const OPERATION_KINDS = ['INCIDENT', 'CAMPAIGN'] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
/** How a refusal names a kind ("cannot regrade a campaign; that applies to an incident"). */
export const KIND_NOUNS: Record<OperationKind, string> = { INCIDENT: 'an incident', CAMPAIGN: 'a campaign' };

export const INCIDENT_TYPES = ['PUBLIC_SECURITY', 'ACCIDENT_DISASTER', 'NATURAL_DISASTER', 'PUBLIC_HEALTH'] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** China's grading of sudden incidents: I 特别重大, II 重大, III 较大, IV 一般. */
export const INCIDENT_GRADES = ['I', 'II', 'III', 'IV'] as const;
export type IncidentGrade = (typeof INCIDENT_GRADES)[number];
export const GRADE_LABELS: Record<IncidentGrade, string> = {
  I: '特别重大 (extremely serious)',
  II: '重大 (serious)',
  III: '较大 (relatively serious)',
  IV: '一般 (general)',
};

// ---- operation ------------------------------------------------------------------------------------------------

export const OPERATION_STATUSES = ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED', 'CLOSED'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const OPEN_OPERATION_STATUSES: readonly OperationStatus[] = ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED', 'RESOLVED'];
/** Still under way, on the board of ongoing operations: a resolved campaign only awaits its after-action review. */
export const ONGOING_OPERATION_STATUSES: readonly OperationStatus[] = ['REPORTED', 'ACTIVE', 'CONTAINED', 'DEMOBILISED'];
/** Where each kind starts: an incident is reported, a campaign opens active (its plan already running). */
export const INITIAL_OPERATION_STATUS: Record<OperationKind, OperationStatus> = { INCIDENT: 'REPORTED', CAMPAIGN: 'ACTIVE' };

interface OperationStep {
  kinds: readonly OperationKind[];
  from: readonly OperationStatus[];
  /** The status after the step; absent, it stays. */
  to?: OperationStatus;
}

interface StatusTransition extends OperationStep {
  to: OperationStatus;
  /** CLOSE records the after-action review; the others a short reason or none. */
  review?: true;
}

/**
 * The officer's status changes (GraphQL OperationStatusAction): reported → active → contained → demobilised → closed
 * (with an after-action review); a campaign: active → resolved → closed. The early-warning line takes RESOLVE too.
 */
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

interface OperationWorkStep extends OperationStep {
  /** How a refusal names the step: "Cannot <what> something that is CLOSED". */
  what: string;
}

/** Work on an operation within its lifecycle: allowed in some statuses, and (plan activation) moving it on. */
export const OPERATION_WORK = {
  REGRADE: { kinds: ['INCIDENT'], from: OPEN_OPERATION_STATUSES, what: 'regrade' },
  /** A plan starts the response: a reported incident becomes active. */
  ACTIVATE_PLAN: { kinds: OPERATION_KINDS, from: ['REPORTED', 'ACTIVE'], to: 'ACTIVE', what: 'activate a plan for' },
  ASSIGN_TASK: { kinds: OPERATION_KINDS, from: OPEN_OPERATION_STATUSES, what: 'assign a task in' },
  ISSUE_SITREP: { kinds: OPERATION_KINDS, from: OPEN_OPERATION_STATUSES, what: 'issue a situation report on' },
  /** The early-warning line raises an active campaign's level (a campaign no longer active is left alone). */
  RAISE_LEVEL: { kinds: ['CAMPAIGN'], from: ['ACTIVE'], what: 'raise the warning level of' },
} as const satisfies Record<string, OperationWorkStep>;
export type OperationWork = keyof typeof OPERATION_WORK;

export type OperationAction = StatusAction | OperationWork;
const OPERATION_STEPS: Record<OperationAction, OperationStep> = { ...STATUS_TRANSITIONS, ...OPERATION_WORK };

/** A step taken (the status after it) or refused, with what it needs. */
export type OperationStepResult =
  | { ok: true; to: OperationStatus }
  | { ok: false; refusal: 'WRONG_KIND'; kinds: readonly OperationKind[] }
  | { ok: false; refusal: 'WRONG_STATUS'; from: readonly OperationStatus[] };

export function stepOperation(kind: OperationKind, status: OperationStatus, action: OperationAction): OperationStepResult {
  const step = OPERATION_STEPS[action];
  if (!step.kinds.includes(kind)) return { ok: false, refusal: 'WRONG_KIND', kinds: step.kinds };
  if (!step.from.includes(status)) return { ok: false, refusal: 'WRONG_STATUS', from: step.from };
  return { ok: true, to: step.to ?? status };
}

export const isStatusAction = (action: OperationAction): action is StatusAction => action in STATUS_TRANSITIONS;

// ---- participant ----------------------------------------------------------------------------------------------

export const PARTICIPANT_STATUSES = ['INVITED', 'ACCEPTED', 'DECLINED'] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

interface ParticipantTransition {
  /** null: a city not (yet) taking part. */
  from: readonly (ParticipantStatus | null)[];
  to: ParticipantStatus;
}

/** A city is invited (again, after declining), then accepts naming its liaison or declines with a reason. */
export const PARTICIPANT_TRANSITIONS = {
  INVITE: { from: [null, 'DECLINED'], to: 'INVITED' },
  ACCEPT: { from: ['INVITED'], to: 'ACCEPTED' },
  DECLINE: { from: ['INVITED'], to: 'DECLINED' },
} as const satisfies Record<string, ParticipantTransition>;
export type ParticipantAction = keyof typeof PARTICIPANT_TRANSITIONS;

export type ParticipantStepResult = { ok: true; to: ParticipantStatus } | { ok: false; refusal: 'WRONG_STATUS'; from: readonly (ParticipantStatus | null)[] };

export function stepParticipant(status: ParticipantStatus | null, action: ParticipantAction): ParticipantStepResult {
  const t: ParticipantTransition = PARTICIPANT_TRANSITIONS[action];
  return t.from.includes(status) ? { ok: true, to: t.to } : { ok: false, refusal: 'WRONG_STATUS', from: t.from };
}

export const answerAction = (accept: boolean): ParticipantAction => (accept ? 'ACCEPT' : 'DECLINE');

// ---- task -----------------------------------------------------------------------------------------------------

export const TASK_STATUSES = ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['ASSIGNED', 'ACKNOWLEDGED', 'IN_PROGRESS'];
/**
 * Tasks nobody took up, cancelled when their operation resolves or closes; what was acknowledged or under way keeps
 * its state, for the after-action review. (A city that declines has all its open tasks cancelled: CANCEL's `from`.)
 */
export const UNTAKEN_TASK_STATUSES: readonly TaskStatus[] = ['ASSIGNED'];

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

export type TaskStepResult = { ok: true; to: TaskStatus } | { ok: false; refusal: 'WRONG_STATUS'; from: readonly TaskStatus[] };

export function stepTask(status: TaskStatus, action: TaskAction): TaskStepResult {
  const t: TaskTransition = TASK_TRANSITIONS[action];
  return t.from.includes(status) ? { ok: true, to: t.to } : { ok: false, refusal: 'WRONG_STATUS', from: t.from };
}

/** What a task step records besides its status. */
export interface TaskProgress {
  status: TaskStatus;
  note: string | null;
  updatedBy: string | null;
  updatedAt: Date;
  acknowledgedAt: Date | null;
  completedAt: Date | null;
}

/** Applies a step already allowed (stepTask): a start without an acknowledgement counts as one. */
export function applyTaskStep(task: TaskProgress, action: TaskAction, note: string | null, by: string, at: Date): void {
  task.status = TASK_TRANSITIONS[action].to;
  if (note) task.note = note;
  task.updatedBy = by;
  task.updatedAt = at;
  if (action === 'ACKNOWLEDGE' || (action === 'START' && !task.acknowledgedAt)) task.acknowledgedAt = at;
  if (action === 'COMPLETE') task.completedAt = at;
}

// ---- early warning --------------------------------------------------------------------------------------------

/** Early-warning levels, lowest first (蓝 / 黄 / 橙 / 红). */
