import type { JointOperationEntity } from './entities/joint-operation.entity.js';
import type { OperationParticipantEntity } from './entities/operation-participant.entity.js';
import type { OperationSitrepEntity } from './entities/operation-sitrep.entity.js';
import type { OperationTaskEntity } from './entities/operation-task.entity.js';
import { GRADE_LABELS, OPEN_TASK_STATUSES } from './incident-domain.js';
import type { OperationSnapshot, SitrepPayload } from './incidents.messages.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** How much of the summary and of the latest situation report the regional board shows a city not taking part. */
const BOARD_TEXT_CHARS = 300;
const boardText = (text: string) => text.slice(0, BOARD_TEXT_CHARS);

/** Whether a city sees an operation in full: it leads it, or takes part (invited or accepted, not declined). */
export function takesPart(city: string, op: JointOperationEntity, participants: OperationParticipantEntity[]): boolean {
  return city === op.leadCity || participants.some((p) => p.city === city && p.status !== 'DECLINED');
}

export function taskView(t: OperationTaskEntity, now: Date) {
  return {
    ...t,
    dueAt: iso(t.dueAt),
    acknowledgedAt: iso(t.acknowledgedAt),
    completedAt: iso(t.completedAt),
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    overdue: !!t.dueAt && t.dueAt < now && OPEN_TASK_STATUSES.includes(t.status),
  };
}

function sitrepView(s: OperationSitrepEntity) {
  return { ...s, issuedAt: s.issuedAt.toISOString(), casualties: s.casualties ? Object.entries(s.casualties).map(([kind, count]) => ({ kind, count })) : [] };
}

/**
 * A situation report as the regional board shows it to a city not taking part: its number, time, status and grade,
 * and the situation cut like the operation's summary; who issued it, actions, resources, next steps and casualties
 * are withheld.
 */
function boardSitrepView(s: OperationSitrepEntity) {
  return {
    seq: s.seq,
    issuedAt: s.issuedAt.toISOString(),
    issuedByName: null,
    statusAtIssue: s.statusAtIssue,
    gradeAtIssue: s.gradeAtIssue,
    situation: boardText(s.situation),
    actionsTaken: null,
    resourcesDeployed: null,
    nextSteps: null,
    casualties: [],
  };
}

/** What an operation view is made of; tasks and sitreps as the repository gave them for the access level. */
export interface OperationViewParts<R> {
  participants: OperationParticipantEntity[];
  sitreps: OperationSitrepEntity[];
  tasks: OperationTaskEntity[];
  resources: R[];
}

/**
 * The operation as this node holds it. Officers of the lead city and of cities taking part see everything (tasks,
 * reports, resources); other cities' officers see the regional-board summary (SUMMARY): grade, lead, status, the
 * incident commander to call, the summary and the latest report's situation cut to BOARD_TEXT_CHARS, the cities
 * taking part without their liaisons; no tasks, reports, casualties, resources or after-action review.
 */
export function operationView<R>(op: JointOperationEntity, full: boolean, { participants, sitreps, tasks, resources }: OperationViewParts<R>, now: Date) {
  const latest = sitreps.length ? sitreps.reduce((a, b) => (a.seq > b.seq ? a : b)) : null;
  const checkpoints = tasks.filter((t) => t.checkpoint);
  return {
    id: op.id,
    kind: op.kind,
    leadCity: op.leadCity,
    title: op.title,
    incidentType: op.incidentType,
    grade: op.grade,
    gradeLabel: op.grade ? GRADE_LABELS[op.grade] : null,
    category: op.category,
    warningLevel: op.warningLevel,
    location: op.location,
    affectedArea: op.affectedArea,
    summary: full ? op.summary : boardText(op.summary),
    commanderName: op.commanderName,
    commanderContact: op.commanderContact,
    status: op.status,
    planCode: op.planCode,
    afterActionReview: full ? op.afterActionReview : null,
    sourceReference: op.sourceReference,
    version: op.version,
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
    closedAt: iso(op.closedAt),
    accessLevel: full ? 'FULL' : 'SUMMARY',
    participants: participants.map((p) => ({
      ...p,
      ...(full ? {} : { liaisonName: null, liaisonContact: null, reason: null }),
      invitedAt: p.invitedAt.toISOString(),
      answeredAt: iso(p.answeredAt),
    })),
    tasks: tasks.map((t) => taskView(t, now)),
    checkpointBoard: checkpoints.map((t) => ({
      city: t.city,
      taskId: t.id,
      status: t.status,
      acknowledged: !!t.acknowledgedAt,
      acknowledgedAt: iso(t.acknowledgedAt),
    })),
    sitreps: full ? sitreps.map(sitrepView) : [],
    latestSitrep: latest ? (full ? sitrepView(latest) : boardSitrepView(latest)) : null,
    resources: full ? resources : [],
  };
}

// ---- peer payloads ----------------------------------------------------------------------------------------------

/** The whole operation as the lead city replicates it (MSG_SNAPSHOT). */
export function operationSnapshot(op: JointOperationEntity, participants: OperationParticipantEntity[], tasks: OperationTaskEntity[]): OperationSnapshot {
  return {
    ...op,
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
    closedAt: iso(op.closedAt),
    participants: participants.map((p) => ({
      city: p.city,
      status: p.status,
      liaisonName: p.liaisonName,
      liaisonContact: p.liaisonContact,
      reason: p.reason,
      invitedAt: p.invitedAt.toISOString(),
      answeredAt: iso(p.answeredAt),
    })),
    tasks: tasks.map((t) => {
      const { operationId: _op, ...rest } = t;
      return {
        ...rest,
        dueAt: iso(t.dueAt),
        acknowledgedAt: iso(t.acknowledgedAt),
        completedAt: iso(t.completedAt),
        createdAt: t.createdAt.toISOString(),
        updatedAt: t.updatedAt.toISOString(),
      };
    }),
  };
}

/** One situation report as it travels (MSG_SITREP). */
export function sitrepPayload(s: OperationSitrepEntity): SitrepPayload {
  return { ...s, issuedAt: s.issuedAt.toISOString() };
}
