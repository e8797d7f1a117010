// Over 400 lines: every officer command on a joint operation (lead and participant side) and the reads that share their access rules.
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { Clock, InputError, parseInput } from '@ypf/common';
import { parseCityScopedId } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, isCrossCity, type OfficerContext } from '../../auth/request-context.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { AssistanceService } from '../assistance/assistance.service.js';
import { JointOperationEntity } from './entities/joint-operation.entity.js';
import { OperationSitrepEntity } from './entities/operation-sitrep.entity.js';
import { ContingencyPlans } from './contingency-plans.js';
import { IncidentException } from './incidents.exception.js';
import {
  answerAction,
  applyTaskStep,
  type OperationAction,
  type OperationStatus,
  STATUS_TRANSITIONS,
  stepOperation,
  stepParticipant,
  stepTask,
  TASK_TRANSITIONS,
  UNTAKEN_TASK_STATUSES,
} from './incident-domain.js';
import {
  citiesSchema,
  invitationAnswerInputSchema,
  operationFilterSchema,
  regradeInputSchema,
  reportIncidentInputSchema,
  sitrepInputSchema,
  statusChangeInputSchema,
  taskInputSchema,
  taskUpdateInputSchema,
} from './incidents.input.js';
import { type InvitationAnswerPayload, MSG_INVITATION_ANSWER, MSG_TASK_UPDATE, type TaskUpdatePayload } from './incidents.messages.js';
import { IncidentsRepository } from './incidents.repository.js';
import { operationView, takesPart, taskView } from './incidents.views.js';
import { newOperation, newTask, OperationChanges, plannedTasks, RESOLVED_UNTAKEN } from './operation-changes.js';

const planCodeSchema = z.string().regex(/^[A-Z][A-Z0-9_]{2,63}$/, 'must be a plan code like CITY_GATES');

/** What a change at the lead city did: its audit detail, and messages to send after the snapshots on the stream. */
interface LedChange {
  detail: Record<string, unknown>;
  after?: () => Promise<void>;
}

/**
 * Joint operations (DESIGN 4): incidents under unified command and joint campaigns. The lead city holds the
 * authoritative record; every change there raises its version and is replicated to each invited city as a snapshot
 * on the operation's delivery stream (so copies agree and apply in order); situation reports are numbered at the
 * lead city and travel on the same stream. Participants answer invitations and update their own tasks through
 * messages to the lead city (received by IncidentsHandlers). The early-warning line's campaigns: CampaignsService.
 */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly changes: OperationChanges,
    private readonly assistance: AssistanceService,
    private readonly plans: ContingencyPlans,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  // ---- lead city ---------------------------------------------------------------------------------------------

  async report(ctx: OfficerContext, raw: unknown) {
    const input = parseInput(reportIncidentInputSchema, raw);
    if (input.invitedCities.includes(this.config.city)) {
      throw new InputError(`input.invitedCities: ${this.config.city} leads this incident; invite the other cities.`, 'input.invitedCities');
    }
    const now = this.clock.now();
    const op = newOperation(
      this.config.city,
      {
        kind: 'INCIDENT',
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
        planCode: null,
        sourceReference: null,
        reportedById: ctx.officer.sub,
      },
      now,
    );
    await this.db.transaction(async (em) => {
      const repo = new IncidentsRepository(em);
      await repo.insertOperation(op);
      await repo.addParticipants(op.id, input.invitedCities, now);
      await this.changes.record(em, ctx, op, 'report', { grade: op.grade, type: op.incidentType, invited: input.invitedCities });
      await this.changes.replicate(em, op);
    });
    return this.get(ctx, op.id);
  }

  async invite(ctx: OfficerContext, id: string, rawCities: unknown) {
    const cities = parseInput(
      citiesSchema.refine((v) => v.length > 0, 'name at least one city'),
      rawCities,
      'cities',
    );
    return this.changeLed(ctx, id, 'invite', async (em, op, now) => {
      if (cities.includes(op.leadCity)) throw new InputError(`cities: ${op.leadCity} leads this operation.`, 'cities');
      const repo = new IncidentsRepository(em);
      const existing = await repo.participantsOf(id);
      const fresh = cities.filter((c) => stepParticipant(existing.find((p) => p.city === c)?.status ?? null, 'INVITE').ok);
      if (fresh.length === 0) throw new InputError('cities: every city named is already invited.', 'cities');
      await repo.removeParticipants(id, fresh);
      await repo.addParticipants(id, fresh, now);
      // Cities invited late receive the reports issued so far, in order, after the snapshot.
      const sitreps = await repo.sitrepsOf(id);
      return { detail: { invited: fresh }, after: async () => this.changes.sendSitreps(em, op, sitreps, fresh) };
    });
  }

  async regrade(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(regradeInputSchema, raw);
    return this.changeLed(ctx, id, 'regrade', async (_em, op) => {
      this.step(op, 'REGRADE');
      const from = op.grade;
      op.grade = input.grade;
      return { detail: { from, to: input.grade, reason: input.reason } };
    });
  }

  async changeStatus(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(statusChangeInputSchema, raw);
    const action = input.action;
    if ('review' in STATUS_TRANSITIONS[action] && !input.afterActionReview) {
      throw new InputError(
        'input.afterActionReview: closing records the after-action review (what happened, what worked, what to change).',
        'input.afterActionReview',
      );
    }
    return this.changeLed(ctx, id, action.toLowerCase(), async (em, op, now) => {
      op.status = this.step(op, action);
      // Tasks nobody took up are cancelled when the operation is resolved or closed; what was acknowledged or under
      // way keeps its state, for the after-action review.
      const repo = new IncidentsRepository(em);
      if (op.status === 'RESOLVED') await repo.cancelTasks(op.id, UNTAKEN_TASK_STATUSES, RESOLVED_UNTAKEN, now);
      if (op.status === 'CLOSED') {
        op.closedAt = now;
        op.afterActionReview = input.afterActionReview ?? null;
        await repo.cancelTasks(op.id, UNTAKEN_TASK_STATUSES, 'operation closed before the task was taken up', now);
      }
      return { detail: { status: op.status, reason: input.reason ?? undefined } };
    });
  }

  /** Activates a contingency plan: the planned tasks per city and the planned assistance requests, in one transaction. */
  async activatePlan(ctx: OfficerContext, id: string, rawCode: unknown) {
    const code = parseInput(planCodeSchema, rawCode, 'planCode');
    const plan = this.plans.get(code);
    if (!plan)
      throw IncidentException.planNotFound(
        code,
        this.plans.all().map((p) => p.code),
      );
    const skipped: string[] = [];
    const filed: string[] = [];
    return this.changeLed(ctx, id, 'plan.activate', async (em, op, now) => {
      if (plan.kind !== op.kind)
        throw IncidentException.planNotApplicable(code, `it is a ${plan.kind.toLowerCase()} plan and ${id} is a ${op.kind.toLowerCase()}.`);
      if (op.kind === 'INCIDENT') {
        if (!plan.incidentTypes.includes(op.incidentType!)) {
          throw IncidentException.planNotApplicable(code, `it covers ${plan.incidentTypes.join(', ')} incidents, not ${op.incidentType}.`);
        }
        if (!plan.grades.includes(op.grade!)) throw IncidentException.planNotApplicable(code, `it covers grades ${plan.grades.join(', ')}, not ${op.grade}.`);
      }
      if (op.planCode)
        throw IncidentException.invalidTransition(`activate plan ${code} for`, `already running plan ${op.planCode}`, ['without an active plan']);
      const next = this.step(op, 'ACTIVATE_PLAN');
      const repo = new IncidentsRepository(em);
      const participants = (await repo.participantsOf(id)).filter((p) => p.status !== 'DECLINED').map((p) => p.city);
      await repo.insertTasks(plannedTasks(op, plan.tasks, participants, plan.code, now));
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
      op.status = next;
      return { detail: { plan: plan.code, planVersion: this.plans.version, requests: filed, skipped } };
    });
  }

  async assignTask(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(taskInputSchema, raw);
    return this.changeLed(ctx, id, 'task.assign', async (em, op, now) => {
      this.step(op, 'ASSIGN_TASK');
      const repo = new IncidentsRepository(em);
      if (input.city !== op.leadCity) {
        const p = await repo.findParticipant(id, input.city);
        if (!p || p.status === 'DECLINED') throw new InputError(`input.city: ${input.city} does not take part in ${id}; invite it first.`, 'input.city');
      }
      const task = newTask(op, { ...input, dueAt: input.dueAt ? new Date(input.dueAt) : null, planCode: null }, now);
      await repo.insertTasks(task);
      return { detail: { task: task.id, city: task.city } };
    });
  }

  async issueSitrep(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(sitrepInputSchema, raw);
    return this.changeLed(ctx, id, 'sitrep', async (em, op, now) => {
      this.step(op, 'ISSUE_SITREP');
      op.lastSitrepSeq += 1;
      const sitrep = Object.assign(new OperationSitrepEntity(), {
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
      const repo = new IncidentsRepository(em);
      await repo.insertSitrep(sitrep);
      const targets = (await repo.participantsOf(id)).filter((p) => p.status !== 'DECLINED').map((p) => p.city);
      return { detail: { seq: sitrep.seq }, after: async () => this.changes.sendSitreps(em, op, [sitrep], targets) };
    });
  }

  // ---- participant city (and the lead for its own tasks) ------------------------------------------------------

  async answerInvitation(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(invitationAnswerInputSchema, raw);
    await this.db.transaction(async (em) => {
      const op = await this.changes.lock(em, id);
      if (op.leadCity === this.config.city) throw IncidentException.notInvited(id, this.config.city);
      const repo = new IncidentsRepository(em);
      const me = await repo.findParticipant(id, this.config.city);
      const step = me ? stepParticipant(me.status, answerAction(input.accept)) : null;
      if (!me || !step?.ok) throw IncidentException.notInvited(id, this.config.city);
      const now = this.clock.now();
      Object.assign(me, {
        status: step.to,
        liaisonName: input.accept ? input.liaisonName! : null,
        liaisonContact: input.accept ? input.liaisonContact! : null,
        reason: input.reason ?? null,
        answeredAt: now,
      });
      await repo.saveParticipant(me);
      await this.changes.record(em, ctx, op, input.accept ? 'invitation.accept' : 'invitation.decline', {
        liaison: me.liaisonName ?? undefined,
        reason: me.reason ?? undefined,
      });
      await this.outbox.enqueue(em, {
        target: op.leadCity,
        kind: MSG_INVITATION_ANSWER,
        streamKey: op.id,
        payload: {
          operationId: id,
          accept: input.accept,
          liaisonName: me.liaisonName,
          liaisonContact: me.liaisonContact,
          reason: me.reason,
          answeredAt: now.toISOString(),
        } satisfies InvitationAnswerPayload,
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
      const repo = new IncidentsRepository(em);
      const found = parseCityScopedId(taskId) ? await repo.findTask(taskId) : null;
      if (!found) throw IncidentException.taskNotFound(String(taskId).slice(0, 80));
      const op = await this.changes.lock(em, found.operationId);
      const task = await repo.getTask(taskId);
      const iLead = op.leadCity === this.config.city;
      if (t.by === 'lead' && !iLead) throw IncidentException.notLead(op.id, op.leadCity);
      if (t.by === 'assignee' && task.city !== this.config.city) throw IncidentException.notAssignee(taskId, task.city);
      const step = stepTask(task.status, input.action);
      if (!step.ok) throw IncidentException.invalidTransition(`${input.action.toLowerCase()} a task`, task.status, step.from);
      const now = this.clock.now();
      applyTaskStep(task, input.action, input.note ?? null, ctx.officer.sub, now);
      await repo.saveTask(task);
      await this.changes.record(em, ctx, op, `task.${input.action.toLowerCase()}`, { task: taskId, status: task.status });
      if (iLead) return this.changes.bumpAndReplicate(em, op, now);
      await this.outbox.enqueue(em, {
        target: op.leadCity,
        kind: MSG_TASK_UPDATE,
        streamKey: op.id,
        payload: {
          operationId: op.id,
          taskId,
          action: input.action,
          note: input.note ?? null,
          by: ctx.officer.sub,
          at: now.toISOString(),
        } satisfies TaskUpdatePayload,
      });
    });
    const task = await new IncidentsRepository(this.db.manager).getTask(taskId);
    return taskView(task, this.clock.now());
  }

  // ---- reads -------------------------------------------------------------------------------------------------

  async list(ctx: OfficerContext, rawFilter: unknown) {
    const f = parseInput(operationFilterSchema, rawFilter ?? {}, 'filter');
    await this.requirePurpose(ctx, []);
    const ops = await new IncidentsRepository(this.db.manager).listOperations({
      kind: f.kind,
      status: f.status,
      openOnly: f.openOnly,
      ledBy: f.ledHere || isCrossCity(ctx) ? this.config.city : null,
      limit: f.limit ?? 100,
    });
    const views = await Promise.all(ops.map((o) => this.view(ctx, o)));
    if (isCrossCity(ctx) && ops.length) await this.auditRead(ctx, views);
    return views;
  }

  async get(ctx: OfficerContext, id: string) {
    await this.requirePurpose(ctx, parseCityScopedId(id) ? [id] : []);
    const op = parseCityScopedId(id) ? await new IncidentsRepository(this.db.manager).findOperation(id) : null;
    if (!op || (isCrossCity(ctx) && op.leadCity !== this.config.city)) throw IncidentException.notFound(String(id).slice(0, 80));
    const view = await this.view(ctx, op);
    if (isCrossCity(ctx)) await this.auditRead(ctx, [view]);
    return view;
  }

  plansList() {
    return this.plans.all().map((p) => ({ ...p, version: this.plans.version }));
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
    change: (em: EntityManager, op: JointOperationEntity, now: Date) => Promise<LedChange>,
  ) {
    await this.db.transaction(async (em) => {
      const op = await this.changes.lock(em, id);
      if (op.leadCity !== this.config.city) throw IncidentException.notLead(id, op.leadCity);
      const now = this.clock.now();
      const { detail, after } = await change(em, op, now);
      await this.changes.record(em, ctx, op, action, detail);
      await this.changes.bumpAndReplicate(em, op, now);
      if (after) await after();
    });
    return this.get(ctx, id);
  }

  /** The one check of an operation's lifecycle (incident-domain.ts): the status after the step, or the refusal. */
  private step(op: JointOperationEntity, action: OperationAction): OperationStatus {
    const step = stepOperation(op.kind, op.status, action);
    if (!step.ok) throw IncidentException.refusedStep(op, action, step);
    return step.to;
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

  /** The operation at the access level of the officer's city (incidents.views.ts). */
  private async view(ctx: OfficerContext, op: JointOperationEntity) {
    const repo = new IncidentsRepository(this.db.manager);
    const participants = await repo.participantsByCity(op.id);
    const full = takesPart(ctx.officer.city, op, participants);
    const sitreps = await repo.sitrepsToShow(op.id, full);
    const tasks = full ? await repo.tasksOf(op.id) : [];
    const resources = full ? (await this.assistance.serving(op.id)).filter((r) => r !== null) : [];
    return operationView(op, full, { participants, sitreps, tasks, resources }, this.clock.now());
  }
}
