import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { KeyObject } from 'node:crypto';
import { KeyRegistry } from '@ypf/auth';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditLog, type AuditActor } from '@ypf/audit';
import { Clock, InputError, parseInput, queryPrepared, regionToday } from '@ypf/common';
import { AccessPolicy, type AccessLevel } from '@ypf/policy';
import { cityScopedId, type NoticeKind, parseCityScopedId, ulid } from '@ypf/region';
import type { Envelope } from '@ypf/delivery';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, isCrossCity, type OfficerContext, peerActor, systemActor } from '../../auth/request-context.js';
import { BlindIndex } from '../../core/blind-index.js';
import { SIGNING_KEY } from '../../core/core.module.js';
import { citySchema, reasonSchema } from '../../core/input-schemas.js';
import { DeliveryHandlers, type DeliveryHooks, parsePeerPayload } from '../delivery/delivery-handlers.js';
import { type PeerParties, PeerParticipation } from '../delivery/peer-senders.js';
import { IdentifierIndexService } from '../identifiers/identifier-index.service.js';
import { PermanentDeliveryError } from '../delivery/delivery.exception.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { notifyRole } from '../../core/notifications.js';
import { WatchEntryEntity } from './entities/watch-entry.entity.js';
import { WatchIdentifierEntity } from './entities/watch-identifier.entity.js';
import { WatchEventEntity } from './entities/watch-event.entity.js';
import { WatchHitEntity } from './entities/watch-hit.entity.js';
import { WatchReplicaEntryEntity } from './entities/watch-replica.entity.js';
import { leadOf, signLeadTransfer } from './lead-chain.js';
import { markReplicaChange, WatchReplicaNotifier } from './watch-replica.feed.js';
import { WatchException } from './watch.exception.js';
import { ACTION_INSTRUCTIONS, ENDED_WATCH_STATUSES, type WatchAction, type WatchCategory } from './watch-domain.js';
import { screenProtectedTopics } from '../../core/protected-topics.js';
import {
  entryEndedPayloadSchema,
  type EntrySnapshot,
  entrySnapshotSchema,
  hitAckPayloadSchema,
  matchPayloadSchema,
  hitFilterSchema,
  type HitPayload,
  hitPayloadSchema,
  tokenListSchema,
  transferAnswerPayloadSchema,
  transferOfferPayloadSchema,
  watchEntryInputSchema,
  watchFilterSchema,
  watchHitInputSchema,
  watchReviewInputSchema,
} from './watch.input.js';

export const MSG_TRANSFER_OFFER = 'watch.transfer.offer';
export const MSG_TRANSFER_ANSWER = 'watch.transfer.answer';
export const MSG_ENDED = 'watch.ended';
export const MSG_HIT = 'watch.hit';
export const MSG_HIT_FORWARDED = 'watch.hit.forwarded';
export const MSG_HIT_ACK = 'watch.hit.ack';
/** Another city's officer matched an entry this city leads, from that city's copy: the lead's liaison desk is told. */
export const MSG_MATCH = 'watch.match';

const DAY_MS = 86_400_000;
/** A lead city is told of one officer's matches of one entry at most this often. */
const MATCH_NOTICE_EVERY_MS = 3_600_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

type Identifier = { kind: string; value: string };

/** The outcome of one sweep of the watch maintenance job. */
export interface WatchSweepResult {
  warned: string[];
  expired: string[];
  deleted: string[];
  escalated: string[];
  hitsDeleted: number;
}

/**
 * Joint watch of key persons (DESIGN 4, SIS-style): the lead city holds the entry and enforces its policy on every
 * read and check; identifiers are compared through keyed blind indexes; hit reports travel by delivery to the lead
 * city, which forwards them to the participants; review, expiry and deletion run as an audited scheduled job.
 */
@Injectable()
export class WatchService implements OnModuleInit {
  private readonly logger = new Logger('Watch');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly handlers: DeliveryHandlers,
    private readonly policy: AccessPolicy,
    private readonly blind: BlindIndex,
    private readonly replicaNotifier: WatchReplicaNotifier,
    private readonly participation: PeerParticipation,
    private readonly identifierIndex: IdentifierIndexService,
    private readonly registry: KeyRegistry,
    @Inject(SIGNING_KEY) private readonly signingKey: KeyObject,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    // The indexes of the active entries this city leads, computed again under a new index key; every copy is told.
    this.identifierIndex.registerReindexer('watch identifiers', async (em) => {
      const entries = await em.getRepository(WatchEntryEntity).find({ where: { status: 'ACTIVE', leadCity: this.config.city }, select: { id: true, identifiers: true } });
      let written = 0;
      for (const entry of entries) {
        written += await this.index(em, entry as WatchEntryEntity);
        await markReplicaChange(em, entry.id);
      }
      if (entries.length) this.replicaNotifier.changed();
      return written;
    });
    this.participation.register('watch_entry', (em, id) => this.partiesOf(em, id));
    this.participation.register('watch_hit', async (em, id) => {
      const hit = await em.getRepository(WatchHitEntity).findOneBy({ id });
      return hit ? { lead: [hit.leadCity], any: [hit.encounteringCity] } : null;
    });
    this.handlers.register(MSG_TRANSFER_OFFER, (em, env, p) => this.onTransferOffer(em, env, p));
    this.handlers.register(MSG_TRANSFER_ANSWER, (em, env, p, hooks) => this.onTransferAnswer(em, env, p, hooks));
    this.handlers.register(MSG_ENDED, (em, env, p) => this.onEnded(em, env, p));
    this.handlers.register(MSG_HIT, (em, env, p) => this.onHit(em, env, p));
    this.handlers.register(MSG_HIT_FORWARDED, (em, env, p) => this.onHitForwarded(em, env, p));
    this.handlers.register(MSG_HIT_ACK, (em, env, p) => this.onHitAck(em, env, p));
    this.handlers.register(MSG_MATCH, (em, env, p) => this.onMatch(em, env, p));
  }

  // ---- the lead city's lifecycle ---------------------------------------------------------------------------

  async propose(ctx: OfficerContext, raw: unknown) {
    const input = parseInput(watchEntryInputSchema, raw);
    screenProtectedTopics(input, ['description', 'legalBasis', 'decisionReference']);
    if (input.participatingCities.includes(this.config.city)) {
      throw new InputError(`input.participatingCities: ${this.config.city} leads the entry; name the other cities that take part.`, 'input.participatingCities');
    }
    const now = this.clock.now();
    this.checkReviewDate(input.category, input.reviewDate, now);
    const entry = Object.assign(new WatchEntryEntity(), {
      id: cityScopedId(this.config.city, ulid(now.getTime())),
      leadCity: this.config.city,
      status: 'PROPOSED',
      category: input.category,
      action: input.action,
      legalBasis: input.legalBasis,
      decisionReference: input.decisionReference,
      offence: input.offence,
      riskLevel: input.riskLevel,
      participatingCities: input.participatingCities,
      reviewDate: input.reviewDate,
      description: input.description,
      identifiers: JSON.stringify(input.identifiers),
      proposedBy: ctx.officer.sub,
      proposedAt: now,
      approvedBy: null,
      approvedAt: null,
      transferCity: null,
      endReason: null,
      endedAt: null,
      reviewWarnedFor: null,
      personalDataDeletedAt: null,
      updatedAt: now,
      leadEpoch: 0,
      leadChain: [],
      offeredTransfer: null,
    } satisfies WatchEntryEntity);
    await this.db.transaction(async (em) => {
      await em.getRepository(WatchEntryEntity).insert(entry);
      await this.event(em, entry.id, 'PROPOSED', auditActor(ctx), null);
      await this.audit.append(em, {
        actor: auditActor(ctx),
        action: 'watch.proposed',
        resourceKind: 'watch_entry',
        resourceIds: [entry.id],
        detail: { category: entry.category, legalBasis: entry.legalBasis, decisionReference: entry.decisionReference, reviewDate: entry.reviewDate },
      });
      await this.notify(em, 'SUPERVISOR', 'watch.approval', `Watch entry ${entry.id} (${entry.category}) awaits approval by a supervisor other than its proposer.`, entry.id);
    });
    return this.homeView(entry.id);
  }

  async approve(ctx: OfficerContext, id: string) {
    await this.changeLed(ctx, id, ['PROPOSED'], 'approve', async (em, entry, now) => {
      if (entry.proposedBy === ctx.officer.sub) throw WatchException.selfApproval();
      // The review date must still be within the category's period counted from today.
      this.checkReviewDate(entry.category as WatchCategory, entry.reviewDate, now);
      Object.assign(entry, { status: 'ACTIVE', approvedBy: ctx.officer.sub, approvedAt: now });
      await this.index(em, entry);
      return { type: 'APPROVED', action: 'watch.approved', reason: null };
    });
    return this.homeView(id);
  }

  async reject(ctx: OfficerContext, id: string, rawReason: unknown) {
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    await this.changeLed(ctx, id, ['PROPOSED'], 'reject', async (_em, entry, now) => {
      Object.assign(entry, { status: 'REJECTED', endReason: reason, endedAt: now });
      return { type: 'REJECTED', action: 'watch.rejected', reason };
    });
    return this.homeView(id);
  }

  async review(ctx: OfficerContext, id: string, raw: unknown) {
    const input = parseInput(watchReviewInputSchema, raw);
    await this.changeLed(ctx, id, ['ACTIVE'], 'review', async (em, entry, now) => {
      if (input.decision === 'EXTEND') {
        if (input.reviewDate! <= regionToday(now)) throw new InputError('input.reviewDate: the next review date must be after today.', 'input.reviewDate');
        this.checkReviewDate(entry.category as WatchCategory, input.reviewDate!, now);
        const previous = entry.reviewDate;
        entry.reviewDate = input.reviewDate!;
        return { type: 'EXTENDED', action: 'watch.extended', reason: input.reason, detail: { from: previous, to: entry.reviewDate } };
      }
      await this.end(em, entry, 'EXPIRED', input.reason, now);
      return { type: 'EXPIRED', action: 'watch.expired', reason: input.reason };
    });
    return this.homeView(id);
  }

  async close(ctx: OfficerContext, id: string, rawReason: unknown) {
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    await this.changeLed(ctx, id, ['ACTIVE'], 'close', async (em, entry, now) => {
      await this.end(em, entry, 'CLOSED', reason, now);
      return { type: 'CLOSED', action: 'watch.closed', reason };
    });
    return this.homeView(id);
  }

  /** Offers the lead to another city; the entry stays active here until that city accepts. */
  async offerLead(ctx: OfficerContext, id: string, rawCity: unknown, rawReason: unknown) {
    const toCity = parseInput(citySchema, rawCity, 'toCity');
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    if (toCity === this.config.city) throw new InputError('toCity: this city already leads the entry; name the city that should take over.', 'toCity');
    await this.changeLed(ctx, id, ['ACTIVE'], 'offer the lead of', async (em, entry) => {
      if (entry.transferCity) throw new InputError(`id: the lead is already offered to ${entry.transferCity}; wait for its answer.`, 'id');
      entry.transferCity = toCity;
      // The move the new lead will prove its lead with: signed here, by the city giving the lead up.
      const transfer = signLeadTransfer(this.signingKey, { entryId: entry.id, epoch: entry.leadEpoch + 1, from: this.config.city, to: toCity });
      await this.outbox.enqueue(em, { target: toCity, kind: MSG_TRANSFER_OFFER, streamKey: entry.id, payload: { entry: this.snapshot(entry), reason, transfer } });
      return { type: 'TRANSFER_OFFERED', action: 'watch.transfer.offered', reason, detail: { to: toCity } };
    });
    return this.homeView(id);
  }

  /** The offered city takes over the lead (its own SUPERVISOR decides); the former lead is told and audits it too. */
  async acceptLead(ctx: OfficerContext, id: string) {
    return this.answerOffer(ctx, id, true, null);
  }

  async declineLead(ctx: OfficerContext, id: string, rawReason: unknown) {
    return this.answerOffer(ctx, id, false, parseInput(reasonSchema, rawReason, 'reason'));
  }

  private async answerOffer(ctx: OfficerContext, id: string, accepted: boolean, reason: string | null) {
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      const entry = await this.lock(em, id);
      if (!entry || entry.status !== 'TRANSFER_OFFERED') throw entry ? WatchException.invalidTransition(accepted ? 'accept the lead of' : 'decline the lead of', entry.status, ['TRANSFER_OFFERED']) : WatchException.notFound(id);
      const from = entry.transferCity!;
      if (accepted) {
        this.checkReviewDate(entry.category as WatchCategory, entry.reviewDate, now);
        if (!entry.offeredTransfer || entry.offeredTransfer.epoch !== entry.leadEpoch + 1) throw WatchException.invalidTransition('accept the lead of', 'an offer without its signed move', ['TRANSFER_OFFERED']);
        Object.assign(entry, {
          status: 'ACTIVE',
          leadCity: this.config.city,
          transferCity: null,
          // The former lead keeps taking part; this city no longer needs to be listed as a participant.
          participatingCities: [...new Set([...entry.participatingCities.filter((c) => c !== this.config.city), from])],
          reviewWarnedFor: null,
          leadEpoch: entry.leadEpoch + 1,
          leadChain: [...entry.leadChain, entry.offeredTransfer],
          offeredTransfer: null,
        });
        await this.index(em, entry);
      } else {
        Object.assign(entry, { status: 'REJECTED', endReason: `lead declined: ${reason}`, endedAt: now, transferCity: null, offeredTransfer: null });
      }
      entry.updatedAt = now;
      await em.getRepository(WatchEntryEntity).save(entry);
      if (accepted) await markReplicaChange(em, id);
      await this.event(em, id, accepted ? 'LEAD_ACCEPTED' : 'LEAD_DECLINED', auditActor(ctx), reason);
      await this.audit.append(em, {
        actor: auditActor(ctx),
        action: accepted ? 'watch.transfer.accepted' : 'watch.transfer.declined',
        resourceKind: 'watch_entry',
        resourceIds: [id],
        detail: { from, reason },
      });
      return this.outbox.enqueue(em, { target: from, kind: MSG_TRANSFER_ANSWER, streamKey: id, payload: { entryId: id, accepted, reason } });
    });
    if (accepted) this.replicaNotifier.changed();
    return this.homeView(id);
  }

  // ---- reads --------------------------------------------------------------------------------------------

  /** The entries this node holds (home officers): led here, or offered to this city. */
  async list(ctx: OfficerContext, rawFilter: unknown) {
    const f = parseInput(watchFilterSchema, rawFilter ?? {}, 'filter');
    const qb = this.db.getRepository(WatchEntryEntity).createQueryBuilder('w').orderBy('w.review_date', 'ASC').take(f.limit ?? 100);
    if (f.status) qb.andWhere('w.status = :status', { status: f.status });
    if (f.reviewDueBefore) qb.andWhere('w.review_date <= :d', { d: f.reviewDueBefore });
    const rows = await qb.getMany();
    const level = this.policy.watchLevel(ctx.officer.city, ctx.officer.roles, []);
    return Promise.all(rows.map((r) => this.view(r, level)));
  }

  /** One entry, as the lead city's policy allows the caller: home officers and participants by role, others nothing. */
  async get(ctx: OfficerContext, id: string) {
    await this.requirePurpose(ctx, 'watch.read', [id]);
    return this.db.transaction(async (em) => {
      const entry = await em.getRepository(WatchEntryEntity).findOneBy({ id });
      const level = entry ? this.levelFor(ctx, entry) : 'NONE';
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: 'watch.read',
        resourceKind: 'watch_entry',
        resourceIds: [id],
        accessLevel: level,
        outcome: level === 'NONE' ? 'DENIED' : 'OK',
      });
      return entry && level !== 'NONE' ? this.view(entry, level, em) : null;
    });
  }

  /**
   * Hit/no-hit of blind-index tokens against the active entries this city leads. A miss is the same empty answer
   * whatever was asked; a non-participant's hit says only what to do and whom to contact; every check is audited.
   */
  async check(ctx: OfficerContext, rawTokens: unknown) {
    const tokens = [...new Set(parseInput(tokenListSchema, rawTokens, 'tokens'))];
    await this.requirePurpose(ctx, 'watch.check', []);
    return this.db.transaction(async (em) => {
      const matches = await this.matchLed(em, ctx, tokens);
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: 'watch.check',
        resourceKind: 'watch_entry',
        resourceIds: [...new Set(matches.map((m) => m.reference))],
        detail: { tokens: tokens.length, hits: matches.length, ...(ctx.node ? { via: ctx.node.city } : {}) },
      });
      // Another city's officer matched an entry led here (as Europol's EIS tells the data owner): the liaison desk is told.
      if (isCrossCity(ctx)) {
        for (const id of new Set(matches.map((m) => m.reference))) await this.noticeMatch(em, id, ctx.officer.city, ctx.officer.sub, ctx.purpose);
      }
      return { city: this.config.city, hit: matches.length > 0, matches };
    });
  }

  /** The active entries this city leads that match the tokens, each shown as this city's policy allows the caller. */
  async matchLed(em: EntityManager, ctx: OfficerContext, tokens: string[]) {
    const rows = await queryPrepared<{ entry_id: string; token: string }>(
      em,
      `SELECT i.entry_id, i.token FROM watch_identifier i JOIN watch_entry e ON e.id = i.entry_id
        WHERE i.token = ANY($1) AND e.status = 'ACTIVE' AND e.lead_city = $2`,
      [tokens, this.config.city],
    );
    const entries = rows.length ? await em.getRepository(WatchEntryEntity).findBy({ id: In([...new Set(rows.map((r) => r.entry_id))]) }) : [];
    const byId = new Map(entries.map((e) => [e.id, e]));
    const contact = this.contact();
    return Promise.all(
      rows.map(async (r) => {
        const entry = byId.get(r.entry_id)!;
        const level = this.levelFor(ctx, entry);
        const shown = level === 'FULL' || level === 'SUMMARY';
        return {
          token: r.token,
          reference: entry.id,
          leadCity: this.config.city,
          accessLevel: (shown ? level : 'HIT_ONLY') as AccessLevel,
          action: entry.action,
          instruction: ACTION_INSTRUCTIONS[entry.action as WatchAction],
          contact,
          entry: shown ? await this.view(entry, level, em) : null,
        };
      }),
    );
  }

  /** Whom another city's officer contacts about an entry this city leads (from this city's policy). */
  contact() {
    return { city: this.config.city, ...this.policy.document.contact };
  }

  // ---- hit reports --------------------------------------------------------------------------------------

  /** Files a hit report at the encountering city; it is delivered to the lead city exactly once. */
  async fileHit(ctx: OfficerContext, raw: unknown) {
    const input = parseInput(watchHitInputSchema, raw);
    screenProtectedTopics(input, ['observation', 'companions', 'actionTaken']);
    const now = this.clock.now();
    const hit = Object.assign(new WatchHitEntity(), {
      id: cityScopedId(this.config.city, ulid(now.getTime())),
      entryId: input.entryId,
      leadCity: input.leadCity,
      encounteringCity: this.config.city,
      observedAt: new Date(input.observedAt),
      location: input.location,
      observation: input.observation,
      actionTaken: input.actionTaken,
      companions: input.companions ?? null,
      vehicle: input.vehicle ?? null,
      filedBy: ctx.officer.sub,
      filedAt: now,
      ackDueAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalatedAt: null,
      expiresAt: new Date(now.getTime() + 365 * DAY_MS),
    } satisfies WatchHitEntity);
    await this.db.transaction(async (em) => {
      await em.getRepository(WatchHitEntity).insert(hit);
      await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'watch.hit.filed', resourceKind: 'watch_hit', resourceIds: [hit.id, hit.entryId], detail: { lead: hit.leadCity } });
      // A hit on an entry this city leads is received here at once; otherwise it travels to the lead city.
      if (input.leadCity === this.config.city) return this.receiveHitAtLead(em, hit, auditActor(ctx));
      return [await this.outbox.enqueue(em, { target: input.leadCity, kind: MSG_HIT, streamKey: hit.id, payload: this.hitPayload(hit) })];
    });
    return this.hitView(hit.id);
  }

  async acknowledgeHit(ctx: OfficerContext, id: string) {
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      const hit = await em.getRepository(WatchHitEntity).createQueryBuilder('h').setLock('pessimistic_write').where('h.id = :id', { id }).getOne();
      if (!hit || hit.leadCity !== this.config.city) throw WatchException.hitNotFound(id);
      if (hit.acknowledgedAt) return null;
      Object.assign(hit, { acknowledgedAt: now, acknowledgedBy: ctx.officer.sub });
      await em.getRepository(WatchHitEntity).save(hit);
      await this.event(em, hit.entryId, 'HIT_ACKNOWLEDGED', auditActor(ctx), hit.id);
      await this.audit.append(em, { actor: auditActor(ctx), action: 'watch.hit.acknowledged', resourceKind: 'watch_hit', resourceIds: [hit.id, hit.entryId] });
      if (hit.encounteringCity === this.config.city) return null;
      return this.outbox.enqueue(em, { target: hit.encounteringCity, kind: MSG_HIT_ACK, streamKey: hit.id, payload: { hitId: hit.id, acknowledgedBy: ctx.officer.sub, acknowledgedAt: now.toISOString() } });
    });
    return this.hitView(id);
  }

  async hits(rawFilter: unknown) {
    const f = parseInput(hitFilterSchema, rawFilter ?? {}, 'filter');
    const qb = this.db.getRepository(WatchHitEntity).createQueryBuilder('h').orderBy('h.filed_at', 'DESC').take(f.limit ?? 100);
    if (f.entryId) qb.andWhere('h.entry_id = :e', { e: f.entryId });
    if (f.unacknowledged) qb.andWhere('h.acknowledged_at IS NULL AND h.lead_city = :c', { c: this.config.city });
    return (await qb.getMany()).map((h) => this.hitViewOf(h));
  }

  // ---- the scheduled job: review warnings, expiry, deletion, escalation of unacknowledged hits -------------

  async sweep(): Promise<WatchSweepResult> {
    const now = this.clock.now();
    const today = regionToday(now);
    const actor = systemActor(this.config.city);
    const result: WatchSweepResult = { warned: [], expired: [], deleted: [], escalated: [], hitsDeleted: 0 };
    const repo = this.db.getRepository(WatchEntryEntity);

    const warnBy = addDays(today, this.config.watchReviewWarningDays);
    const toWarn: { id: string }[] = await this.db.query(
      `SELECT id FROM watch_entry WHERE status = 'ACTIVE' AND lead_city = $1 AND review_date <= $2
          AND (review_warned_for IS NULL OR review_warned_for <> review_date) ORDER BY review_date LIMIT 500`,
      [this.config.city, warnBy],
    );
    for (const { id } of toWarn) {
      await this.db.transaction(async (em) => {
        const entry = await this.lock(em, id);
        if (!entry || entry.status !== 'ACTIVE' || entry.reviewWarnedFor === entry.reviewDate) return;
        entry.reviewWarnedFor = entry.reviewDate;
        await em.getRepository(WatchEntryEntity).save(entry);
        await this.event(em, id, 'REVIEW_WARNING', actor, `review due by ${entry.reviewDate}`);
        await this.notify(em, 'SUPERVISOR', 'watch.review', `Watch entry ${id} must be reviewed by ${entry.reviewDate} (extend with a reason, or expire); it expires on its own after that date.`, id);
        await this.audit.append(em, { actor, action: 'watch.review_warning', resourceKind: 'watch_entry', resourceIds: [id], detail: { reviewDate: entry.reviewDate } });
        result.warned.push(id);
      });
    }

    const overdue = await repo.createQueryBuilder('w').select('w.id').where("w.status = 'ACTIVE' AND w.lead_city = :c AND w.review_date < :today", { c: this.config.city, today }).take(500).getMany();
    for (const { id } of overdue) {
      await this.db.transaction(async (em) => {
        const entry = await this.lock(em, id);
        if (!entry || entry.status !== 'ACTIVE' || entry.reviewDate >= today) return;
        await this.end(em, entry, 'EXPIRED', `review date ${entry.reviewDate} passed without review`, now);
        await em.getRepository(WatchEntryEntity).save(entry);
        await markReplicaChange(em, id);
        await this.event(em, id, 'EXPIRED', actor, entry.endReason);
        await this.audit.append(em, { actor, action: 'watch.expired', resourceKind: 'watch_entry', resourceIds: [id], detail: { reviewDate: entry.reviewDate } });
        result.expired.push(id);
      });
    }

    if (result.expired.length) this.replicaNotifier.changed();

    const retentionEnd = new Date(now.getTime() - this.config.watchRetentionDays * DAY_MS);
    const ended = await repo
      .createQueryBuilder('w')
      .select('w.id')
      .where('w.status IN (:...s) AND w.ended_at <= :t AND w.personal_data_deleted_at IS NULL', { s: ENDED_WATCH_STATUSES, t: retentionEnd })
      .take(500)
      .getMany();
    for (const { id } of ended) {
      await this.db.transaction(async (em) => {
        const entry = await this.lock(em, id);
        if (!entry || entry.personalDataDeletedAt) return;
        Object.assign(entry, { description: null, identifiers: null, personalDataDeletedAt: now });
        await em.getRepository(WatchEntryEntity).save(entry);
        await em.getRepository(WatchIdentifierEntity).delete({ entryId: id });
        const hits = await em.getRepository(WatchHitEntity).delete({ entryId: id });
        await this.event(em, id, 'PERSONAL_DATA_DELETED', actor, null);
        await this.audit.append(em, { actor, action: 'watch.personal_data_deleted', resourceKind: 'watch_entry', resourceIds: [id], detail: { hits: hits.affected ?? 0 } });
        result.deleted.push(id);
      });
    }
    // Hit copies held at encountering and participating cities expire on their own clock.
    const expiredHits: { id: string; entry_id: string }[] = await this.db.query('SELECT id, entry_id FROM watch_hit WHERE expires_at IS NOT NULL AND expires_at <= $1 LIMIT 500', [now]);
    if (expiredHits.length) {
      await this.db.transaction(async (em) => {
        await em.getRepository(WatchHitEntity).delete({ id: In(expiredHits.map((h) => h.id)) });
        await this.audit.append(em, { actor, action: 'watch.hit.deleted', resourceKind: 'watch_hit', resourceIds: expiredHits.map((h) => h.id), detail: { reason: 'retention ended' } });
      });
      result.hitsDeleted = expiredHits.length;
    }

    const unacked = await this.db.getRepository(WatchHitEntity).createQueryBuilder('h').select('h.id')
      .where('h.lead_city = :c AND h.acknowledged_at IS NULL AND h.escalated_at IS NULL AND h.ack_due_at <= :now', { c: this.config.city, now })
      .take(500)
      .getMany();
    for (const { id } of unacked) {
      await this.db.transaction(async (em) => {
        const hit = await em.getRepository(WatchHitEntity).createQueryBuilder('h').setLock('pessimistic_write').where('h.id = :id', { id }).getOne();
        if (!hit || hit.acknowledgedAt || hit.escalatedAt) return;
        hit.escalatedAt = now;
        await em.getRepository(WatchHitEntity).save(hit);
        await this.event(em, hit.entryId, 'HIT_ESCALATED', actor, hit.id);
        await this.notify(em, 'COMMANDER', 'watch.hit.escalation', `Hit ${hit.id} on watch entry ${hit.entryId} (${hit.encounteringCity}) was not acknowledged by ${hit.ackDueAt!.toISOString()}.`, hit.id);
        await this.audit.append(em, { actor, action: 'watch.hit.escalated', resourceKind: 'watch_hit', resourceIds: [hit.id, hit.entryId], detail: { ackDueAt: hit.ackDueAt!.toISOString() } });
        result.escalated.push(id);
      });
    }
    const did = Object.entries(result).filter(([, v]) => (Array.isArray(v) ? v.length : v)).map(([k, v]) => `${k} ${Array.isArray(v) ? v.length : v}`);
    if (did.length) this.logger.log(`watch sweep: ${did.join(', ')}`);
    return result;
  }

  // ---- what other cities send ---------------------------------------------------------------------------

  private async onTransferOffer(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const { entry: snap, reason, transfer } = parsePeerPayload(transferOfferPayloadSchema, raw, MSG_TRANSFER_OFFER);
    // The offering city must prove it leads the entry now (the chain of signed moves from the proposing city to it),
    // and give this city the next move, signed; an epoch this node has already seen passed is refused too.
    const proven = leadOf(snap.id, snap.leadChain, (c) => this.registry.publicKeyOf(c));
    if ('error' in proven) throw new PermanentDeliveryError(`the offer of ${snap.id} proves no lead: ${proven.error}`);
    if (proven.lead !== env.source || proven.epoch !== snap.leadEpoch) throw new PermanentDeliveryError(`${snap.id} is led by ${proven.lead} at epoch ${proven.epoch} by its chain, not by ${env.source}`);
    const next = leadOf(snap.id, [...snap.leadChain, transfer], (c) => this.registry.publicKeyOf(c));
    if ('error' in next || next.lead !== this.config.city) throw new PermanentDeliveryError(`the offer of ${snap.id} carries no move of its lead to ${this.config.city} signed by ${env.source}${'error' in next ? `: ${next.error}` : ''}`);
    const seen = await em.getRepository(WatchReplicaEntryEntity).findOneBy({ entryId: snap.id });
    if (seen && seen.leadEpoch > snap.leadEpoch) throw new PermanentDeliveryError(`the lead of ${snap.id} has moved on (epoch ${seen.leadEpoch} led by ${seen.leadCity}); ${env.source} can no longer offer it`);
    const existing = await this.lock(em, snap.id);
    if (existing && existing.status !== 'TRANSFERRED') throw new PermanentDeliveryError(`${snap.id} is already held here (${existing.status})`);
    const now = this.clock.now();
    const row = Object.assign(existing ?? new WatchEntryEntity(), {
      ...snap,
      leadCity: env.source,
      status: 'TRANSFER_OFFERED',
      identifiers: JSON.stringify(snap.identifiers),
      proposedAt: new Date(snap.proposedAt),
      approvedAt: snap.approvedAt ? new Date(snap.approvedAt) : null,
      leadEpoch: snap.leadEpoch,
      leadChain: snap.leadChain,
      offeredTransfer: transfer,
      transferCity: env.source,
      endReason: null,
      endedAt: null,
      reviewWarnedFor: null,
      personalDataDeletedAt: null,
      updatedAt: now,
    });
    await em.getRepository(WatchEntryEntity).save(row);
    await this.event(em, snap.id, 'TRANSFER_OFFERED', peerActor(env.source), reason);
    await this.notify(em, 'SUPERVISOR', 'watch.transfer', `${env.source} offers this city the lead of watch entry ${snap.id} (${snap.category}): ${reason}`, snap.id);
    await this.audit.append(em, { actor: peerActor(env.source), action: 'watch.transfer.offer_received', resourceKind: 'watch_entry', resourceIds: [snap.id], detail: { from: env.source, reason } });
  }

  private async onTransferAnswer(em: EntityManager, env: Envelope, raw: Record<string, unknown>, hooks: DeliveryHooks) {
    const p = parsePeerPayload(transferAnswerPayloadSchema, raw, MSG_TRANSFER_ANSWER);
    const entry = await this.lock(em, p.entryId);
    if (!entry || entry.transferCity !== env.source || entry.leadCity !== this.config.city) {
      throw new PermanentDeliveryError(`${p.entryId} was not offered to ${env.source}`);
    }
    const now = this.clock.now();
    if (p.accepted) {
      Object.assign(entry, { status: 'TRANSFERRED', leadCity: env.source, transferCity: null, endReason: `lead transferred to ${env.source}`, endedAt: now });
      await em.getRepository(WatchIdentifierEntity).delete({ entryId: entry.id });
    } else {
      entry.transferCity = null;
    }
    entry.updatedAt = now;
    await em.getRepository(WatchEntryEntity).save(entry);
    if (p.accepted) {
      await markReplicaChange(em, entry.id);
      hooks.afterCommit(async () => this.replicaNotifier.changed());
    }
    await this.event(em, entry.id, p.accepted ? 'LEAD_ACCEPTED' : 'LEAD_DECLINED', peerActor(env.source), p.reason);
    await this.notify(em, 'SUPERVISOR', 'watch.transfer', `${env.source} ${p.accepted ? 'accepted' : 'declined'} the lead of watch entry ${entry.id}${p.reason ? `: ${p.reason}` : ''}.`, entry.id);
    await this.audit.append(em, {
      actor: peerActor(env.source),
      action: p.accepted ? 'watch.transfer.accepted' : 'watch.transfer.declined',
      resourceKind: 'watch_entry',
      resourceIds: [entry.id],
      detail: { to: env.source, reason: p.reason },
    });
  }

  private async onEnded(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const p = parsePeerPayload(entryEndedPayloadSchema, raw, MSG_ENDED);
    const expiresAt = new Date(this.clock.now().getTime() + this.config.watchRetentionDays * DAY_MS);
    await em.query('UPDATE watch_hit SET expires_at = LEAST(COALESCE(expires_at, $2), $2) WHERE entry_id = $1', [p.entryId, expiresAt]);
    await this.notify(em, 'LIAISON_OFFICER', 'watch.ended', `Watch entry ${p.entryId} led by ${env.source} is ${p.status.toLowerCase()}: ${p.reason}. Stop acting on it.`, p.entryId);
    await this.audit.append(em, { actor: peerActor(env.source), action: 'watch.ended_received', resourceKind: 'watch_entry', resourceIds: [p.entryId], detail: { status: p.status } });
  }

  private async onHit(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const p = parsePeerPayload(hitPayloadSchema, raw, MSG_HIT);
    if (p.encounteringCity !== env.source || parseCityScopedId(p.id)?.city !== env.source) throw new PermanentDeliveryError('a hit report must come from, and carry an id of, its encountering city');
    if (p.leadCity !== this.config.city) throw new PermanentDeliveryError(`the hit names ${p.leadCity} as lead, this is ${this.config.city}`);
    const hit = Object.assign(new WatchHitEntity(), this.hitFromPayload(p), { ackDueAt: null, acknowledgedAt: null, acknowledgedBy: null, escalatedAt: null, expiresAt: null });
    // What it forwards is dispatched by the inbox once the transaction commits.
    await this.receiveHitAtLead(em, hit, peerActor(env.source));
  }

  /** The lead city records a hit (URGENT acknowledgement clock), tells its officers and forwards it to the participants. */
  private async receiveHitAtLead(em: EntityManager, hit: WatchHitEntity, actor: AuditActor): Promise<void> {
    const entry = await this.lock(em, hit.entryId);
    if (!entry || entry.leadCity !== this.config.city) {
      const moved = entry?.status === 'TRANSFERRED' ? `; its lead moved to ${entry.leadCity}, file the hit there` : '';
      throw new PermanentDeliveryError(`${hit.entryId} is not led by ${this.config.city}${moved}`);
    }
    const now = this.clock.now();
    const ackDueAt = new Date(now.getTime() + this.config.slaPolicy.URGENT.acknowledgeSeconds * 1000);
    const isLocal = hit.encounteringCity === this.config.city;
    if (isLocal) await em.getRepository(WatchHitEntity).update({ id: hit.id }, { ackDueAt, expiresAt: null });
    else await em.getRepository(WatchHitEntity).insert({ ...hit, ackDueAt, expiresAt: null });
    await this.event(em, entry.id, 'HIT', actor, `${hit.encounteringCity} ${hit.location} ${hit.observedAt.toISOString()}`);
    await this.notify(
      em,
      'LIAISON_OFFICER',
      'watch.hit',
      `HIT on watch entry ${entry.id} (${entry.category}) in ${hit.encounteringCity} at ${hit.location}: acknowledge by ${ackDueAt.toISOString()}.`,
      hit.id,
    );
    await this.audit.append(em, { actor, action: 'watch.hit.received', resourceKind: 'watch_hit', resourceIds: [hit.id, entry.id], detail: { from: hit.encounteringCity, status: entry.status } });
    for (const c of entry.participatingCities.filter((x) => x !== hit.encounteringCity && x !== this.config.city)) {
      await this.outbox.enqueue(em, { target: c, kind: MSG_HIT_FORWARDED, streamKey: hit.id, payload: this.hitPayload(hit) });
    }
  }

  private async onHitForwarded(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const p = parsePeerPayload(hitPayloadSchema, raw, MSG_HIT_FORWARDED);
    if (p.leadCity !== env.source) throw new PermanentDeliveryError('a forwarded hit report must come from its lead city');
    const expiresAt = new Date(this.clock.now().getTime() + 365 * DAY_MS);
    const inserted = await em
      .getRepository(WatchHitEntity)
      .createQueryBuilder()
      .insert()
      .values({ ...this.hitFromPayload(p), ackDueAt: null, acknowledgedAt: null, acknowledgedBy: null, escalatedAt: null, expiresAt })
      .orIgnore()
      .execute();
    if (!inserted.identifiers.length) return;
    await notifyRole(em, 'LIAISON_OFFICER', 'watch.hit', `Hit on watch entry ${p.entryId} (led by ${p.leadCity}) reported by ${p.encounteringCity} at ${p.location}.`, p.id, this.clock.now(), {
      entry: p.entryId,
      lead: p.leadCity,
      from: p.encounteringCity,
      location: p.location,
    });
    await this.audit.append(em, { actor: peerActor(env.source), action: 'watch.hit.forwarded_received', resourceKind: 'watch_hit', resourceIds: [p.id, p.entryId], detail: { from: p.encounteringCity } });
  }

  private async onHitAck(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const p = parsePeerPayload(hitAckPayloadSchema, raw, MSG_HIT_ACK);
    const hit = await em.getRepository(WatchHitEntity).findOneBy({ id: p.hitId });
    if (!hit || hit.leadCity !== env.source) throw new PermanentDeliveryError(`hit ${p.hitId} was not filed with ${env.source}`);
    await em.getRepository(WatchHitEntity).update({ id: hit.id }, { acknowledgedAt: new Date(p.acknowledgedAt), acknowledgedBy: p.acknowledgedBy });
    await this.notify(em, 'LIAISON_OFFICER', 'watch.hit.ack', `${env.source} acknowledged hit report ${hit.id}.`, hit.id);
    await this.audit.append(em, { actor: peerActor(env.source), action: 'watch.hit.ack_received', resourceKind: 'watch_hit', resourceIds: [hit.id] });
  }

  /**
   * Who this node knows to lead an entry (and, where it leads it, who takes part and to whom the lead is offered): its
   * own row first, then what its copy of the other cities' feeds proved, then the lead its hits were filed with.
   */
  private async partiesOf(em: EntityManager, id: string): Promise<PeerParties | null> {
    const entry = await em.getRepository(WatchEntryEntity).findOneBy({ id });
    if (entry?.leadCity === this.config.city && entry.status !== 'TRANSFER_OFFERED') {
      return { lead: [this.config.city], participant: entry.participatingCities, offered: entry.transferCity ? [entry.transferCity] : [] };
    }
    // Offered to this city (the offering lead), or transferred away (the new lead).
    if (entry) return { lead: [entry.leadCity] };
    const copy = await em.getRepository(WatchReplicaEntryEntity).findOneBy({ entryId: id });
    if (copy) return { lead: [copy.leadCity] };
    const hit = await em.getRepository(WatchHitEntity).findOne({ where: { entryId: id }, select: { id: true, leadCity: true } });
    return hit ? { lead: [hit.leadCity] } : null;
  }

  /**
   * Tells the lead city of each entry another city leads that the officer's check matched from this node's copy (the
   * lead sees nothing of such a check otherwise): delivered, so the notice is not lost while the lead is down.
   */
  async tellLeadsOfMatches(em: EntityManager, ctx: OfficerContext, matches: readonly { reference: string; leadCity: string }[]): Promise<void> {
    const since = new Date(this.clock.now().getTime() - MATCH_NOTICE_EVERY_MS);
    for (const reference of new Set(matches.filter((m) => m.leadCity !== this.config.city).map((m) => m.reference))) {
      const leadCity = matches.find((m) => m.reference === reference)!.leadCity;
      // One notice per entry and officer an hour: the lead's desk needs to know who to expect, not every repeat.
      const streamKey = `match:${reference}:${ctx.officer.sub}`.slice(0, 120);
      const recent: unknown[] = await em.query('SELECT 1 FROM outbox_message WHERE target_city = $1 AND stream_key = $2 AND created_at > $3 LIMIT 1', [leadCity, streamKey, since]);
      if (recent.length) continue;
      await this.outbox.enqueue(em, { target: leadCity, kind: MSG_MATCH, streamKey, payload: { entryId: reference, checkedBy: ctx.officer.sub, purpose: ctx.purpose, at: this.clock.now().toISOString() } });
    }
  }

  private async onMatch(em: EntityManager, env: Envelope, raw: Record<string, unknown>) {
    const p = parsePeerPayload(matchPayloadSchema, raw, MSG_MATCH);
    const entry = await em.getRepository(WatchEntryEntity).findOneBy({ id: p.entryId });
    if (!entry || entry.leadCity !== this.config.city) throw new PermanentDeliveryError(`${p.entryId} is not led by ${this.config.city}`);
    if (!p.checkedBy.startsWith(`${env.source}:`)) throw new PermanentDeliveryError(`${env.source} reports matches of its own officers only`);
    await this.noticeMatch(em, p.entryId, env.source, p.checkedBy, p.purpose);
  }

  /** The lead's liaison desk is told, and the audit records, that another city's officer matched an entry. */
  private async noticeMatch(em: EntityManager, entryId: string, city: string, officer: string, purpose: string | null): Promise<void> {
    await this.notify(em, 'LIAISON_OFFICER', 'watch.match', `An officer of ${city} (${officer}) checked an identifier of watch entry ${entryId}${purpose ? ` for "${purpose}"` : ''}; expect a hit report or a call.`, entryId);
    await this.audit.append(em, { actor: peerActor(city), purpose, action: 'watch.match.received', resourceKind: 'watch_entry', resourceIds: [entryId], detail: { officer } });
  }

  // ---- helpers ------------------------------------------------------------------------------------------

  /** Runs a lifecycle step on an entry this city leads: locked, checked, saved, its history and audit written. */
  private async changeLed(
    ctx: OfficerContext,
    id: string,
    from: readonly string[],
    what: string,
    step: (em: EntityManager, entry: WatchEntryEntity, now: Date) => Promise<{ type: string; action: string; reason: string | null; detail?: Record<string, unknown> }>,
  ): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (em) => {
      const entry = await this.lock(em, id);
      if (!entry) throw WatchException.notFound(id);
      if (entry.leadCity !== this.config.city) throw WatchException.notLead(id, entry.leadCity);
      if (!from.includes(entry.status)) throw WatchException.invalidTransition(what, entry.status, from);
      const wasActive = entry.status === 'ACTIVE';
      const done = await step(em, entry, now);
      entry.updatedAt = now;
      await em.getRepository(WatchEntryEntity).save(entry);
      // Only what other cities' copies hold: an entry that is or was active (a rejected proposal never leaves).
      if (wasActive || entry.status === 'ACTIVE') await markReplicaChange(em, id);
      await this.event(em, id, done.type, auditActor(ctx), done.reason);
      await this.audit.append(em, { actor: auditActor(ctx), action: done.action, resourceKind: 'watch_entry', resourceIds: [id], detail: { reason: done.reason, ...(done.detail ?? {}) } });
    });
    this.replicaNotifier.changed();
  }

  /** Ends an active entry: no more hits, participants told (when the transaction commits). */
  private async end(em: EntityManager, entry: WatchEntryEntity, status: 'EXPIRED' | 'CLOSED', reason: string, now: Date): Promise<void> {
    Object.assign(entry, { status, endReason: reason, endedAt: now, transferCity: null });
    await em.getRepository(WatchIdentifierEntity).delete({ entryId: entry.id });
    for (const c of entry.participatingCities) {
      await this.outbox.enqueue(em, { target: c, kind: MSG_ENDED, streamKey: entry.id, payload: { entryId: entry.id, status, reason } });
    }
  }

  /** Writes the blind indexes (this city's key) of an active entry's identifiers: what checks compare. */
  private async index(em: EntityManager, entry: WatchEntryEntity): Promise<number> {
    const identifiers = JSON.parse(entry.identifiers ?? '[]') as Identifier[];
    await em.getRepository(WatchIdentifierEntity).delete({ entryId: entry.id });
    const rows = [...new Map(identifiers.map((i) => [this.blind.token(i.kind, i.value), i.kind])).entries()].map(([token, kind]) => ({ entryId: entry.id, token, kind }));
    if (rows.length) await em.getRepository(WatchIdentifierEntity).insert(rows);
    return rows.length;
  }

  private checkReviewDate(category: WatchCategory, reviewDate: string, now: Date): void {
    const days = this.config.watchMaxReviewDays[category];
    const latest = addDays(regionToday(now), days);
    if (reviewDate > latest) throw WatchException.reviewTooLate(category, latest, days);
    if (reviewDate <= regionToday(now)) throw new InputError('input.reviewDate: the review date must be after today.', 'input.reviewDate');
  }

  private levelFor(ctx: OfficerContext, entry: WatchEntryEntity): AccessLevel {
    if (entry.leadCity !== this.config.city && entry.status !== 'TRANSFER_OFFERED') return 'NONE';
    if (!isCrossCity(ctx)) return this.policy.watchLevel(this.config.city, ctx.officer.roles, []);
    if (entry.status !== 'ACTIVE') return 'NONE';
    return this.policy.watchLevel(ctx.officer.city, ctx.officer.roles, entry.participatingCities);
  }

  private async requirePurpose(ctx: OfficerContext, action: string, ids: string[]): Promise<void> {
    if (!isCrossCity(ctx) || ctx.purpose) return;
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), action, resourceKind: 'watch_entry', resourceIds: ids, outcome: 'REFUSED', detail: { reason: 'no purpose given' } });
    throw WatchException.purposeRequired(this.config.city);
  }

  private lock(em: EntityManager, id: string): Promise<WatchEntryEntity | null> {
    return em.getRepository(WatchEntryEntity).createQueryBuilder('w').setLock('pessimistic_write').where('w.id = :id', { id }).getOne();
  }

  private async event(em: EntityManager, entryId: string, type: string, actor: AuditActor, reason: string | null): Promise<void> {
    await em.getRepository(WatchEventEntity).insert({ entryId, type, actorId: actor.id, actorCity: actor.city, reason: reason?.slice(0, 1000) ?? null, at: this.clock.now() });
  }

  private notify(em: EntityManager, role: string, kind: NoticeKind, text: string, reference: string): Promise<void> {
    return notifyRole(em, role, kind, text, reference, this.clock.now());
  }

  private snapshot(e: WatchEntryEntity): EntrySnapshot {
    return entrySnapshotSchema.parse({
      id: e.id,
      category: e.category,
      action: e.action,
      legalBasis: e.legalBasis,
      decisionReference: e.decisionReference,
      offence: e.offence,
      riskLevel: e.riskLevel,
      participatingCities: e.participatingCities,
      reviewDate: e.reviewDate,
      description: e.description,
      identifiers: JSON.parse(e.identifiers ?? '[]'),
      proposedBy: e.proposedBy,
      proposedAt: e.proposedAt.toISOString(),
      approvedBy: e.approvedBy,
      approvedAt: e.approvedAt?.toISOString() ?? null,
      leadEpoch: e.leadEpoch,
      leadChain: e.leadChain,
    });
  }

  private hitPayload(h: WatchHitEntity): HitPayload {
    return {
      id: h.id,
      entryId: h.entryId,
      leadCity: h.leadCity,
      encounteringCity: h.encounteringCity,
      observedAt: h.observedAt.toISOString(),
      location: h.location,
      observation: h.observation,
      actionTaken: h.actionTaken,
      companions: h.companions,
      vehicle: h.vehicle,
      filedBy: h.filedBy,
      filedAt: h.filedAt.toISOString(),
    };
  }

  private hitFromPayload(p: HitPayload) {
    return { ...p, observedAt: new Date(p.observedAt), filedAt: new Date(p.filedAt) };
  }

  private async homeView(id: string) {
    const entry = await this.db.getRepository(WatchEntryEntity).findOneByOrFail({ id });
    return this.view(entry, 'FULL');
  }

  /** The entry at a level: FULL adds the description, identifiers and history; SUMMARY is the entry without them. */
  private async view(e: WatchEntryEntity, level: AccessLevel, em: EntityManager = this.db.manager) {
    const full = level === 'FULL';
    const history = full ? await em.getRepository(WatchEventEntity).find({ where: { entryId: e.id }, order: { at: 'ASC', id: 'ASC' } }) : [];
    return {
      id: e.id,
      leadCity: e.leadCity,
      status: e.status,
      category: e.category,
      action: e.action,
      instruction: ACTION_INSTRUCTIONS[e.action as WatchAction],
      legalBasis: e.legalBasis,
      decisionReference: e.decisionReference,
      offence: e.offence,
      riskLevel: e.riskLevel,
      participatingCities: e.participatingCities,
      reviewDate: e.reviewDate,
      accessLevel: level,
      description: full ? e.description : null,
      identifiers: full ? (JSON.parse(e.identifiers ?? '[]') as Identifier[]) : null,
      proposedBy: e.proposedBy,
      proposedAt: e.proposedAt.toISOString(),
      approvedBy: e.approvedBy,
      approvedAt: e.approvedAt?.toISOString() ?? null,
      transferCity: e.transferCity,
      endReason: e.endReason,
      endedAt: e.endedAt?.toISOString() ?? null,
      personalDataDeletedAt: e.personalDataDeletedAt?.toISOString() ?? null,
      history: full ? history.map((h) => ({ type: h.type, actorId: h.actorId, actorCity: h.actorCity, reason: h.reason, at: h.at.toISOString() })) : null,
    };
  }

  private async hitView(id: string) {
    return this.hitViewOf(await this.db.getRepository(WatchHitEntity).findOneByOrFail({ id }));
  }

  private hitViewOf(h: WatchHitEntity) {
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return {
      ...h,
      observedAt: h.observedAt.toISOString(),
      filedAt: h.filedAt.toISOString(),
      ackDueAt: iso(h.ackDueAt),
      acknowledgedAt: iso(h.acknowledgedAt),
      escalatedAt: iso(h.escalatedAt),
      expiresAt: iso(h.expiresAt),
      overdue: !!h.ackDueAt && !h.acknowledgedAt && h.ackDueAt.getTime() < this.clock.now().getTime(),
    };
  }
}
