import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource, type EntityManager, type ObjectLiteral } from 'typeorm';
import { AuditLog, type AuditActor } from '@ypf/audit';
import { Clock, InputError, parseInput } from '@ypf/common';
import { RegionPolicies } from '@ypf/policy';
import { BulkAdder } from '@ypf/queue';
import { cityScopedId, parseCityScopedId, ulid } from '@ypf/region';
import type { Envelope, OutboxMessageEntity } from '@ypf/delivery';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, hasRole, type OfficerContext, peerActor } from '../../auth/request-context.js';
import { noticeParams, notifyRole, roleNotification } from '../../core/notifications.js';
import { type InsertPart, insertTogether } from '../../database/insert-together.js';
import { DeliveryHandlers, type DeliveryHooks, parsePeerPayload, type ReceivedMessage } from '../delivery/delivery-handlers.js';
import { PermanentDeliveryError } from '../delivery/delivery.exception.js';
import { PeerParticipation } from '../delivery/peer-senders.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { AssistanceRequestEntity } from './entities/assistance-request.entity.js';
import { AssistanceAnswerEntity } from './entities/assistance-answer.entity.js';
import { AssistanceEventEntity } from './entities/assistance-event.entity.js';
import { OfficerNotificationEntity } from '../../core/officer-notification.entity.js';
import {
  ACTION_TIMESTAMP,
  ANSWER_TRANSITIONS,
  type AnswerAction,
  type AnswerTransition,
  FINAL_ANSWER_STATUSES,
  OPEN_ANSWER_STATUSES,
} from './assistance-lifecycle.js';
import {
  answerInputSchema,
  assistanceFilterSchema,
  assistanceRequestInputSchema,
  type AssistanceRequestInput,
  messageTextSchema,
  reasonSchema,
} from './dto/assistance.input.js';
import { AssistanceException } from './assistance.exception.js';
import { screenProtectedTopics } from '../../core/protected-topics.js';
import type { Priority } from '@ypf/region';
import { ASSISTANCE_QUEUE, SLA_DUE_JOB, slaDueBy, type SlaDueJobData, slaDueJobId, type SlaWhich } from './jobs/sla.job.js';
import {
  escalatedPayloadSchema,
  messagePayloadSchema,
  submittedPayloadSchema,
  transitionPayloadSchema,
} from './dto/assistance.messages.js';

/**
 * How long deadline-check jobs are gathered before they are added to the queue together. A check may be added this
 * much late (deadlines are minutes to days away); each bulk add on the PostgreSQL backend builds temporary tables, so
 * fewer, fuller adds cost less (a 400-message drain: 16 adds and 135 ms of PostgreSQL time at 50 ms, 3 and 55 ms at 250).
 */
const SLA_ADD_WINDOW_MS = 250;

/** A deadline due sooner than this when scheduled gets a job of its own (see `scheduleSla`). */
const SLA_LATE_MS = 5_000;

/** Deadline seconds a process remembers having a job for, at most. */
const SLA_REMEMBERED = 10_000;

/** Message kinds of this module (node-to-node). */
export const MSG_SUBMITTED = 'assistance.submitted';
export const MSG_TRANSITION = 'assistance.transition';
export const MSG_MESSAGE = 'assistance.message';
export const MSG_ESCALATED = 'assistance.escalated';

type EventRow = Omit<AssistanceEventEntity, never>;
/** A thread entry as the other side sends it. */
type PeerEvent = { id: string; authorId: string; authorName: string; type: string; action: string | null; status: string | null; text: string | null; at: string };
type RequestSnapshot = Omit<AssistanceRequestEntity, 'startsAt' | 'endsAt' | 'createdAt' | 'updatedAt' | 'submittedAt' | 'closedAt'> & {
  startsAt: string;
  endsAt: string | null;
  createdAt: string;
  submittedAt: string;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * Assistance requests between cities (互援互助): the requester and each target keep their own copy; every step is
 * applied locally, audited, and sent to the other side as a delivery message in the same transaction.
 */
@Injectable()
export class AssistanceService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Assistance');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly handlers: DeliveryHandlers,
    private readonly participation: PeerParticipation,
    private readonly policies: RegionPolicies,
    @InjectQueue(ASSISTANCE_QUEUE) queue: Queue<SlaDueJobData>,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    // Deadline checks are due minutes to days away: gathering them for a moment makes each bulk add carry more.
    this.slaJobs = new BulkAdder(queue, SLA_ADD_WINDOW_MS);
  }

  /** SLA jobs scheduled together (a delivery batch's submissions) are added in one call. */
  private readonly slaJobs: BulkAdder<SlaDueJobData>;

  /** Deadline seconds this process has a job for (by job id, until they pass): another deadline in one adds nothing. */
  private readonly slaScheduled = new Map<string, number>();

  onModuleInit(): void {
    // The requester, and the targets as this node deals with them: at the requester every target; at a target only itself.
    this.participation.register('assistance_request', async (em, id) => {
      const r = await em.getRepository(AssistanceRequestEntity).findOne({ where: { id }, select: { id: true, requesterCity: true, targetCities: true } });
      if (!r) return null;
      return { requester: [r.requesterCity], target: r.requesterCity === this.config.city ? r.targetCities : [this.config.city] };
    });
    this.handlers.register(MSG_SUBMITTED, (em, env, payload, hooks) => this.onSubmitted(em, env, payload, hooks), (em, messages, hooks) => this.onSubmittedMany(em, messages, hooks));
    this.handlers.register(MSG_TRANSITION, (em, env, payload) => this.onTransition(em, env, payload));
    this.handlers.register(MSG_MESSAGE, (em, env, payload) => this.onMessage(em, env, payload));
    this.handlers.register(MSG_ESCALATED, (em, env, payload) => this.onEscalated(em, env, payload));
  }

  /** Deadline checks still in the gathering window go to the queue before it closes (at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.slaJobs.flush();
  }

  // ---- requester side ------------------------------------------------------------------------------------

  async create(ctx: OfficerContext, raw: unknown) {
    const input = this.parseRequest(raw);
    const request = this.newRequest(ctx, input, this.clock.now());
    await this.db.transaction((em) => this.insertRequest(em, ctx, request));
    return this.view(request.id);
  }

  /** Sends the request to every target with its SLA clock; one message per target, in the same transaction. */
  async submit(ctx: OfficerContext, id: string) {
    await this.db.transaction(async (em) => {
      const request = await this.lockRequest(em, id);
      this.requireRequester(request, 'SUBMIT');
      if (request.status !== 'DRAFT') throw AssistanceException.invalidTransition('SUBMIT', request.status, ['DRAFT']);
      return this.submitLocked(em, ctx, request);
    });
    return this.view(id);
  }

  /**
   * Files and submits a request inside the caller's transaction (a contingency plan's planned requests): all of the
   * plan's effects commit together or not at all. Returns the request id (its messages go when the transaction commits).
   */
  async fileWithin(em: EntityManager, ctx: OfficerContext, raw: unknown): Promise<string> {
    const input = this.parseRequest(raw);
    const request = this.newRequest(ctx, input, this.clock.now());
    await this.insertRequest(em, ctx, request);
    await this.submitLocked(em, ctx, request);
    return request.id;
  }

  /** Whether `target`'s published policy accepts this kind of request from this city. */
  acceptedBy(target: string, kind: AssistanceRequestInput['kind']): boolean {
    return this.policies.of(target).acceptsAssistance(this.config.city, kind);
  }

  private parseRequest(raw: unknown): AssistanceRequestInput {
    const input = parseInput(assistanceRequestInputSchema, raw);
    // Free text that can hold personal data is screened for protected topics (DESIGN 5), as watch entries are.
    screenProtectedTopics(input, ['title', 'description', 'servesReference']);
    if (input.targetCities.includes(this.config.city)) {
      throw new InputError(`input.targetCities: ${this.config.city} is your own city; name the cities you ask for help.`, 'input.targetCities');
    }
    for (const target of input.targetCities) this.checkPolicyAccepts(target, input.kind);
    return input;
  }

  private newRequest(ctx: OfficerContext, input: AssistanceRequestInput, now: Date): AssistanceRequestEntity {
    return Object.assign(new AssistanceRequestEntity(), {
      id: cityScopedId(this.config.city, ulid(now.getTime())),
      requesterCity: this.config.city,
      kind: input.kind,
      title: input.title,
      description: input.description,
      resourceType: input.resourceType,
      quantity: input.quantity,
      catalogueEntryIds: input.catalogueEntryIds,
      location: input.location,
      startsAt: new Date(input.startsAt),
      endsAt: input.endsAt ? new Date(input.endsAt) : null,
      servesReference: input.servesReference,
      legalReference: input.legalReference ?? null,
      priority: input.priority,
      targetCities: input.targetCities,
      status: 'DRAFT',
      cancelReason: null,
      createdById: ctx.officer.sub,
      createdByName: ctx.officer.name,
      createdAt: now,
      updatedAt: now,
      submittedAt: null,
      closedAt: null,
    } satisfies AssistanceRequestEntity);
  }

  private async insertRequest(em: EntityManager, ctx: OfficerContext, request: AssistanceRequestEntity): Promise<void> {
    await em.getRepository(AssistanceRequestEntity).insert(request);
    await this.audit.append(em, {
      actor: auditActor(ctx),
      purpose: ctx.purpose,
      action: 'assistance.create',
      resourceKind: 'assistance_request',
      resourceIds: [request.id],
      detail: { kind: request.kind, targets: request.targetCities, priority: request.priority },
    });
  }

  private async submitLocked(em: EntityManager, ctx: OfficerContext, request: AssistanceRequestEntity): Promise<void> {
    const sent: OutboxMessageEntity[] = [];
    for (const target of request.targetCities) this.checkPolicyAccepts(target, request.kind as never);
    const now = this.clock.now();
    const sla = this.config.slaPolicy[request.priority as Priority];
    request.status = 'SUBMITTED';
    request.submittedAt = now;
    request.updatedAt = now;
    await em.getRepository(AssistanceRequestEntity).save(request);
    for (const target of request.targetCities) {
      const answer = this.newAnswer(request.id, target, now, sla.acknowledgeSeconds, sla.answerSeconds);
      await em.getRepository(AssistanceAnswerEntity).insert(answer);
      const event = this.event(request.id, target, ctx.officer.sub, ctx.officer.name, 'TRANSITION', 'SUBMIT', 'SUBMITTED', null, now);
      await em.getRepository(AssistanceEventEntity).insert(event);
      sent.push(
        await this.outbox.enqueue(em, {
          target,
          kind: MSG_SUBMITTED,
          streamKey: request.id,
          payload: { request: this.snapshot(request), ackDueAt: answer.ackDueAt.toISOString(), answerDueAt: answer.answerDueAt.toISOString(), event: this.eventPayload(event) },
        }),
      );
    }
    await this.audit.append(em, {
      actor: auditActor(ctx),
      purpose: ctx.purpose,
      action: 'assistance.submit',
      resourceKind: 'assistance_request',
      resourceIds: [request.id],
      detail: { targets: request.targetCities, messages: sent.map((m) => m.id) },
    });
  }

  /** Requests filed here or received here that serve an operation or case (servesReference). */
  async serving(reference: string) {
    const rows = await this.db.getRepository(AssistanceRequestEntity).find({ where: { servesReference: reference }, order: { createdAt: 'ASC' }, take: 100 });
    return Promise.all(rows.map((r) => this.view(r.id)));
  }

  /** Cancel (reason required): every open answer, or the one of `targetCity`. */
  async cancel(ctx: OfficerContext, id: string, rawReason: unknown, targetCity?: string | null) {
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    return this.requesterStep(ctx, id, 'CANCEL', targetCity ?? null, { reason });
  }

  /** Close what has been fulfilled or declined. */
  async close(ctx: OfficerContext, id: string, targetCity?: string | null) {
    return this.requesterStep(ctx, id, 'CLOSE', targetCity ?? null, {});
  }

  private async requesterStep(ctx: OfficerContext, id: string, action: 'CANCEL' | 'CLOSE', targetCity: string | null, fields: { reason?: string }) {
    await this.db.transaction(async (em) => {
      const request = await this.lockRequest(em, id);
      this.requireRequester(request, action);
      const t = ANSWER_TRANSITIONS[action];
      const answers = await em.getRepository(AssistanceAnswerEntity).find({ where: { requestId: id } });
      const chosen = answers.filter((a) => (targetCity ? a.targetCity === targetCity : (t.from as readonly string[]).includes(a.status)));
      if (targetCity && chosen.length === 0) throw new InputError(`targetCity: ${targetCity} is not a target of ${id}.`, 'targetCity');
      // Closing the whole request closes every answer or none: one still under way is named, not silently left open.
      const stillOpen = answers.filter((a) => (OPEN_ANSWER_STATUSES as readonly string[]).includes(a.status));
      if (action === 'CLOSE' && !targetCity && stillOpen.length) throw AssistanceException.answersStillOpen(id, stillOpen.map((a) => ({ city: a.targetCity, status: a.status })));
      if (chosen.length === 0) throw AssistanceException.invalidTransition(action, answers.map((a) => a.status).join('/') || request.status, t.from);
      const now = this.clock.now();
      for (const answer of chosen) {
        this.checkTransition(answer, action);
        this.applyAnswerChange(answer, action, now, { reason: fields.reason ?? null });
        await em.getRepository(AssistanceAnswerEntity).save(answer);
        const event = this.event(id, answer.targetCity, ctx.officer.sub, ctx.officer.name, 'TRANSITION', action, answer.status, fields.reason ?? null, now);
        await em.getRepository(AssistanceEventEntity).insert(event);
        await this.outbox.enqueue(em, { target: answer.targetCity, kind: MSG_TRANSITION, streamKey: id, payload: this.transitionPayload(answer, action, event) });
      }
      if (action === 'CANCEL' && fields.reason) request.cancelReason = fields.reason;
      await this.settleRequest(em, request, now);
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: `assistance.${action.toLowerCase()}`,
        resourceKind: 'assistance_request',
        resourceIds: [id],
        detail: { targets: chosen.map((a) => a.targetCity), reason: fields.reason },
      });
    });
    return this.view(id);
  }

  // ---- target side ---------------------------------------------------------------------------------------

  /** A target city's answer step: acknowledge, accept, partially accept, decline, commit, start, report, fulfil. */
  async answer(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(answerInputSchema, raw);
    const action = input.action as AnswerAction;
    const t: AnswerTransition = ANSWER_TRANSITIONS[action];
    if (t.reason && !input.reason) throw new InputError(`input.reason: ${action} needs a reason.`, 'input.reason');
    if (t.quantity && !input.quantity) throw new InputError(`input.quantity: COMMIT needs the quantity committed.`, 'input.quantity');
    if (t.text && !input.text) throw new InputError(`input.text: REPORT_STATUS needs the status report text.`, 'input.text');
    if (action === 'COMMIT' && input.quantity! > this.config.assistanceCommanderThreshold && !hasRole(ctx, 'COMMANDER')) {
      throw AssistanceException.commanderRequired(input.quantity!, this.config.assistanceCommanderThreshold);
    }
    await this.db.transaction(async (em) => {
      const request = await this.lockRequest(em, id);
      if (request.requesterCity === this.config.city) throw AssistanceException.notAParty(action, 'target');
      const answer = await em.getRepository(AssistanceAnswerEntity).findOne({ where: { requestId: id, targetCity: this.config.city } });
      if (!answer) throw AssistanceException.notFound(id);
      this.checkTransition(answer, action);
      const now = this.clock.now();
      this.applyAnswerChange(answer, action, now, { reason: input.reason ?? null, quantity: input.quantity ?? null, note: input.note ?? null, by: ctx.officer.sub });
      await em.getRepository(AssistanceAnswerEntity).save(answer);
      const text = action === 'REPORT_STATUS' ? input.text! : (input.reason ?? input.note ?? null);
      const type = action === 'REPORT_STATUS' ? 'STATUS_REPORT' : 'TRANSITION';
      const event = this.event(id, this.config.city, ctx.officer.sub, ctx.officer.name, type, action, answer.status, text, now);
      await em.getRepository(AssistanceEventEntity).insert(event);
      await this.outbox.enqueue(em, { target: request.requesterCity, kind: MSG_TRANSITION, streamKey: id, payload: this.transitionPayload(answer, action, event) });
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: `assistance.${action.toLowerCase()}`,
        resourceKind: 'assistance_request',
        resourceIds: [id],
        detail: { status: answer.status, quantity: input.quantity ?? undefined },
      });
    });
    return this.view(id);
  }

  /** A message on the thread: from the requester to every target (or one), from a target to the requester. */
  async postMessage(ctx: OfficerContext, id: string, rawText: unknown, targetCity?: string | null) {
    const text = parseInput(messageTextSchema, rawText, 'text');
    screenProtectedTopics({ text }, ['text'], '');
    await this.db.transaction(async (em) => {
      const request = await this.lockRequest(em, id);
      if (request.status === 'DRAFT') throw AssistanceException.invalidTransition('MESSAGE', 'DRAFT', ['SUBMITTED', 'CLOSED']);
      const iAmRequester = request.requesterCity === this.config.city;
      const recipients = iAmRequester ? (targetCity ? [targetCity] : request.targetCities) : [request.requesterCity];
      if (iAmRequester && targetCity && !request.targetCities.includes(targetCity)) throw new InputError(`targetCity: ${targetCity} is not a target of ${id}.`, 'targetCity');
      const now = this.clock.now();
      for (const recipient of recipients) {
        const answerCity = iAmRequester ? recipient : this.config.city;
        const event = this.event(id, answerCity, ctx.officer.sub, ctx.officer.name, 'MESSAGE', null, null, text, now);
        await em.getRepository(AssistanceEventEntity).insert(event);
        await this.outbox.enqueue(em, { target: recipient, kind: MSG_MESSAGE, streamKey: id, payload: { requestId: id, event: this.eventPayload(event) } });
      }
      await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'assistance.message', resourceKind: 'assistance_request', resourceIds: [id], detail: { to: recipients } });
    });
    return this.view(id);
  }

  // ---- views -------------------------------------------------------------------------------------------------

  async get(id: string) {
    if (!parseCityScopedId(id)) throw AssistanceException.notFound(String(id).slice(0, 80));
    const view = await this.view(id);
    if (!view) throw AssistanceException.notFound(id);
    return view;
  }

  /** Inbox views: requests to my city, from my city, overdue, by status. */
  async list(rawFilter: unknown) {
    const f = parseInput(assistanceFilterSchema, rawFilter ?? {}, 'filter');
    const now = this.clock.now();
    const qb = this.db.getRepository(AssistanceRequestEntity).createQueryBuilder('r').orderBy('r.updated_at', 'DESC').take(f.limit ?? 100);
    if (f.direction === 'OUTGOING') qb.andWhere('r.requester_city = :me', { me: this.config.city });
    if (f.direction === 'INCOMING') qb.andWhere('r.requester_city <> :me', { me: this.config.city });
    if (f.status) qb.andWhere('(r.status = :st OR EXISTS (SELECT 1 FROM assistance_answer a WHERE a.request_id = r.id AND a.status = :st))', { st: f.status });
    if (f.overdue) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM assistance_answer a WHERE a.request_id = r.id AND (
           (a.status = 'SUBMITTED' AND a.ack_due_at < :now) OR (a.status IN ('SUBMITTED', 'ACKNOWLEDGED') AND a.answer_due_at < :now)))`,
        { now },
      );
    }
    const rows = await qb.getMany();
    return Promise.all(rows.map((r) => this.view(r.id)));
  }

  /** The most this officer may commit without a COMMANDER (null: they are one); the console pre-fills within it. */
  commitLimit(ctx: OfficerContext): number | null {
    return hasRole(ctx, 'COMMANDER') ? null : this.config.assistanceCommanderThreshold;
  }

  async notifications(ctx: OfficerContext) {
    const rows = await this.db
      .getRepository(OfficerNotificationEntity)
      .createQueryBuilder('n')
      .where('n.recipient_role IN (:...roles)', { roles: ctx.officer.roles })
      .orderBy('n.created_at', 'DESC')
      .take(200)
      .getMany();
    return rows.map((n) => ({ ...n, createdAt: n.createdAt.toISOString(), params: noticeParams(n.params) }));
  }

  // ---- SLA escalation --------------------------------------------------------------------------------------

  /**
   * Escalates a missed deadline at the target city, once: its COMMANDER is notified, the requester is told.
   * Called by the delayed job at the deadline and by the SLA sweep; idempotent under the answer's row lock.
   */
  async escalateIfDue(requestId: string, which: SlaWhich): Promise<boolean> {
    const escalated = await this.db.transaction(async (em) => {
      // Request first, as every writer of a request does: no lost updates, one stream sequence at a time.
      await em.getRepository(AssistanceRequestEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: requestId }).getOne();
      const answer = await em
        .getRepository(AssistanceAnswerEntity)
        .createQueryBuilder('a')
        .setLock('pessimistic_write')
        .where('a.request_id = :id AND a.target_city = :me', { id: requestId, me: this.config.city })
        .getOne();
      if (!answer) return false;
      const now = this.clock.now();
      const due = which === 'ACK' ? answer.ackDueAt : answer.answerDueAt;
      const pending = which === 'ACK' ? answer.status === 'SUBMITTED' : ['SUBMITTED', 'ACKNOWLEDGED'].includes(answer.status);
      const already = which === 'ACK' ? answer.ackEscalatedAt : answer.answerEscalatedAt;
      if (!pending || already || now < due) return false;
      if (which === 'ACK') answer.ackEscalatedAt = now;
      else answer.answerEscalatedAt = now;
      answer.updatedAt = now;
      await em.getRepository(AssistanceAnswerEntity).save(answer);
      const request = await em.getRepository(AssistanceRequestEntity).findOneByOrFail({ id: requestId });
      const text = `${which === 'ACK' ? 'Acknowledgement' : 'Answer'} deadline ${due.toISOString()} missed at ${this.config.city}; escalated to the duty commander.`;
      const event = this.event(requestId, this.config.city, `${this.config.city}:system`, 'SLA clock', 'ESCALATION', `ESCALATE_${which}`, answer.status, text, now);
      await em.getRepository(AssistanceEventEntity).insert(event);
      await notifyRole(em, 'COMMANDER', 'assistance.escalation', `${request.priority} request "${request.title}" from ${request.requesterCity}: ${text}`, requestId, now);
      await this.outbox.enqueue(em, {
        target: request.requesterCity,
        kind: MSG_ESCALATED,
        streamKey: requestId,
        payload: { requestId, target: this.config.city, which, at: now.toISOString(), event: this.eventPayload(event) },
      });
      await this.audit.append(em, { actor: this.system(), action: 'assistance.escalate', resourceKind: 'assistance_request', resourceIds: [requestId], detail: { which, due: due.toISOString() } });
      return true;
    });
    if (escalated) this.logger.warn(`escalated ${which} deadline of ${requestId}`);
    return escalated;
  }

  /** The delayed job of a deadline second: escalates every deadline of that kind due by `dueBy` at this node. */
  async escalateDueBy(which: SlaWhich, dueBy: Date): Promise<number> {
    const rows: { request_id: string; which: SlaWhich }[] = await this.db.query(
      which === 'ACK'
        ? `SELECT request_id, 'ACK' AS which FROM assistance_answer
            WHERE target_city = $1 AND status = 'SUBMITTED' AND ack_escalated_at IS NULL AND ack_due_at <= $2 ORDER BY ack_due_at`
        : `SELECT request_id, 'ANSWER' AS which FROM assistance_answer
            WHERE target_city = $1 AND status IN ('SUBMITTED', 'ACKNOWLEDGED') AND answer_escalated_at IS NULL AND answer_due_at <= $2 ORDER BY answer_due_at`,
      [this.config.city, dueBy],
    );
    return this.escalateEach(rows);
  }

  /**
   * Escalates each deadline in its own transaction: one that fails (a row held too long, a lost connection) does not
   * stop the others. The failures are reported together afterwards, so the job shows as failed; the sweep retries them.
   */
  private async escalateEach(rows: { request_id: string; which: SlaWhich }[]): Promise<number> {
    let n = 0;
    const failed: string[] = [];
    for (const r of rows) {
      try {
        if (await this.escalateIfDue(r.request_id, r.which)) n += 1;
      } catch (e) {
        failed.push(`${r.which} of ${r.request_id}: ${(e as Error).message}`);
      }
    }
    if (failed.length) throw new Error(`${failed.length} of ${rows.length} deadline(s) not escalated (the SLA sweep retries them); ${failed.slice(0, 3).join('; ')}`);
    return n;
  }

  /** Safety net for the delayed jobs (lost queue, moved clock): escalates every missed deadline at this node. */
  async sweepSla(): Promise<number> {
    const now = this.clock.now();
    const rows: { request_id: string; which: SlaWhich }[] = await this.db.query(
      `SELECT request_id, 'ACK' AS which FROM assistance_answer
        WHERE target_city = $1 AND status = 'SUBMITTED' AND ack_escalated_at IS NULL AND ack_due_at <= $2
       UNION ALL
       SELECT request_id, 'ANSWER' AS which FROM assistance_answer
        WHERE target_city = $1 AND status IN ('SUBMITTED', 'ACKNOWLEDGED') AND answer_escalated_at IS NULL AND answer_due_at <= $2`,
      [this.config.city, now],
    );
    let n = 0;
    const failures: string[] = [];
    try {
      n += await this.escalateEach(rows);
    } catch (e) {
      failures.push((e as Error).message);
    }
    // The requester's own clock: a target that never acknowledged nor reported its escalation (it may never have
    // received the request) is escalated here after a grace period, to this city's commander.
    const unheard: { request_id: string; target_city: string }[] = await this.db.query(
      `SELECT a.request_id, a.target_city FROM assistance_answer a JOIN assistance_request r ON r.id = a.request_id
        WHERE r.requester_city = $1 AND a.target_city <> $1 AND a.status = 'SUBMITTED' AND a.ack_escalated_at IS NULL AND a.ack_due_at <= $2`,
      [this.config.city, new Date(now.getTime() - this.config.assistanceRequesterGraceSeconds * 1000)],
    );
    for (const u of unheard) {
      try {
        if (await this.escalateUnheard(u.request_id, u.target_city)) n += 1;
      } catch (e) {
        failures.push(`unacknowledged ${u.request_id} at ${u.target_city}: ${(e as Error).message}`);
      }
    }
    if (failures.length) throw new Error(`the SLA sweep escalated ${n}, and could not escalate: ${failures.join('; ').slice(0, 900)}`);
    return n;
  }

  /** At the requester: no acknowledgement and no escalation notice from `target` in time; once, with the delivery state. */
  private async escalateUnheard(requestId: string, target: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const request = await em.getRepository(AssistanceRequestEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: requestId }).getOne();
      const answer = await em.getRepository(AssistanceAnswerEntity).findOneBy({ requestId, targetCity: target });
      if (!request || !answer || answer.status !== 'SUBMITTED' || answer.ackEscalatedAt) return false;
      const now = this.clock.now();
      // Delivery's state of the message, asked of delivery (not read from its table).
      const sent = await this.outbox.firstOfKind(em, target, requestId, MSG_SUBMITTED);
      const delivery = sent ? `${sent.status.toLowerCase()}${sent.lastError ? ` (${sent.lastError.slice(0, 200)})` : ''}` : 'unknown';
      answer.ackEscalatedAt = now;
      answer.updatedAt = now;
      await em.getRepository(AssistanceAnswerEntity).save(answer);
      const text = `No acknowledgement from ${target} by ${answer.ackDueAt.toISOString()} and no word from its node; the request's delivery to ${target} is ${delivery}. Call ${target}'s duty commander.`;
      await em.getRepository(AssistanceEventEntity).insert(this.event(requestId, target, `${this.config.city}:system`, 'SLA clock', 'ESCALATION', 'ESCALATE_ACK_UNHEARD', answer.status, text, now));
      for (const role of ['COMMANDER', 'LIAISON_OFFICER']) {
        await notifyRole(em, role, 'assistance.unacknowledged', `${request.priority} request "${request.title}": ${text}`, requestId, now);
      }
      await this.audit.append(em, { actor: this.system(), action: 'assistance.escalate.unheard', resourceKind: 'assistance_request', resourceIds: [requestId], detail: { target, delivery: sent?.status ?? null } });
      this.logger.warn(`no acknowledgement from ${target} on ${requestId}: escalated at the requester`);
      return true;
    });
  }

  // ---- receiving side (delivery handlers) ------------------------------------------------------------------

  /**
   * What a received request writes here: the request, this city's answer on its own SLA clock, the thread's first
   * entry and the liaison officers' notice. Throws PermanentDeliveryError for what this city must refuse.
   */
  private receivedRequest(env: Envelope, raw: Record<string, unknown>) {
    const { request: snap, event } = parsePeerPayload(submittedPayloadSchema, raw, MSG_SUBMITTED);
    if (snap.requesterCity !== env.source || parseCityScopedId(snap.id)?.city !== env.source) {
      throw new PermanentDeliveryError('a request must come from, and carry an id of, its requesting city');
    }
    if (!snap.targetCities.includes(this.config.city)) throw new PermanentDeliveryError(`${this.config.city} is not a target of ${snap.id}`);
    if (!this.policies.of(this.config.city).acceptsAssistance(env.source, snap.kind)) {
      throw new PermanentDeliveryError(`${this.config.city}'s policy does not accept ${snap.kind} requests from ${env.source}`);
    }
    const now = this.clock.now();
    // The target's own SLA clock: its own region policy, from the submission time (never later than now).
    const submittedAt = new Date(Math.min(Date.parse(snap.submittedAt), now.getTime()));
    const sla = this.config.slaPolicy[snap.priority];
    const request = {
      ...snap,
      status: 'SUBMITTED',
      cancelReason: null,
      startsAt: new Date(snap.startsAt),
      endsAt: snap.endsAt ? new Date(snap.endsAt) : null,
      createdAt: new Date(snap.createdAt),
      updatedAt: now,
      submittedAt,
      closedAt: null,
    };
    const answer = this.newAnswer(snap.id, this.config.city, submittedAt, sla.acknowledgeSeconds, sla.answerSeconds);
    return {
      snap,
      request: { into: AssistanceRequestEntity, values: request, orIgnore: true } satisfies InsertPart,
      rest: [
        { into: AssistanceAnswerEntity, values: answer },
        this.peerEvent(event, snap.id, env.source, this.config.city),
        roleNotification('LIAISON_OFFICER', 'assistance.incoming', `${snap.priority} ${snap.kind} request from ${env.source}: "${snap.title}" (acknowledge by ${answer.ackDueAt.toISOString()})`, snap.id, now, {
          priority: snap.priority,
          requestKind: snap.kind,
          from: env.source,
          title: snap.title,
          ackDueAt: answer.ackDueAt.toISOString(),
        }),
      ] satisfies InsertPart[],
      audit: { actor: peerActor(env.source), action: 'assistance.received', resourceKind: 'assistance_request', resourceIds: [snap.id], detail: { kind: snap.kind, priority: snap.priority } },
      deadlines: [
        { which: 'ACK' as const, due: answer.ackDueAt },
        { which: 'ANSWER' as const, due: answer.answerDueAt },
      ],
    };
  }

  private async onSubmitted(em: EntityManager, env: Envelope, raw: Record<string, unknown>, hooks: DeliveryHooks) {
    if (!hooks.isolated) return this.onSubmittedMany(em, [{ envelope: env, payload: raw }], hooks);
    const received = this.receivedRequest(env, raw);
    // The careful pass: the request alone first (waiting for a writer of the same request that has not committed),
    // and if it is there already, the rest is not written: the same requester's is a repeat, another's a conflict.
    const [written] = await insertTogether(em, [received.request]);
    if (written === 0) {
      const existing = await em.getRepository(AssistanceRequestEntity).findOneByOrFail({ id: received.snap.id });
      if (existing.requesterCity !== env.source) throw new PermanentDeliveryError(`${received.snap.id} already exists here for another requester`);
      return;
    }
    await insertTogether(em, received.rest);
    await this.audit.append(em, received.audit);
    this.scheduleDeadlines(hooks, received.deadlines);
  }

  /**
   * The fast pass (DeliveryBatchHandler): every request's rows, of every message, in one statement. A request already
   * here makes the statement fail on the answer's key, or write fewer requests than given. Either way the fast pass
   * is rolled back and the careful pass tells the cases apart, message by message.
   */
  private async onSubmittedMany(em: EntityManager, messages: readonly ReceivedMessage[], hooks: DeliveryHooks) {
    const received = messages.map((m) => this.receivedRequest(m.envelope, m.payload));
    // One part per table, holding that table's rows of every message.
    const together = (parts: InsertPart[]): InsertPart => ({ ...parts[0], values: parts.map((p) => p.values as ObjectLiteral) });
    const [written] = await insertTogether(em, [together(received.map((r) => r.request)), ...received[0].rest.map((_, k) => together(received.map((r) => r.rest[k])))]);
    if (written !== received.length) throw new Error(`${received.length - written} of these requests are already here`);
    for (const r of received) await this.audit.append(em, r.audit);
    this.scheduleDeadlines(hooks, received.flatMap((r) => r.deadlines));
  }

  /** Not awaited: the checks are gathered for a moment (SLA_ADD_WINDOW_MS) and the sender need not wait for that; one lost in a crash is caught by the SLA sweep. */
  private scheduleDeadlines(hooks: DeliveryHooks, deadlines: { which: SlaWhich; due: Date }[]) {
    hooks.afterCommit(async () => {
      Promise.all(deadlines.map((d) => this.scheduleSla(d.which, d.due))).catch((e: unknown) =>
        this.logger.warn(`deadline checks not scheduled (the SLA sweep will catch them): ${(e as Error).message}`),
      );
    });
  }

  private async onTransition(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const payload = parsePeerPayload(transitionPayloadSchema, raw, MSG_TRANSITION);
    const { requestId, target } = payload;
    const action = payload.action as AnswerAction;
    const t = ANSWER_TRANSITIONS[action];
    if (!t) throw new PermanentDeliveryError(`unknown action ${String(action)}`);
    const request = await this.lockRequestForPeer(em, requestId);
    // The side that may take the action must be the sender.
    const expectedSender = t.side === 'target' ? target : request.requesterCity;
    if (env.source !== expectedSender) throw new PermanentDeliveryError(`${env.source} may not ${action} for ${target}`);
    const answer = await em.getRepository(AssistanceAnswerEntity).findOneBy({ requestId, targetCity: target });
    if (!answer) throw new PermanentDeliveryError(`no answer of ${target} on ${requestId}`);
    const now = this.clock.now();
    if (!(t.from as readonly string[]).includes(answer.status)) {
      // Crossing steps: both sides acted at once. The requester's CANCEL wins over any answer not yet final;
      // a target's step that meets a cancelled or closed answer is kept in the thread and changes nothing.
      const final = (FINAL_ANSWER_STATUSES as readonly string[]).includes(answer.status);
      if (action === 'CANCEL' && !final) {
        // applied below as a cancellation
      } else if (t.side === 'target' && final) {
        await this.insertPeerEvent(em, payload.event, requestId, env.source, target);
        return;
      } else {
        throw new PermanentDeliveryError(`cannot apply ${action} to an answer that is ${answer.status} here`);
      }
    }
    const fields = payload.answer;
    answer.status = t.to;
    answer.reason = fields.reason ?? answer.reason;
    answer.committedQuantity = fields.committedQuantity ?? answer.committedQuantity;
    answer.commitmentNote = fields.commitmentNote ?? answer.commitmentNote;
    answer.committedById = fields.committedById ?? answer.committedById;
    const stamp = ACTION_TIMESTAMP[action];
    const stampValue = stamp ? (fields as Record<string, unknown>)[stamp] : undefined;
    if (stamp && typeof stampValue === 'string') answer[stamp] = new Date(stampValue);
    answer.updatedAt = now;
    await em.getRepository(AssistanceAnswerEntity).save(answer);
    await this.insertPeerEvent(em, payload.event, requestId, env.source, target);
    if (action === 'CANCEL' && fields.reason) request.cancelReason = fields.reason;
    await this.settleRequest(em, request, now);
    if (request.requesterCity === this.config.city) {
      await notifyRole(em, 'LIAISON_OFFICER', 'assistance.answer', `${target} ${action.toLowerCase().replace(/_/g, ' ')}: "${request.title}"`, requestId, now, { target, action, title: request.title });
    }
    await this.audit.append(em, { actor: peerActor(env.source), action: `assistance.${action.toLowerCase()}.received`, resourceKind: 'assistance_request', resourceIds: [requestId], detail: { target, status: t.to } });
  }

  private async onMessage(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const { requestId, event } = parsePeerPayload(messagePayloadSchema, raw, MSG_MESSAGE);
    const request = await this.lockRequestForPeer(em, requestId);
    // At a target only the requester writes to its copy; at the requester only a target, on its own answer's thread.
    const iAmRequester = request.requesterCity === this.config.city;
    const allowed = iAmRequester ? request.targetCities.includes(env.source) : env.source === request.requesterCity;
    if (!allowed) throw new PermanentDeliveryError(`${env.source} may not post to ${requestId} here`);
    await this.insertPeerEvent(em, event, requestId, env.source, iAmRequester ? env.source : this.config.city);
    // The liaison desk is told, as it is of every answer (issue 17: a message sat unseen until someone opened the thread).
    await notifyRole(em, 'LIAISON_OFFICER', 'assistance.message', `${env.source} wrote on "${request.title}": ${event.text ?? ''}`, requestId, this.clock.now(), {
      from: env.source,
      title: request.title,
      text: event.text ?? '',
    });
    await this.audit.append(em, { actor: peerActor(env.source), action: 'assistance.message.received', resourceKind: 'assistance_request', resourceIds: [requestId] });
  }

  private async onEscalated(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const payload = parsePeerPayload(escalatedPayloadSchema, raw, MSG_ESCALATED);
    const { requestId } = payload;
    const request = await this.lockRequestForPeer(em, requestId);
    if (request.requesterCity !== this.config.city || payload.target !== env.source) {
      throw new PermanentDeliveryError(`${env.source} may only report its own missed deadlines on requests filed here`);
    }
    const answer = await em.getRepository(AssistanceAnswerEntity).findOneBy({ requestId, targetCity: env.source });
    if (!answer) throw new PermanentDeliveryError(`no answer of ${env.source} on ${requestId}`);
    const at = new Date(Math.min(Date.parse(payload.at), this.clock.now().getTime()));
    if (payload.which === 'ACK') answer.ackEscalatedAt ??= at;
    else answer.answerEscalatedAt ??= at;
    answer.updatedAt = this.clock.now();
    await em.getRepository(AssistanceAnswerEntity).save(answer);
    await this.insertPeerEvent(em, payload.event, requestId, env.source, env.source);
    await notifyRole(em, 'LIAISON_OFFICER', 'assistance.escalation', `${env.source} missed the ${payload.which === 'ACK' ? 'acknowledgement' : 'answer'} deadline; their commander has been alerted.`, requestId, this.clock.now());
    await this.audit.append(em, { actor: peerActor(env.source), action: 'assistance.escalation.received', resourceKind: 'assistance_request', resourceIds: [requestId], detail: { which: payload.which } });
  }

  // ---- helpers -------------------------------------------------------------------------------------------------

  /**
   * Makes sure a delayed job will escalate this deadline: one job per deadline second and kind, shared by every
   * deadline in it (many requests received together have their deadlines within a few seconds). A deadline that is
   * due within SLA_LATE_MS (a request that arrived late) gets a job of its own: the second's job may have run already,
   * and a job id that is still kept would make BullMQ ignore the add.
   */
  async scheduleSla(which: SlaWhich, due: Date): Promise<void> {
    const now = this.clock.now().getTime();
    const dueBy = slaDueBy(due);
    const late = dueBy.getTime() - now < SLA_LATE_MS;
    const jobId = late ? `${slaDueJobId(which, dueBy)}-late-${ulid(now)}` : slaDueJobId(which, dueBy);
    if (!late && this.slaScheduled.has(jobId)) return;
    if (!late) this.rememberSlaJob(jobId, dueBy.getTime(), now);
    try {
      await this.slaJobs.add(SLA_DUE_JOB, { city: this.config.city, which, dueBy: dueBy.toISOString() }, { jobId, delay: Math.max(0, dueBy.getTime() - now), removeOnComplete: 1000, removeOnFail: 1000 });
    } catch (e) {
      this.slaScheduled.delete(jobId);
      throw e;
    }
  }

  /** Bounded: past deadlines are forgotten first, then the oldest entries (BullMQ's job id still stops a repeat). */
  private rememberSlaJob(jobId: string, dueBy: number, now: number): void {
    this.slaScheduled.set(jobId, dueBy);
    if (this.slaScheduled.size <= SLA_REMEMBERED) return;
    for (const [id, until] of this.slaScheduled) if (until < now) this.slaScheduled.delete(id);
    for (const id of this.slaScheduled.keys()) {
      if (this.slaScheduled.size <= SLA_REMEMBERED / 2) break;
      this.slaScheduled.delete(id);
    }
  }

  private checkPolicyAccepts(target: string, kind: Parameters<ReturnType<RegionPolicies['of']>['acceptsAssistance']>[1]) {
    const policy = this.policies.of(target);
    if (!policy.acceptsAssistance(this.config.city, kind)) throw AssistanceException.notAccepted(target, kind, this.config.city, policy.document.version);
  }

  private checkTransition(answer: AssistanceAnswerEntity, action: AnswerAction): void {
    const t = ANSWER_TRANSITIONS[action];
    if (!(t.from as readonly string[]).includes(answer.status)) throw AssistanceException.invalidTransition(action, answer.status, t.from);
  }

  private applyAnswerChange(
    answer: AssistanceAnswerEntity,
    action: AnswerAction,
    now: Date,
    f: { reason?: string | null; quantity?: number | null; note?: string | null; by?: string },
  ): void {
    answer.status = ANSWER_TRANSITIONS[action].to;
    if (f.reason) answer.reason = f.reason;
    if (action === 'COMMIT') {
      answer.committedQuantity = f.quantity ?? null;
      answer.commitmentNote = f.note ?? null;
      answer.committedById = f.by ?? null;
    }
    const stamp = ACTION_TIMESTAMP[action];
    if (stamp) answer[stamp] = now;
    answer.updatedAt = now;
  }

  /** The request closes when every answer is final; cancelled when all were cancelled. */
  private async settleRequest(em: EntityManager, request: AssistanceRequestEntity, now: Date): Promise<void> {
    const answers = await em.getRepository(AssistanceAnswerEntity).find({ where: { requestId: request.id } });
    if (answers.length && answers.every((a) => (FINAL_ANSWER_STATUSES as readonly string[]).includes(a.status))) {
      request.status = answers.every((a) => a.status === 'CANCELLED') ? 'CANCELLED' : 'CLOSED';
      request.closedAt = now;
    }
    request.updatedAt = now;
    await em.getRepository(AssistanceRequestEntity).save(request);
  }

  private transitionPayload(answer: AssistanceAnswerEntity, action: AnswerAction, event: EventRow) {
    const stamp = ACTION_TIMESTAMP[action];
    return {
      requestId: answer.requestId,
      target: answer.targetCity,
      action,
      answer: {
        reason: answer.reason,
        committedQuantity: answer.committedQuantity,
        commitmentNote: answer.commitmentNote,
        committedById: answer.committedById,
        ...(stamp ? { [stamp]: iso(answer[stamp]) } : {}),
      },
      event: this.eventPayload(event),
    };
  }

  private newAnswer(requestId: string, target: string, now: Date, ackSeconds: number, answerSeconds: number): AssistanceAnswerEntity {
    return Object.assign(new AssistanceAnswerEntity(), {
      requestId,
      targetCity: target,
      status: 'SUBMITTED',
      reason: null,
      committedQuantity: null,
      commitmentNote: null,
      committedById: null,
      ackDueAt: new Date(now.getTime() + ackSeconds * 1000),
      answerDueAt: new Date(now.getTime() + answerSeconds * 1000),
      acknowledgedAt: null,
      answeredAt: null,
      committedAt: null,
      startedAt: null,
      fulfilledAt: null,
      closedAt: null,
      ackEscalatedAt: null,
      answerEscalatedAt: null,
      updatedAt: now,
    } satisfies AssistanceAnswerEntity);
  }

  private event(requestId: string, targetCity: string | null, authorId: string, authorName: string, type: string, action: string | null, status: string | null, text: string | null, at: Date): EventRow {
    return { id: ulid(at.getTime()), requestId, targetCity, city: this.config.city, authorId, authorName, type, action, status, text, at };
  }

  private eventPayload(e: EventRow) {
    return { ...e, at: e.at.toISOString() };
  }

  /** Stores a peer's event; request, origin city and answer come from what was checked, not from the payload. */
  private async insertPeerEvent(
    em: EntityManager,
    e: PeerEvent,
    requestId: string,
    originCity: string,
    targetCity: string,
  ): Promise<void> {
    await insertTogether(em, [this.peerEvent(e, requestId, originCity, targetCity)]);
  }

  /** A thread entry written by the other side (kept once: a repeated entry is skipped). */
  private peerEvent(e: PeerEvent, requestId: string, originCity: string, targetCity: string): InsertPart<AssistanceEventEntity> {
    const at = new Date(Math.min(Date.parse(e.at), this.clock.now().getTime()));
    return {
      into: AssistanceEventEntity,
      values: { id: e.id, requestId, targetCity, city: originCity, authorId: e.authorId, authorName: e.authorName, type: e.type, action: e.action, status: e.status, text: e.text, at },
      orIgnore: true,
    };
  }

  private async lockRequestForPeer(em: EntityManager, requestId: string): Promise<AssistanceRequestEntity> {
    const r = await em.getRepository(AssistanceRequestEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id: requestId }).getOne();
    if (!r) throw new PermanentDeliveryError(`unknown request ${requestId}`);
    return r;
  }

  private snapshot(r: AssistanceRequestEntity): RequestSnapshot {
    return {
      ...r,
      startsAt: r.startsAt.toISOString(),
      endsAt: iso(r.endsAt),
      createdAt: r.createdAt.toISOString(),
      submittedAt: (r.submittedAt ?? this.clock.now()).toISOString(),
    } as RequestSnapshot;
  }

  private async lockRequest(em: EntityManager, id: string): Promise<AssistanceRequestEntity> {
    if (!parseCityScopedId(id)) throw AssistanceException.notFound(String(id).slice(0, 80));
    const r = await em.getRepository(AssistanceRequestEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne();
    if (!r) throw AssistanceException.notFound(id);
    return r;
  }

  private requireRequester(request: AssistanceRequestEntity, action: string): void {
    if (request.requesterCity !== this.config.city) throw AssistanceException.notAParty(action, 'requesting');
  }

  private system(): AuditActor {
    return { id: `${this.config.city}:system`, city: this.config.city, roles: ['SYSTEM'] };
  }

  /** The request as this node holds it: the requester sees every answer side by side, a target its own. */
  async view(id: string) {
    const r = await this.db.getRepository(AssistanceRequestEntity).findOneBy({ id });
    if (!r) return null;
    const now = this.clock.now();
    const answers = await this.db.getRepository(AssistanceAnswerEntity).find({ where: { requestId: id }, order: { targetCity: 'ASC' } });
    const events = await this.db.getRepository(AssistanceEventEntity).find({ where: { requestId: id }, order: { at: 'ASC', id: 'ASC' } });
    return {
      ...r,
      startsAt: r.startsAt.toISOString(),
      endsAt: iso(r.endsAt),
      createdAt: r.createdAt.toISOString(),
      submittedAt: iso(r.submittedAt),
      closedAt: iso(r.closedAt),
      answers: answers.map((a) => ({
        ...a,
        city: a.targetCity,
        ackDueAt: a.ackDueAt.toISOString(),
        answerDueAt: a.answerDueAt.toISOString(),
        acknowledgedAt: iso(a.acknowledgedAt),
        answeredAt: iso(a.answeredAt),
        committedAt: iso(a.committedAt),
        startedAt: iso(a.startedAt),
        fulfilledAt: iso(a.fulfilledAt),
        closedAt: iso(a.closedAt),
        ackEscalatedAt: iso(a.ackEscalatedAt),
        answerEscalatedAt: iso(a.answerEscalatedAt),
        overdue: (a.status === 'SUBMITTED' && a.ackDueAt < now) || (['SUBMITTED', 'ACKNOWLEDGED'].includes(a.status) && a.answerDueAt < now),
      })),
      thread: events.map((e) => ({ ...e, at: e.at.toISOString() })),
      overdue: answers.some((a) => (a.status === 'SUBMITTED' && a.ackDueAt < now) || (['SUBMITTED', 'ACKNOWLEDGED'].includes(a.status) && a.answerDueAt < now)),
      openAnswers: answers.filter((a) => (OPEN_ANSWER_STATUSES as readonly string[]).includes(a.status)).length,
    };
  }
}
