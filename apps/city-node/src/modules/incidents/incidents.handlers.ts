import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { Clock } from '@ypf/common';
import { parseCityScopedId } from '@ypf/region';
import type { Envelope } from '@ypf/delivery';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { peerActor } from '../../auth/request-context.js';
import { notifyRole } from '../../core/notifications.js';
import { DeliveryHandlers, parsePeerPayload } from '../delivery/delivery-handlers.js';
import { PermanentDeliveryError } from '../delivery/delivery.exception.js';
import { PeerParticipation } from '../delivery/peer-senders.js';
import type { JointOperationEntity } from './entities/joint-operation.entity.js';
import { answerAction, applyTaskStep, OPEN_TASK_STATUSES, PARTICIPANT_TRANSITIONS, stepParticipant, stepTask, TASK_TRANSITIONS } from './incident-domain.js';
import {
  invitationAnswerPayloadSchema,
  MSG_INVITATION_ANSWER,
  MSG_SITREP,
  MSG_SNAPSHOT,
  MSG_TASK_UPDATE,
  operationSnapshotSchema,
  sitrepPayloadSchema,
  taskUpdatePayloadSchema,
} from './incidents.messages.js';
import { IncidentsRepository } from './incidents.repository.js';
import { OperationChanges } from './operation-changes.js';

/**
 * Receiving joint operations from other cities (delivery handlers, inside the inbox transaction): a participant
 * applies the lead city's snapshots (newer versions only) and situation reports; the lead city applies invitation
 * answers and task steps from the cities concerned, and replicates the result.
 */
@Injectable()
export class IncidentsHandlers implements OnModuleInit {
  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly handlers: DeliveryHandlers,
    private readonly participation: PeerParticipation,
    private readonly changes: OperationChanges,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    // The lead city; where this city leads, the invited cities; a task's own city.
    this.participation.register('joint_operation', async (em, id) => {
      const repo = new IncidentsRepository(em);
      const op = await repo.findOperationLead(id);
      if (!op) return null;
      const invited = op.leadCity === this.config.city ? await repo.participantCities(id) : [];
      return { lead: [op.leadCity], participant: invited.map((p) => p.city) };
    });
    this.participation.register('operation_task', async (em, id) => {
      const task = await new IncidentsRepository(em).findTaskCity(id);
      return task ? { assigned: [task.city] } : null;
    });
    this.handlers.register(MSG_SNAPSHOT, (em, env, payload) => this.onSnapshot(em, env, payload));
    this.handlers.register(MSG_SITREP, (em, env, payload) => this.onSitrep(em, env, payload));
    this.handlers.register(MSG_INVITATION_ANSWER, (em, env, payload) => this.onInvitationAnswer(em, env, payload));
    this.handlers.register(MSG_TASK_UPDATE, (em, env, payload) => this.onTaskUpdate(em, env, payload));
  }

  private async onSnapshot(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const snap = parsePeerPayload(operationSnapshotSchema, raw, MSG_SNAPSHOT);
    if (snap.leadCity !== env.source || parseCityScopedId(snap.id)?.city !== env.source) {
      throw new PermanentDeliveryError('an operation snapshot must come from, and carry an id of, its lead city');
    }
    const mine = snap.participants.find((p) => p.city === this.config.city);
    if (!mine) throw new PermanentDeliveryError(`${this.config.city} is not invited to ${snap.id}`);
    const repo = new IncidentsRepository(em);
    const existing = await repo.findOperationForUpdate(snap.id);
    if (existing && existing.leadCity !== env.source) throw new PermanentDeliveryError(`${snap.id} is held here for another lead city`);
    if (existing && existing.version >= snap.version) return;
    const now = this.clock.now();
    const knownTasks = await repo.taskIdsOf(snap.id);
    const { participants, tasks, ...header } = snap;
    await repo.saveOperation({
      ...header,
      createdAt: new Date(header.createdAt),
      updatedAt: new Date(header.updatedAt),
      closedAt: header.closedAt ? new Date(header.closedAt) : null,
    });
    await repo.replaceParticipants(
      snap.id,
      participants.map((p) => ({ ...p, operationId: snap.id, invitedAt: new Date(p.invitedAt), answeredAt: p.answeredAt ? new Date(p.answeredAt) : null })),
    );
    await repo.upsertTasks(
      tasks.map((t) => ({
        ...t,
        operationId: snap.id,
        dueAt: t.dueAt ? new Date(t.dueAt) : null,
        acknowledgedAt: t.acknowledgedAt ? new Date(t.acknowledgedAt) : null,
        completedAt: t.completedAt ? new Date(t.completedAt) : null,
        createdAt: new Date(t.createdAt),
        updatedAt: new Date(t.updatedAt),
      })),
    );
    const what = snap.kind === 'INCIDENT' ? `grade ${snap.grade} incident` : `${snap.warningLevel} joint campaign`;
    if (!existing) {
      const kind = snap.kind === 'INCIDENT' ? 'incident.invitation' : 'warning.campaign';
      const verb = snap.kind === 'INCIDENT' ? 'invites' : 'involves';
      const ask = mine.status === 'INVITED' ? 'Accept naming your liaison, or decline with a reason.' : '';
      await notifyRole(
        em,
        'COMMANDER',
        kind,
        `${env.source} ${verb} ${this.config.city} in the ${what} "${snap.title}" (${snap.location}). ${ask}`.trim(),
        snap.id,
        now,
      );
    }
    const newTasks = tasks.filter((t) => t.city === this.config.city && !knownTasks.has(t.id));
    if (newTasks.length) {
      const titles = newTasks.map((t) => t.title).join('; ');
      await notifyRole(
        em,
        'LIAISON_OFFICER',
        'incident.task',
        `${newTasks.length} new task(s) for ${this.config.city} in "${snap.title}": ${titles}`,
        snap.id,
        now,
      );
    }
    if (existing && existing.status !== snap.status) {
      await notifyRole(em, 'LIAISON_OFFICER', 'incident.status', `"${snap.title}" led by ${env.source} is now ${snap.status}.`, snap.id, now);
    }
    await this.audit.append(em, {
      actor: peerActor(env.source),
      action: `${snap.kind.toLowerCase()}.snapshot.received`,
      resourceKind: 'joint_operation',
      resourceIds: [snap.id],
      detail: { version: snap.version, status: snap.status },
    });
  }

  private async onSitrep(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const s = parsePeerPayload(sitrepPayloadSchema, raw, MSG_SITREP);
    const repo = new IncidentsRepository(em);
    const op = await repo.findOperation(s.operationId);
    if (!op) throw new PermanentDeliveryError(`unknown operation ${s.operationId} (its snapshot travels first on the same stream)`);
    if (op.leadCity !== env.source) throw new PermanentDeliveryError(`only ${op.leadCity} issues situation reports on ${op.id}`);
    if (await repo.sitrepExists(op.id, s.seq)) return;
    await repo.insertSitrep({ ...s, issuedAt: new Date(s.issuedAt) });
    await notifyRole(
      em,
      'LIAISON_OFFICER',
      'incident.sitrep',
      `Situation report #${s.seq} on "${op.title}" from ${env.source}: ${s.situation.slice(0, 300)}`,
      op.id,
      this.clock.now(),
      {
        seq: s.seq,
        title: op.title,
        from: env.source,
        situation: s.situation,
      },
    );
    await this.audit.append(em, {
      actor: peerActor(env.source),
      action: `${op.kind.toLowerCase()}.sitrep.received`,
      resourceKind: 'joint_operation',
      resourceIds: [op.id],
      detail: { seq: s.seq },
    });
  }

  private async onInvitationAnswer(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const a = parsePeerPayload(invitationAnswerPayloadSchema, raw, MSG_INVITATION_ANSWER);
    const repo = new IncidentsRepository(em);
    const op = await this.lockLed(repo, a.operationId);
    const p = await repo.findParticipant(op.id, env.source);
    if (!p) throw new PermanentDeliveryError(`${env.source} is not invited to ${op.id}`);
    const action = answerAction(a.accept);
    const status = PARTICIPANT_TRANSITIONS[action].to;
    if (p.status === status) return; // the same answer again
    if (!stepParticipant(p.status, action).ok) throw new PermanentDeliveryError(`${env.source} already answered ${op.id} (${p.status})`);
    const now = this.clock.now();
    Object.assign(p, {
      status,
      liaisonName: a.liaisonName,
      liaisonContact: a.liaisonContact,
      reason: a.reason,
      answeredAt: new Date(Math.min(Date.parse(a.answeredAt), now.getTime())),
    });
    await repo.saveParticipant(p);
    if (!a.accept) await repo.cancelTasks(op.id, OPEN_TASK_STATUSES, `${env.source} declined`, now, env.source);
    const said = a.accept ? `accepted "${op.title}"; liaison ${a.liaisonName} (${a.liaisonContact})` : `declined "${op.title}": ${a.reason}`;
    await notifyRole(em, 'COMMANDER', 'incident.answer', `${env.source} ${said}.`, op.id, now);
    await this.audit.append(em, {
      actor: peerActor(env.source),
      action: `${op.kind.toLowerCase()}.invitation.${a.accept ? 'accept' : 'decline'}.received`,
      resourceKind: 'joint_operation',
      resourceIds: [op.id],
    });
    await this.changes.bumpAndReplicate(em, op, now, [env.source]);
  }

  private async onTaskUpdate(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const u = parsePeerPayload(taskUpdatePayloadSchema, raw, MSG_TASK_UPDATE);
    const repo = new IncidentsRepository(em);
    const op = await this.lockLed(repo, u.operationId);
    const task = await repo.findTaskOf(op.id, u.taskId);
    if (!task) throw new PermanentDeliveryError(`unknown task ${u.taskId} of ${op.id}`);
    if (TASK_TRANSITIONS[u.action].by !== 'assignee' || task.city !== env.source)
      throw new PermanentDeliveryError(`${env.source} may not ${u.action} task ${task.id}`);
    const now = this.clock.now();
    // A step that crossed the lead's cancellation changes nothing; the next snapshot corrects the participant's copy.
    if (stepTask(task.status, u.action).ok) {
      applyTaskStep(task, u.action, u.note, u.by, new Date(Math.min(Date.parse(u.at), now.getTime())));
      await repo.saveTask(task);
    }
    await this.audit.append(em, {
      actor: peerActor(env.source),
      action: `${op.kind.toLowerCase()}.task.${u.action.toLowerCase()}.received`,
      resourceKind: 'joint_operation',
      resourceIds: [op.id],
      detail: { task: task.id, status: task.status },
    });
    await this.changes.bumpAndReplicate(em, op, now, [env.source]);
  }

  /** The operation this city leads, row-locked; anything else is a message that can never apply here. */
  private async lockLed(repo: IncidentsRepository, id: string): Promise<JointOperationEntity> {
    const op = await repo.findOperationForUpdate(id);
    if (!op) throw new PermanentDeliveryError(`unknown operation ${id}`);
    if (op.leadCity !== this.config.city) throw new PermanentDeliveryError(`${this.config.city} does not lead ${id}`);
    return op;
  }
}
