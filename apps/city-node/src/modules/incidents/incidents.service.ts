import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { z } from 'zod';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditLog, type AuditActor } from '@ypf/audit';
import { Clock, InputError, parseInput } from '@ypf/common';
import { cityScopedId, parseCityScopedId, ulid } from '@ypf/region';
import type { Envelope } from '@ypf/delivery';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, isCrossCity, type OfficerContext, peerActor } from '../../auth/request-context.js';
import { notifyRole } from '../../core/notifications.js';
import { DeliveryHandlers, parsePeerPayload } from '../delivery/delivery-handlers.js';
import { PermanentDeliveryError } from '../delivery/delivery.exception.js';
import { PeerParticipation } from '../delivery/peer-senders.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { AssistanceService } from '../assistance/assistance.service.js';
import { JointOperationEntity } from './entities/joint-operation.entity.js';
import { OperationParticipantEntity } from './entities/operation-participant.entity.js';
import { OperationTaskEntity } from './entities/operation-task.entity.js';
import { OperationSitrepEntity } from './entities/operation-sitrep.entity.js';
import { ContingencyPlans, type PlannedTask } from './contingency-plans.js';
import { IncidentException } from './incidents.exception.js';
import {
  GRADE_LABELS,
  type IncidentGrade,
  ONGOING_OPERATION_STATUSES,
  OPEN_OPERATION_STATUSES,
  OPEN_TASK_STATUSES,
  type OperationKind,
  STATUS_TRANSITIONS,
  type StatusAction,
  TASK_TRANSITIONS,
  type TaskAction,
  type TaskStatus,
  type WarningLevel,
} from './incident-domain.js';
import {
  citiesSchema,
  invitationAnswerInputSchema,
  invitationAnswerPayloadSchema,
  type OperationSnapshot,
  operationFilterSchema,
  operationSnapshotSchema,
  regradeInputSchema,
  reportIncidentInputSchema,
  sitrepInputSchema,
  type SitrepPayload,
  sitrepPayloadSchema,
  statusChangeInputSchema,
  taskInputSchema,
  taskUpdateInputSchema,
  taskUpdatePayloadSchema,
} from './incidents.input.js';

/** Message kinds of this module (node-to-node). */
export const MSG_SNAPSHOT = 'operation.snapshot';
export const MSG_SITREP = 'operation.sitrep';
export const MSG_INVITATION_ANSWER = 'operation.invitation.answer';
export const MSG_TASK_UPDATE = 'operation.task.update';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
/** How much of the summary and of the latest situation report the regional board shows a city not taking part. */
export const BOARD_TEXT_CHARS = 300;
const boardText = (text: string) => text.slice(0, BOARD_TEXT_CHARS);
const MINUTE_MS = 60_000;
const planCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'must be a plan code like CITY_GATES');

/** What a campaign is opened with (by the early-warning line, inside its transaction). */
/** Who moves a campaign when no officer does: the early-warning line, for a stated rule. */
export interface SystemAuthor {
  actor: AuditActor;
  purpose: string;
}

export interface CampaignOpening {
  actor: SystemAuthor;
  title: string;
  category: string;
  level: WarningLevel;
  summary: string;
  area: string;
  cities: string[];
  sourceReference: string;
}

/**
 * Joint operations (DESIGN 4): incidents under unified command and joint campaigns. The lead city holds the
 * authoritative record; every change there raises its version and is replicated to each invited city as a snapshot
 * on the operation's delivery stream (so copies agree and apply in order); situation reports are numbered at the
 * lead city and travel on the same stream. Participants answer invitations and update their own tasks through
 * messages to the lead city.
 */
/** The note on a task nobody took up before its campaign resolved (it is cancelled; taken-up tasks keep their state). */
const RESOLVED_UNTAKEN = 'campaign resolved before the task was taken up';

@Injectable()
export class IncidentsService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly handlers: DeliveryHandlers,
    private readonly participation: PeerParticipation,
    private readonly assistance: AssistanceService,
    private readonly plans: ContingencyPlans,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    // The lead city; where this city leads, the invited cities; a task's own city.
    this.participation.register('joint_operation', async (em, id) => {
      const op = await em.getRepository(JointOperationEntity).findOne({ where: { id }, select: { id: true, leadCity: true } });
      if (!op) return null;
      const invited = op.leadCity === this.config.city ? await em.getRepository(OperationParticipantEntity).find({ where: { operationId: id }, select: { operationId: true, city: true } }) : [];
      return { lead: [op.leadCity], participant: invited.map((p) => p.city) };
    });
    this.participation.register('operation_task', async (em, id) => {
      const task = await em.getRepository(OperationTaskEntity).findOne({ where: { id }, select: { id: true, city: true } });
      return task ? { assigned: [task.city] } : null;
    });
    this.handlers.register(MSG_SNAPSHOT, (em, env, payload) => this.onSnapshot(em, env, payload));
    this.handlers.register(MSG_SITREP, (em, env, payload) => this.onSitrep(em, env, payload));
    this.handlers.register(MSG_INVITATION_ANSWER, (em, env, payload) => this.onInvitationAnswer(em, env, payload));
    this.handlers.register(MSG_TASK_UPDATE, (em, env, payload) => this.onTaskUpdate(em, env, payload));
  }

  // ---- lead city ---------------------------------------------------------------------------------------------

  async report(ctx: OfficerContext, raw: unknown) {
    const input = parseInput(reportIncidentInputSchema, raw);
    if (input.invitedCities.includes(this.config.city)) {
      throw new InputError(`input.invitedCities: ${this.config.city} leads this incident; invite the other cities.`, 'input.invitedCities');
    }
    const now = this.clock.now();
    const op = Object.assign(new JointOperationEntity(), {
      id: cityScopedId(this.config.city, ulid(now.getTime())),
      kind: 'INCIDENT',
      leadCity: this.config.city,
      title: input.title,
      incidentType: input.incidentType,
      grade: input.grade,
      category: null,
      warningLevel: null,
      location: input.location,
      affectedArea: input.affectedArea,
      summary: input.summary,
      commanderName: input.commanderName,
      commanderContact: input.commanderContact,
      status: 'REPORTED',
      planCode: null,
      afterActionReview: null,
      sourceReference: null,
      version: 1,
      lastSitrepSeq: 0,
      reportedById: ctx.officer.sub,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    } satisfies JointOperationEntity);
    await this.db.transaction(async (em) => {
      await em.getRepository(JointOperationEntity).insert(op);
      await this.addParticipants(em, op.id, input.invitedCities, now);
      await this.record(em, ctx, op, 'report', { grade: op.grade, type: op.incidentType, invited: input.invitedCities });
      await this.replicate(em, op);
    });
    return this.get(ctx, op.id);
  }

  async invite(ctx: OfficerContext, id: string, rawCities: unknown) {
    const cities = parseInput(citiesSchema.refine((v) => v.length > 0, 'name at least one city'), rawCities, 'cities');
    return this.changeLed(ctx, id, 'invite', async (em, op, now) => {
      if (cities.includes(op.leadCity)) throw new InputError(`cities: ${op.leadCity} leads this operation.`, 'cities');
      const existing = await em.getRepository(OperationParticipantEntity).findBy({ operationId: id });
      const fresh = cities.filter((c) => !existing.some((p) => p.city === c && p.status !== 'DECLINED'));
      if (fresh.length === 0) throw new InputError('cities: every city named is already invited.', 'cities');
      await em.getRepository(OperationParticipantEntity).delete({ operationId: id, city: In(fresh) });
      await this.addParticipants(em, id, fresh, now);
      // Cities invited late receive the reports issued so far, in order, after the snapshot.
      const sitreps = await em.getRepository(OperationSitrepEntity).find({ where: { operationId: id }, order: { seq: 'ASC' } });
      return { detail: { invited: fresh }, after: async () => this.sendSitreps(em, op, sitreps, fresh) };
    });
  }

  async regrade(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(regradeInputSchema, raw);
    return this.changeLed(ctx, id, 'regrade', async (_em, op) => {
      if (op.kind !== 'INCIDENT') throw IncidentException.invalidTransition('regrade', `a ${op.kind.toLowerCase()}`, ['an incident']);
      if (op.status === 'CLOSED') throw IncidentException.invalidTransition('regrade', op.status, OPEN_OPERATION_STATUSES);
      const from = op.grade;
      op.grade = input.grade;
      return { detail: { from, to: input.grade, reason: input.reason } };
    });
  }

  async changeStatus(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(statusChangeInputSchema, raw);
    const action = input.action as StatusAction;
    const t = STATUS_TRANSITIONS[action];
    if ('review' in t && !input.afterActionReview) {
      throw new InputError('input.afterActionReview: closing records the after-action review (what happened, what worked, what to change).', 'input.afterActionReview');
    }
    return this.changeLed(ctx, id, action.toLowerCase(), async (em, op, now) => {
      if (!(t.kinds as readonly string[]).includes(op.kind) || !(t.from as readonly string[]).includes(op.status)) {
        throw IncidentException.invalidTransition(action.toLowerCase(), `${op.status} (${op.kind.toLowerCase()})`, t.from);
      }
      op.status = t.to;
      // Tasks nobody took up are cancelled when the operation is resolved or closed; what was acknowledged or under
      // way keeps its state, for the after-action review.
      if (t.to === 'RESOLVED') await this.cancelOpenTasks(em, op.id, now, RESOLVED_UNTAKEN, undefined, ['ASSIGNED']);
      if (t.to === 'CLOSED') {
        op.closedAt = now;
        op.afterActionReview = input.afterActionReview ?? null;
        await this.cancelOpenTasks(em, op.id, now, 'operation closed before the task was taken up', undefined, ['ASSIGNED']);
      }
      return { detail: { status: t.to, reason: input.reason ?? undefined } };
    });
  }

  /** Activates a contingency plan: the planned tasks per city and the planned assistance requests, in one transaction. */
  async activatePlan(ctx: OfficerContext, id: string, rawCode: unknown) {
    const code = parseInput(planCodeSchema, rawCode, 'planCode');
    const plan = this.plans.get(code);
    if (!plan) throw IncidentException.planNotFound(code, this.plans.all().map((p) => p.code));
    const skipped: string[] = [];
    const filed: string[] = [];
    const view = await this.changeLed(ctx, id, 'plan.activate', async (em, op, now) => {
      if (plan.kind !== op.kind) throw IncidentException.planNotApplicable(code, `it is a ${plan.kind.toLowerCase()} plan and ${id} is a ${op.kind.toLowerCase()}.`);
      if (op.kind === 'INCIDENT') {
        if (!(plan.incidentTypes as string[]).includes(op.incidentType!)) {
          throw IncidentException.planNotApplicable(code, `it covers ${plan.incidentTypes.join(', ')} incidents, not ${op.incidentType}.`);
        }
        if (!(plan.grades as string[]).includes(op.grade!)) throw IncidentException.planNotApplicable(code, `it covers grades ${plan.grades.join(', ')}, not ${op.grade}.`);
      }
      if (op.planCode) throw IncidentException.invalidTransition(`activate plan ${code} for`, `already running plan ${op.planCode}`, ['without an active plan']);
      if (!['REPORTED', 'ACTIVE'].includes(op.status)) throw IncidentException.invalidTransition('activate a plan for', op.status, ['REPORTED', 'ACTIVE']);
      const participants = (await em.getRepository(OperationParticipantEntity).findBy({ operationId: id })).filter((p) => p.status !== 'DECLINED').map((p) => p.city);
      await em.getRepository(OperationTaskEntity).insert(this.plannedTasks(op, plan.tasks, participants, plan.code, now));
      for (const planned of plan.assistance) {
        const targets = participants.filter((c) => (this.assistance.acceptedBy(c, planned.kind) ? true : (skipped.push(`${c}:${planned.kind}`), false)));
        if (targets.length === 0) continue;
        const requestId = await this.assistance.fileWithin(em, ctx, {
          kind: planned.kind,
          title: planned.title,
          description: `${planned.description}\n(${plan.nameEn} / ${plan.nameZh}, for ${op.title})`,
          resourceType: planned.resourceType,
          quantity: planned.quantity,
          location: op.location,
          startsAt: now.toISOString(),
          servesReference: op.id,
          priority: planned.priority,
          targetCities: targets,
        });
        filed.push(requestId);
      }
      op.planCode = plan.code;
      if (op.status === 'REPORTED') op.status = 'ACTIVE';
      return { detail: { plan: plan.code, planVersion: this.plans.version, requests: filed, skipped } };
    });
    return view;
  }

  async assignTask(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(taskInputSchema, raw);
    return this.changeLed(ctx, id, 'task.assign', async (em, op, now) => {
      if (op.status === 'CLOSED') throw IncidentException.invalidTransition('assign a task in', op.status, OPEN_OPERATION_STATUSES);
      if (input.city !== op.leadCity) {
        const p = await em.getRepository(OperationParticipantEntity).findOneBy({ operationId: id, city: input.city });
        if (!p || p.status === 'DECLINED') throw new InputError(`input.city: ${input.city} does not take part in ${id}; invite it first.`, 'input.city');
      }
      const task = this.newTask(op, { ...input, dueAt: input.dueAt ? new Date(input.dueAt) : null, planCode: null }, now);
      await em.getRepository(OperationTaskEntity).insert(task);
      return { detail: { task: task.id, city: task.city } };
    });
  }

  async issueSitrep(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(sitrepInputSchema, raw);
    let sitrep: OperationSitrepEntity | undefined;
    return this.changeLed(ctx, id, 'sitrep', async (em, op, now) => {
      if (op.status === 'CLOSED') throw IncidentException.invalidTransition('issue a situation report on', op.status, OPEN_OPERATION_STATUSES);
      op.lastSitrepSeq += 1;
      sitrep = Object.assign(new OperationSitrepEntity(), {
        operationId: id,
        seq: op.lastSitrepSeq,
        issuedAt: now,
        issuedById: ctx.officer.sub,
        issuedByName: ctx.officer.name,
        statusAtIssue: op.status,
        gradeAtIssue: op.grade,
        situation: input.situation,
        actionsTaken: input.actionsTaken,
        resourcesDeployed: input.resourcesDeployed ?? null,
        nextSteps: input.nextSteps ?? null,
        casualties: input.casualties && Object.keys(input.casualties).length ? input.casualties : null,
      } satisfies OperationSitrepEntity);
      await em.getRepository(OperationSitrepEntity).insert(sitrep);
      const targets = (await em.getRepository(OperationParticipantEntity).findBy({ operationId: id })).filter((p) => p.status !== 'DECLINED').map((p) => p.city);
      return { detail: { seq: sitrep.seq }, after: async () => this.sendSitreps(em, op, [sitrep!], targets) };
    });
  }

  // ---- participant city (and the lead for its own tasks) ------------------------------------------------------

  async answerInvitation(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(invitationAnswerInputSchema, raw);
    await this.db.transaction(async (em) => {
      const op = await this.lock(em, id);
      if (op.leadCity === this.config.city) throw IncidentException.notInvited(id, this.config.city);
      const me = await em.getRepository(OperationParticipantEntity).findOneBy({ operationId: id, city: this.config.city });
      if (!me || me.status !== 'INVITED') throw IncidentException.notInvited(id, this.config.city);
      const now = this.clock.now();
      Object.assign(me, {
        status: input.accept ? 'ACCEPTED' : 'DECLINED',
        liaisonName: input.accept ? input.liaisonName! : null,
        liaisonContact: input.accept ? input.liaisonContact! : null,
        reason: input.reason ?? null,
        answeredAt: now,
      });
      await em.getRepository(OperationParticipantEntity).save(me);
      await this.record(em, ctx, op, input.accept ? 'invitation.accept' : 'invitation.decline', { liaison: me.liaisonName ?? undefined, reason: me.reason ?? undefined });
      await this.outbox.enqueue(em, {
        target: op.leadCity,
        kind: MSG_INVITATION_ANSWER,
        streamKey: op.id,
        payload: { operationId: id, accept: input.accept, liaisonName: me.liaisonName, liaisonContact: me.liaisonContact, reason: me.reason, answeredAt: now.toISOString() },
      });
    });
    return this.get(ctx, id);
  }

  /** A task's own city acknowledges, starts, reports on or completes it; the lead city may cancel any task. */
  async updateTask(ctx: OfficerContext, taskId: string, raw: unknown) {
    const input = parseInput(taskUpdateInputSchema, raw);
    const t = TASK_TRANSITIONS[input.action];
    if ('note' in t && !input.note) throw new InputError(`input.note: ${input.action} needs a note.`, 'input.note');
    await this.db.transaction(async (em) => {
      const found = parseCityScopedId(taskId) ? await em.getRepository(OperationTaskEntity).findOneBy({ id: taskId }) : null;
      if (!found) throw IncidentException.taskNotFound(String(taskId).slice(0, 80));
      const op = await this.lock(em, found.operationId);
      const task = await em.getRepository(OperationTaskEntity).findOneByOrFail({ id: taskId });
      const iLead = op.leadCity === this.config.city;
      if (t.by === 'lead' && !iLead) throw IncidentException.notLead(op.id, op.leadCity);
      if (t.by === 'assignee' && task.city !== this.config.city) throw IncidentException.notAssignee(taskId, task.city);
      if (!(t.from as readonly string[]).includes(task.status)) throw IncidentException.invalidTransition(`${input.action.toLowerCase()} a task`, task.status, t.from);
      const now = this.clock.now();
      this.applyTask(task, input.action, input.note ?? null, ctx.officer.sub, now);
      await em.getRepository(OperationTaskEntity).save(task);
      await this.record(em, ctx, op, `task.${input.action.toLowerCase()}`, { task: taskId, status: task.status });
      if (iLead) return this.bumpAndReplicate(em, op, now);
      await this.outbox.enqueue(em, {
        target: op.leadCity,
        kind: MSG_TASK_UPDATE,
        streamKey: op.id,
        payload: { operationId: op.id, taskId, action: input.action, note: input.note ?? null, by: ctx.officer.sub, at: now.toISOString() },
      });
    });
    const task = await this.db.getRepository(OperationTaskEntity).findOneByOrFail({ id: taskId });
    return this.taskView(task);
  }

  // ---- campaigns (opened and moved by the early-warning line, in its transaction) --------------------------------

  /** Opens a joint campaign from the category's plan: tasks for every affected city, each city notified. */
  async openCampaign(em: EntityManager, c: CampaignOpening): Promise<string> {
    const plan = this.plans.campaignFor(c.category);
    if (!plan) throw new Error(`no campaign plan covers ${c.category}; add one to the contingency plans`);
    const now = this.clock.now();
    const op = Object.assign(new JointOperationEntity(), {
      id: cityScopedId(this.config.city, ulid(now.getTime())),
      kind: 'CAMPAIGN',
      leadCity: this.config.city,
      title: c.title,
      incidentType: null,
      grade: null,
      category: c.category,
      warningLevel: c.level,
      location: c.area,
      affectedArea: c.cities.join(', '),
      summary: c.summary,
      commanderName: 'Duty commander 值班指挥长',
      commanderContact: `${this.config.city} command centre`,
      status: 'ACTIVE',
      planCode: plan.code,
      afterActionReview: null,
      sourceReference: c.sourceReference,
      version: 1,
      lastSitrepSeq: 0,
      reportedById: c.actor.actor.id,
      createdAt: now,
      updatedAt: now,
      closedAt: null,
    } satisfies JointOperationEntity);
    await em.getRepository(JointOperationEntity).insert(op);
    const others = c.cities.filter((x) => x !== this.config.city);
    await this.addParticipants(em, op.id, others, now);
    await em.getRepository(OperationTaskEntity).insert(this.plannedTasks(op, plan.tasks, others, plan.code, now, c.cities.includes(this.config.city)));
    await this.record(em, c.actor, op, 'open', { level: c.level, category: c.category, cities: c.cities, plan: plan.code, alert: c.sourceReference });
    await notifyRole(em, 'COMMANDER', 'warning.campaign', `${c.level} warning: joint campaign "${c.title}" opened for ${c.cities.join(', ')} (plan ${plan.code}).`, op.id, now);
    await this.replicate(em, op);
    return op.id;
  }

  /** Raises (never lowers) a campaign's level; every city is told. */
  async raiseCampaign(em: EntityManager, actor: SystemAuthor, id: string, level: WarningLevel, why: string): Promise<void> {
    const op = await this.lock(em, id);
    if (op.status !== 'ACTIVE') return;
    const from = op.warningLevel;
    op.warningLevel = level;
    op.summary = `${op.summary}\n${this.clock.now().toISOString()}: raised from ${from} to ${level}: ${why}`.slice(-4000);
    await this.record(em, actor, op, 'escalate', { from, to: level });
    await notifyRole(em, 'COMMANDER', 'warning.campaign', `Joint campaign "${op.title}" raised from ${from} to ${level}: ${why}`, op.id, this.clock.now());
    await this.bumpAndReplicate(em, op, this.clock.now());
  }

  /** The warning that opened the campaign has resolved: the campaign is RESOLVED (closed later with its review). */
  async resolveCampaign(em: EntityManager, actor: SystemAuthor, id: string, why: string): Promise<void> {
    const op = await this.lock(em, id);
    if (op.status !== 'ACTIVE') return;
    op.status = 'RESOLVED';
    op.summary = `${op.summary}\n${this.clock.now().toISOString()}: resolved: ${why}`.slice(-4000);
    await this.cancelOpenTasks(em, op.id, this.clock.now(), RESOLVED_UNTAKEN, undefined, ['ASSIGNED']);
    await this.record(em, actor, op, 'resolve', { reason: why });
    await notifyRole(em, 'COMMANDER', 'warning.campaign', `Joint campaign "${op.title}" resolved: ${why}`, op.id, this.clock.now());
    await this.bumpAndReplicate(em, op, this.clock.now());
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  async list(ctx: OfficerContext, rawFilter: unknown) {
    const f = parseInput(operationFilterSchema, rawFilter ?? {}, 'filter');
    await this.requirePurpose(ctx, []);
    const qb = this.db.getRepository(JointOperationEntity).createQueryBuilder('o').orderBy('o.updated_at', 'DESC').take(f.limit ?? 100);
    if (f.kind) qb.andWhere('o.kind = :kind', { kind: f.kind });
    if (f.status) qb.andWhere('o.status = :status', { status: f.status });
    if (f.openOnly) qb.andWhere('o.status IN (:...open)', { open: ONGOING_OPERATION_STATUSES });
    if (f.ledHere || isCrossCity(ctx)) qb.andWhere('o.lead_city = :me', { me: this.config.city });
    const ops = await qb.getMany();
    const views = await Promise.all(ops.map((o) => this.view(ctx, o)));
    if (isCrossCity(ctx) && ops.length) await this.auditRead(ctx, views);
    return views;
  }

  async get(ctx: OfficerContext, id: string) {
    await this.requirePurpose(ctx, parseCityScopedId(id) ? [id] : []);
    const op = parseCityScopedId(id) ? await this.db.getRepository(JointOperationEntity).findOneBy({ id }) : null;
    if (!op || (isCrossCity(ctx) && op.leadCity !== this.config.city)) throw IncidentException.notFound(String(id).slice(0, 80));
    const view = await this.view(ctx, op);
    if (isCrossCity(ctx)) await this.auditRead(ctx, [view]);
    return view;
  }

  plansList() {
    return this.plans.all().map((p) => ({ ...p, version: this.plans.version }));
  }

  // ---- receiving (delivery handlers) ---------------------------------------------------------------------------

  private async onSnapshot(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const snap = parsePeerPayload(operationSnapshotSchema, raw, MSG_SNAPSHOT);
    if (snap.leadCity !== env.source || parseCityScopedId(snap.id)?.city !== env.source) {
      throw new PermanentDeliveryError('an operation snapshot must come from, and carry an id of, its lead city');
    }
    const mine = snap.participants.find((p) => p.city === this.config.city);
    if (!mine) throw new PermanentDeliveryError(`${this.config.city} is not invited to ${snap.id}`);
    const existing = await em.getRepository(JointOperationEntity).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id: snap.id }).getOne();
    if (existing && existing.leadCity !== env.source) throw new PermanentDeliveryError(`${snap.id} is held here for another lead city`);
    if (existing && existing.version >= snap.version) return;
    const now = this.clock.now();
    const knownTasks = new Set((await em.getRepository(OperationTaskEntity).findBy({ operationId: snap.id })).map((t) => t.id));
    const { participants, tasks, ...header } = snap;
    await em.getRepository(JointOperationEntity).save({
      ...header,
      createdAt: new Date(header.createdAt),
      updatedAt: new Date(header.updatedAt),
      closedAt: header.closedAt ? new Date(header.closedAt) : null,
    });
    await em.getRepository(OperationParticipantEntity).delete({ operationId: snap.id });
    if (participants.length) {
      await em.getRepository(OperationParticipantEntity).insert(
        participants.map((p) => ({ ...p, operationId: snap.id, invitedAt: new Date(p.invitedAt), answeredAt: p.answeredAt ? new Date(p.answeredAt) : null })),
      );
    }
    if (tasks.length) {
      await em.getRepository(OperationTaskEntity).upsert(
        tasks.map((t) => ({
          ...t,
          operationId: snap.id,
          dueAt: t.dueAt ? new Date(t.dueAt) : null,
          acknowledgedAt: t.acknowledgedAt ? new Date(t.acknowledgedAt) : null,
          completedAt: t.completedAt ? new Date(t.completedAt) : null,
          createdAt: new Date(t.createdAt),
          updatedAt: new Date(t.updatedAt),
        })),
        ['id'],
      );
    }
    const what = snap.kind === 'INCIDENT' ? `grade ${snap.grade} incident` : `${snap.warningLevel} joint campaign`;
    if (!existing) {
      const kind = snap.kind === 'INCIDENT' ? 'incident.invitation' : 'warning.campaign';
      await notifyRole(em, 'COMMANDER', kind, `${env.source} ${snap.kind === 'INCIDENT' ? 'invites' : 'involves'} ${this.config.city} in the ${what} "${snap.title}" (${snap.location}). ${mine.status === 'INVITED' ? 'Accept naming your liaison, or decline with a reason.' : ''}`.trim(), snap.id, now);
    }
    const newTasks = tasks.filter((t) => t.city === this.config.city && !knownTasks.has(t.id));
    if (newTasks.length) {
      await notifyRole(em, 'LIAISON_OFFICER', 'incident.task', `${newTasks.length} new task(s) for ${this.config.city} in "${snap.title}": ${newTasks.map((t) => t.title).join('; ')}`, snap.id, now);
    }
    if (existing && existing.status !== snap.status) {
      await notifyRole(em, 'LIAISON_OFFICER', 'incident.status', `"${snap.title}" led by ${env.source} is now ${snap.status}.`, snap.id, now);
    }
    await this.audit.append(em, { actor: peerActor(env.source), action: `${snap.kind.toLowerCase()}.snapshot.received`, resourceKind: 'joint_operation', resourceIds: [snap.id], detail: { version: snap.version, status: snap.status } });
  }

  private async onSitrep(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const s = parsePeerPayload(sitrepPayloadSchema, raw, MSG_SITREP);
    const op = await em.getRepository(JointOperationEntity).findOneBy({ id: s.operationId });
    if (!op) throw new PermanentDeliveryError(`unknown operation ${s.operationId} (its snapshot travels first on the same stream)`);
    if (op.leadCity !== env.source) throw new PermanentDeliveryError(`only ${op.leadCity} issues situation reports on ${op.id}`);
    if (await em.getRepository(OperationSitrepEntity).existsBy({ operationId: op.id, seq: s.seq })) return;
    await em.getRepository(OperationSitrepEntity).insert({ ...s, issuedAt: new Date(s.issuedAt) });
    await notifyRole(em, 'LIAISON_OFFICER', 'incident.sitrep', `Situation report #${s.seq} on "${op.title}" from ${env.source}: ${s.situation.slice(0, 300)}`, op.id, this.clock.now(), {
      seq: s.seq,
      title: op.title,
      from: env.source,
      situation: s.situation,
    });
    await this.audit.append(em, { actor: peerActor(env.source), action: `${op.kind.toLowerCase()}.sitrep.received`, resourceKind: 'joint_operation', resourceIds: [op.id], detail: { seq: s.seq } });
  }

  private async onInvitationAnswer(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const a = parsePeerPayload(invitationAnswerPayloadSchema, raw, MSG_INVITATION_ANSWER);
    const op = await this.lockForPeer(em, a.operationId);
    const p = await em.getRepository(OperationParticipantEntity).findOneBy({ operationId: op.id, city: env.source });
    if (!p) throw new PermanentDeliveryError(`${env.source} is not invited to ${op.id}`);
    const status = a.accept ? 'ACCEPTED' : 'DECLINED';
    if (p.status === status) return;
    if (p.status !== 'INVITED') throw new PermanentDeliveryError(`${env.source} already answered ${op.id} (${p.status})`);
    const now = this.clock.now();
    Object.assign(p, { status, liaisonName: a.liaisonName, liaisonContact: a.liaisonContact, reason: a.reason, answeredAt: new Date(Math.min(Date.parse(a.answeredAt), now.getTime())) });
    await em.getRepository(OperationParticipantEntity).save(p);
    if (!a.accept) await this.cancelOpenTasks(em, op.id, now, `${env.source} declined`, env.source);
    await notifyRole(em, 'COMMANDER', 'incident.answer', `${env.source} ${a.accept ? `accepted "${op.title}"; liaison ${a.liaisonName} (${a.liaisonContact})` : `declined "${op.title}": ${a.reason}`}.`, op.id, now);
    await this.audit.append(em, { actor: peerActor(env.source), action: `${op.kind.toLowerCase()}.invitation.${a.accept ? 'accept' : 'decline'}.received`, resourceKind: 'joint_operation', resourceIds: [op.id] });
    await this.bumpAndReplicate(em, op, now, [env.source]);
  }

  private async onTaskUpdate(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const u = parsePeerPayload(taskUpdatePayloadSchema, raw, MSG_TASK_UPDATE);
    const op = await this.lockForPeer(em, u.operationId);
    const task = await em.getRepository(OperationTaskEntity).findOneBy({ id: u.taskId, operationId: op.id });
    if (!task) throw new PermanentDeliveryError(`unknown task ${u.taskId} of ${op.id}`);
    const t = TASK_TRANSITIONS[u.action];
    if (t.by !== 'assignee' || task.city !== env.source) throw new PermanentDeliveryError(`${env.source} may not ${u.action} task ${task.id}`);
    const now = this.clock.now();
    // A step that crossed the lead's cancellation changes nothing; the next snapshot corrects the participant's copy.
    if ((t.from as readonly string[]).includes(task.status)) {
      this.applyTask(task, u.action, u.note, u.by, new Date(Math.min(Date.parse(u.at), now.getTime())));
      await em.getRepository(OperationTaskEntity).save(task);
    }
    await this.audit.append(em, { actor: peerActor(env.source), action: `${op.kind.toLowerCase()}.task.${u.action.toLowerCase()}.received`, resourceKind: 'joint_operation', resourceIds: [op.id], detail: { task: task.id, status: task.status } });
    await this.bumpAndReplicate(em, op, now, [env.source]);
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  /**
   * One change at the lead city: lock, check, apply, audit, raise the version and replicate to every invited city,
   * (sent when the transaction commits). `change` may return a step whose messages follow the snapshots in the stream.
   */
  private async changeLed(
    ctx: OfficerContext,
    id: string,
    action: string,
    change: (em: EntityManager, op: JointOperationEntity, now: Date) => Promise<{ detail: Record<string, unknown>; after?: () => Promise<void> }>,
  ) {
    await this.db.transaction(async (em) => {
      const op = await this.lock(em, id);
      if (op.leadCity !== this.config.city) throw IncidentException.notLead(id, op.leadCity);
      const now = this.clock.now();
      const { detail, after } = await change(em, op, now);
      await this.record(em, ctx, op, action, detail);
      await this.bumpAndReplicate(em, op, now);
      if (after) await after();
    });
    return this.get(ctx, id);
  }

  private async bumpAndReplicate(em: EntityManager, op: JointOperationEntity, now: Date, alsoTo: string[] = []): Promise<void> {
    op.version += 1;
    op.updatedAt = now;
    await em.getRepository(JointOperationEntity).save(op);
    await this.replicate(em, op, alsoTo);
  }

  /** The snapshot to every invited or accepted city (and to `alsoTo`, e.g. a city that just declined, once). */
  private async replicate(em: EntityManager, op: JointOperationEntity, alsoTo: string[] = []): Promise<void> {
    const participants = await em.getRepository(OperationParticipantEntity).find({ where: { operationId: op.id }, order: { city: 'ASC' } });
    const tasks = await em.getRepository(OperationTaskEntity).find({ where: { operationId: op.id }, order: { createdAt: 'ASC', id: 'ASC' } });
    const snapshot = this.snapshot(op, participants, tasks);
    const targets = participants.filter((p) => p.status !== 'DECLINED' || alsoTo.includes(p.city)).map((p) => p.city);
    for (const target of targets) await this.outbox.enqueue(em, { target, kind: MSG_SNAPSHOT, streamKey: op.id, payload: snapshot });
  }

  private async sendSitreps(em: EntityManager, op: JointOperationEntity, sitreps: OperationSitrepEntity[], targets: string[]): Promise<void> {
    for (const target of targets) {
      for (const s of sitreps) await this.outbox.enqueue(em, { target, kind: MSG_SITREP, streamKey: op.id, payload: this.sitrepPayload(s) });
    }
  }

  private async addParticipants(em: EntityManager, operationId: string, cities: string[], now: Date): Promise<void> {
    if (cities.length === 0) return;
    await em.getRepository(OperationParticipantEntity).insert(
      cities.map((city) => ({ operationId, city, status: 'INVITED', liaisonName: null, liaisonContact: null, reason: null, invitedAt: now, answeredAt: null })),
    );
  }

  private plannedTasks(op: JointOperationEntity, planned: PlannedTask[], participants: string[], planCode: string, now: Date, leadTakesPart = true): OperationTaskEntity[] {
    const tasks: OperationTaskEntity[] = [];
    for (const p of planned) {
      const cities = p.assignee === 'LEAD' ? [op.leadCity] : p.assignee === 'PARTICIPANTS' ? participants : [op.leadCity, ...participants];
      for (const city of cities) {
        if (city === op.leadCity && !leadTakesPart && p.assignee === 'ALL') continue;
        tasks.push(this.newTask(op, { city, unit: p.unit, title: p.title, description: p.description, checkpoint: p.checkpoint, dueAt: new Date(now.getTime() + p.dueMinutes * MINUTE_MS), planCode }, now, tasks.length));
      }
    }
    return tasks;
  }

  private newTask(
    op: JointOperationEntity,
    t: { city: string; unit: string; title: string; description: string; checkpoint: boolean; dueAt: Date | null; planCode: string | null },
    now: Date,
    n = 0,
  ): OperationTaskEntity {
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

  private applyTask(task: OperationTaskEntity, action: TaskAction, note: string | null, by: string, at: Date): void {
    task.status = TASK_TRANSITIONS[action].to;
    if (note) task.note = note;
    task.updatedBy = by;
    task.updatedAt = at;
    if (action === 'ACKNOWLEDGE' || (action === 'START' && !task.acknowledgedAt)) task.acknowledgedAt = at;
    if (action === 'COMPLETE') task.completedAt = at;
  }

  private async cancelOpenTasks(em: EntityManager, operationId: string, now: Date, why: string, city?: string, statuses: readonly TaskStatus[] = OPEN_TASK_STATUSES): Promise<void> {
    const qb = em
      .createQueryBuilder()
      .update(OperationTaskEntity)
      .set({ status: 'CANCELLED', note: why, updatedAt: now })
      .where('operation_id = :id AND status IN (:...open)', { id: operationId, open: statuses });
    if (city) qb.andWhere('city = :city', { city });
    await qb.execute();
  }

  private async record(em: EntityManager, who: OfficerContext | SystemAuthor, op: JointOperationEntity, action: string, detail: Record<string, unknown>): Promise<void> {
    await this.audit.append(em, {
      actor: 'officer' in who ? auditActor(who) : who.actor,
      purpose: who.purpose,
      action: `${op.kind.toLowerCase()}.${action}`,
      resourceKind: 'joint_operation',
      resourceIds: [op.id],
      detail,
    });
  }

  /** A cross-city read, with the level each operation was shown at (FULL to cities taking part, else SUMMARY). */
  private async auditRead(ctx: OfficerContext, views: { id: string; accessLevel: string }[]): Promise<void> {
    const levels = Object.fromEntries(views.map((v) => [v.id, v.accessLevel]));
    await this.db.transaction((em) =>
      this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: 'operation.read',
        resourceKind: 'joint_operation',
        resourceIds: views.map((v) => v.id),
        accessLevel: views.some((v) => v.accessLevel === 'FULL') ? 'FULL' : 'SUMMARY',
        detail: { levels },
      }),
    );
  }

  /** Cross-city reads carry personal data (names, contacts, casualties, free text): they need a purpose, like everywhere else. */
  private async requirePurpose(ctx: OfficerContext, ids: string[]): Promise<void> {
    if (!isCrossCity(ctx) || ctx.purpose) return;
    await this.audit.append(this.db.manager, {
      actor: auditActor(ctx),
      action: 'operation.read',
      resourceKind: 'joint_operation',
      resourceIds: ids,
      outcome: 'REFUSED',
      detail: { reason: 'no purpose given' },
    });
    throw IncidentException.purposeRequired(this.config.city);
  }

  private async lock(em: EntityManager, id: string): Promise<JointOperationEntity> {
    if (!parseCityScopedId(id)) throw IncidentException.notFound(String(id).slice(0, 80));
    const op = await em.getRepository(JointOperationEntity).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
    if (!op) throw IncidentException.notFound(id);
    return op;
  }

  private async lockForPeer(em: EntityManager, id: string): Promise<JointOperationEntity> {
    const op = await em.getRepository(JointOperationEntity).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
    if (!op) throw new PermanentDeliveryError(`unknown operation ${id}`);
    if (op.leadCity !== this.config.city) throw new PermanentDeliveryError(`${this.config.city} does not lead ${id}`);
    return op;
  }

  private snapshot(op: JointOperationEntity, participants: OperationParticipantEntity[], tasks: OperationTaskEntity[]): OperationSnapshot {
    return {
      ...op,
      kind: op.kind as OperationKind,
      incidentType: op.incidentType as OperationSnapshot['incidentType'],
      grade: op.grade as IncidentGrade | null,
      warningLevel: op.warningLevel as WarningLevel | null,
      status: op.status as OperationSnapshot['status'],
      createdAt: op.createdAt.toISOString(),
      updatedAt: op.updatedAt.toISOString(),
      closedAt: iso(op.closedAt),
      participants: participants.map((p) => ({
        city: p.city,
        status: p.status as OperationSnapshot['participants'][number]['status'],
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
          status: t.status as OperationSnapshot['tasks'][number]['status'],
          dueAt: iso(t.dueAt),
          acknowledgedAt: iso(t.acknowledgedAt),
          completedAt: iso(t.completedAt),
          createdAt: t.createdAt.toISOString(),
          updatedAt: t.updatedAt.toISOString(),
        };
      }),
    };
  }

  private sitrepPayload(s: OperationSitrepEntity): SitrepPayload {
    return { ...s, statusAtIssue: s.statusAtIssue as SitrepPayload['statusAtIssue'], issuedAt: s.issuedAt.toISOString() };
  }

  private sitrepView(s: OperationSitrepEntity) {
    return { ...s, issuedAt: s.issuedAt.toISOString(), casualties: s.casualties ? Object.entries(s.casualties).map(([kind, count]) => ({ kind, count })) : [] };
  }

  /**
   * A situation report as the regional board shows it to a city not taking part: its number, time, status and grade,
   * and the situation cut like the operation's summary; who issued it, actions, resources, next steps and casualties
   * are withheld.
   */
  private boardSitrepView(s: OperationSitrepEntity) {
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

  private taskView(t: OperationTaskEntity) {
    const now = this.clock.now();
    return {
      ...t,
      dueAt: iso(t.dueAt),
      acknowledgedAt: iso(t.acknowledgedAt),
      completedAt: iso(t.completedAt),
      createdAt: t.createdAt.toISOString(),
      updatedAt: t.updatedAt.toISOString(),
      overdue: !!t.dueAt && t.dueAt < now && (OPEN_TASK_STATUSES as readonly string[]).includes(t.status),
    };
  }

  /**
   * The operation as this node holds it. Officers of the lead city and of cities taking part see everything (tasks,
   * reports, resources); other cities' officers see the regional-board summary (SUMMARY): grade, lead, status, the
   * incident commander to call, the summary and the latest report's situation cut to BOARD_TEXT_CHARS, the cities
   * taking part without their liaisons; no tasks, reports, casualties, resources or after-action review.
   */
  private async view(ctx: OfficerContext, op: JointOperationEntity) {
    const participants = await this.db.getRepository(OperationParticipantEntity).find({ where: { operationId: op.id }, order: { city: 'ASC' } });
    const takesPart = ctx.officer.city === op.leadCity || participants.some((p) => p.city === ctx.officer.city && p.status !== 'DECLINED');
    const sitreps = await this.db.getRepository(OperationSitrepEntity).find({ where: { operationId: op.id }, order: { seq: takesPart ? 'ASC' : 'DESC' }, ...(takesPart ? {} : { take: 1 }) });
    const latest = sitreps.length ? sitreps.reduce((a, b) => (a.seq > b.seq ? a : b)) : null;
    const tasks = takesPart ? await this.db.getRepository(OperationTaskEntity).find({ where: { operationId: op.id }, order: { createdAt: 'ASC', id: 'ASC' } }) : [];
    const checkpoints = tasks.filter((t) => t.checkpoint);
    return {
      id: op.id,
      kind: op.kind,
      leadCity: op.leadCity,
      title: op.title,
      incidentType: op.incidentType,
      grade: op.grade,
      gradeLabel: op.grade ? GRADE_LABELS[op.grade as IncidentGrade] : null,
      category: op.category,
      warningLevel: op.warningLevel,
      location: op.location,
      affectedArea: op.affectedArea,
      summary: takesPart ? op.summary : boardText(op.summary),
      commanderName: op.commanderName,
      commanderContact: op.commanderContact,
      status: op.status,
      planCode: op.planCode,
      afterActionReview: takesPart ? op.afterActionReview : null,
      sourceReference: op.sourceReference,
      version: op.version,
      createdAt: op.createdAt.toISOString(),
      updatedAt: op.updatedAt.toISOString(),
      closedAt: iso(op.closedAt),
      accessLevel: takesPart ? 'FULL' : 'SUMMARY',
      participants: participants.map((p) => ({
        ...p,
        ...(takesPart ? {} : { liaisonName: null, liaisonContact: null, reason: null }),
        invitedAt: p.invitedAt.toISOString(),
        answeredAt: iso(p.answeredAt),
      })),
      tasks: tasks.map((t) => this.taskView(t)),
      checkpointBoard: checkpoints.map((t) => ({ city: t.city, taskId: t.id, status: t.status, acknowledged: !!t.acknowledgedAt, acknowledgedAt: iso(t.acknowledgedAt) })),
      sitreps: takesPart ? sitreps.map((s) => this.sitrepView(s)) : [],
      latestSitrep: latest ? (takesPart ? this.sitrepView(latest) : this.boardSitrepView(latest)) : null,
      resources: takesPart ? (await this.assistance.serving(op.id)).filter((r) => r !== null) : [],
    };
  }
}
