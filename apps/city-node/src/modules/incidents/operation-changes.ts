import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog, type AuditActor } from '@ypf/audit';
import { cityScopedId, parseCityScopedId, ulid } from '@ypf/region';
import { auditActor, type OfficerContext } from '../../auth/request-context.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { JointOperationEntity } from './entities/joint-operation.entity.js';
import type { OperationSitrepEntity } from './entities/operation-sitrep.entity.js';
import { OperationTaskEntity } from './entities/operation-task.entity.js';
import type { PlannedTask } from './contingency-plans.js';
import { INITIAL_OPERATION_STATUS } from './incident-domain.js';
import { IncidentException } from './incidents.exception.js';
import { MSG_SITREP, MSG_SNAPSHOT } from './incidents.messages.js';
import { IncidentsRepository } from './incidents.repository.js';
import { operationSnapshot, sitrepPayload } from './incidents.views.js';

/** Who moves a campaign when no officer does: the early-warning line, for a stated rule. */
export interface SystemAuthor {
  actor: AuditActor;
  purpose: string;
}

/** The note on a task nobody took up before its campaign resolved (it is cancelled; taken-up tasks keep their state). */
export const RESOLVED_UNTAKEN = 'campaign resolved before the task was taken up';
const MINUTE_MS = 60_000;

/**
 * What every change at the lead city goes through, whoever makes it (an officer, the early-warning line, a peer's
 * message): the operation locked, the change audited, its version raised and the snapshot replicated to each invited
 * city on the operation's stream (the outbox sends it when the transaction commits).
 */
@Injectable()
export class OperationChanges {
  constructor(
    private readonly audit: AuditLog,
    private readonly outbox: OutboxService,
  ) {}

  /** The operation, row-locked for a change (an officer's or the early-warning line's: unknown ids are not found). */
  async lock(em: EntityManager, id: string): Promise<JointOperationEntity> {
    if (!parseCityScopedId(id)) throw IncidentException.notFound(String(id).slice(0, 80));
    const op = await new IncidentsRepository(em).findOperationForUpdate(id);
    if (!op) throw IncidentException.notFound(id);
    return op;
  }

  async record(
    em: EntityManager,
    who: OfficerContext | SystemAuthor,
    op: JointOperationEntity,
    action: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    await this.audit.append(em, {
      actor: 'officer' in who ? auditActor(who) : who.actor,
      purpose: who.purpose,
      action: `${op.kind.toLowerCase()}.${action}`,
      resourceKind: 'joint_operation',
      resourceIds: [op.id],
      detail,
    });
  }

  /** Raises the version, saves, and replicates (to `alsoTo` as well, e.g. a city that just declined, once). */
  async bumpAndReplicate(em: EntityManager, op: JointOperationEntity, now: Date, alsoTo: string[] = []): Promise<void> {
    op.version += 1;
    op.updatedAt = now;
    await new IncidentsRepository(em).saveOperation(op);
    await this.replicate(em, op, alsoTo);
  }

  /** The snapshot to every invited or accepted city (and to `alsoTo`). */
  async replicate(em: EntityManager, op: JointOperationEntity, alsoTo: string[] = []): Promise<void> {
    const repo = new IncidentsRepository(em);
    const participants = await repo.participantsByCity(op.id);
    const tasks = await repo.tasksOf(op.id);
    const snapshot = operationSnapshot(op, participants, tasks);
    const targets = participants.filter((p) => p.status !== 'DECLINED' || alsoTo.includes(p.city)).map((p) => p.city);
    for (const target of targets) await this.outbox.enqueue(em, { target, kind: MSG_SNAPSHOT, streamKey: op.id, payload: snapshot });
  }

  async sendSitreps(em: EntityManager, op: JointOperationEntity, sitreps: OperationSitrepEntity[], targets: string[]): Promise<void> {
    for (const target of targets) {
      for (const s of sitreps) await this.outbox.enqueue(em, { target, kind: MSG_SITREP, streamKey: op.id, payload: sitrepPayload(s) });
    }
  }
}

/** What a new operation is given; it starts in its kind's first status, at version 1, with no report or review. */
export type OperationOpening = Pick<
  JointOperationEntity,
  | 'kind'
  | 'title'
  | 'incidentType'
  | 'grade'
  | 'category'
  | 'warningLevel'
  | 'location'
  | 'affectedArea'
  | 'summary'
  | 'commanderName'
  | 'commanderContact'
  | 'planCode'
  | 'sourceReference'
  | 'reportedById'
>;

/** A new operation led by `leadCity` (an incident reported there, or a campaign its early-warning line opened). */
export function newOperation(leadCity: string, o: OperationOpening, now: Date): JointOperationEntity {
  return Object.assign(new JointOperationEntity(), {
    id: cityScopedId(leadCity, ulid(now.getTime())),
    kind: o.kind,
    leadCity,
    title: o.title,
    incidentType: o.incidentType,
    grade: o.grade,
    category: o.category,
    warningLevel: o.warningLevel,
    location: o.location,
    affectedArea: o.affectedArea,
    summary: o.summary,
    commanderName: o.commanderName,
    commanderContact: o.commanderContact,
    status: INITIAL_OPERATION_STATUS[o.kind],
    planCode: o.planCode,
    afterActionReview: null,
    sourceReference: o.sourceReference,
    version: 1,
    lastSitrepSeq: 0,
    reportedById: o.reportedById,
    createdAt: now,
    updatedAt: now,
    closedAt: null,
  } satisfies JointOperationEntity);
}

/** What a new task is given; the rest starts empty. */
export interface TaskAssignment {
  city: string;
  unit: string;
  title: string;
  description: string;
  checkpoint: boolean;
  dueAt: Date | null;
  planCode: string | null;
}

/** A new task, ASSIGNED. `n` orders tasks made in one millisecond (a plan's, in plan order). */
export function newTask(op: JointOperationEntity, t: TaskAssignment, now: Date, n = 0): OperationTaskEntity {
  // ulid() of one millisecond is not monotonic across calls in a loop: the offset keeps plan tasks in plan order.
  return Object.assign(new OperationTaskEntity(), {
    id: cityScopedId(op.leadCity, ulid(now.getTime() + n)),
    operationId: op.id,
    ...t,
    status: 'ASSIGNED',
    note: null,
    updatedBy: null,
    acknowledgedAt: null,
    completedAt: null,
    createdAt: new Date(now.getTime() + n),
    updatedAt: now,
  } satisfies OperationTaskEntity);
}

/** A plan's tasks for the lead city and the cities taking part (`leadTakesPart`: whether ALL includes the lead). */
export function plannedTasks(
  op: JointOperationEntity,
  planned: PlannedTask[],
  participants: string[],
  planCode: string,
  now: Date,
  leadTakesPart = true,
): OperationTaskEntity[] {
  const tasks: OperationTaskEntity[] = [];
  for (const p of planned) {
    const cities = p.assignee === 'LEAD' ? [op.leadCity] : p.assignee === 'PARTICIPANTS' ? participants : [op.leadCity, ...participants];
    for (const city of cities) {
      if (city === op.leadCity && !leadTakesPart && p.assignee === 'ALL') continue;
      tasks.push(
        newTask(
          op,
          {
            city,
            unit: p.unit,
            title: p.title,
            description: p.description,
            checkpoint: p.checkpoint,
            dueAt: new Date(now.getTime() + p.dueMinutes * MINUTE_MS),
            planCode,
          },
          now,
          tasks.length,
        ),
      );
    }
  }
  return tasks;
}
