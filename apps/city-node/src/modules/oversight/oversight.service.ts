import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { Clock, parseInput } from '@ypf/common';
import type { Envelope } from '@ypf/delivery';
import { cityScopedId, parseCityScopedId, ulid } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type OfficerContext, peerActor, systemActor } from '../../auth/request-context.js';
import { notifyRole } from '../../core/notifications.js';
import { DeliveryHandlers, parsePeerPayload } from '../delivery/delivery-handlers.js';
import { PermanentDeliveryError } from '../delivery/delivery.exception.js';
import { OutboxService } from '../delivery/outbox.service.js';
import { idCity, PeerParticipation } from '../delivery/peer-senders.js';
import { windowStartOf } from './baseline.js';
import { type CityCount, OversightAlertEntity, type OversightAlertKind, type OversightMetric, type PurposeCount } from './entities/oversight-alert.entity.js';
import { OversightException } from './oversight.exception.js';
import { acknowledgementNoteSchema, type AlertPayload, alertFilterSchema, alertPayloadSchema, usagePayloadSchema } from './oversight.input.js';
import { OversightRepository, type PurposeTotal } from './oversight.repository.js';
import { alertFacts, alertText, alertView, dedupeKeyOf } from './oversight.views.js';

/** Message kinds of this module (node-to-node). */
export const MSG_ALERT = 'oversight.alert';
export const MSG_USAGE = 'oversight.usage';
/** Shares per oversight.usage message (a bigger report is sent as several). */
const SHARES_PER_REPORT = 500;

/** What the scan found: an alert to raise at this node (and to send to the other city concerned). */
export interface AlertDraft {
  kind: OversightAlertKind;
  metric: OversightMetric | null;
  officerId: string;
  officerCity: string;
  windowStart: Date;
  windowEnd: Date;
  count: number;
  baseline: number | null;
  threshold: number;
  historyWindows: number | null;
  purposes: PurposeCount[];
  cities: CityCount[];
}

/**
 * Misuse alerts (issue 16): raised here by the scan, or received from the city that raised them; shown to this city's
 * AUDITORs, who acknowledge them with a note. Also receives the purpose reports other cities send about this city's
 * officers (the home city's view across the region).
 */
@Injectable()
export class OversightService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly handlers: DeliveryHandlers,
    private readonly participation: PeerParticipation,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    // Alerts and reports are new to their receiver: the city that raised them is the one their id names.
    this.participation.register('oversight_report', async (_em, id) => ({ raiser: [idCity(id) ?? ''] }));
    this.handlers.register(MSG_ALERT, (em, env, payload) => this.onAlert(em, env, payload));
    this.handlers.register(MSG_USAGE, (em, env, payload) => this.onUsage(em, env, payload));
  }

  // ---- auditors ---------------------------------------------------------------------------------------------------

  async alerts(ctx: OfficerContext, rawFilter: unknown) {
    const f = parseInput(alertFilterSchema, rawFilter ?? {}, 'filter');
    const qb = this.db.getRepository(OversightAlertEntity).createQueryBuilder('a').orderBy('a.raised_at', 'DESC').addOrderBy('a.id', 'DESC').take(f.limit ?? 100);
    if (f.openOnly) qb.andWhere('a.acknowledged_at IS NULL');
    if (f.kind) qb.andWhere('a.kind = :kind', { kind: f.kind });
    if (f.officerId) qb.andWhere('a.officer_id = :officer', { officer: f.officerId });
    const rows = await qb.getMany();
    // Oversight is overseen too: reading the alerts is audited like reading the trail.
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'oversight.alerts.read', resourceKind: 'oversight_alert', resourceIds: rows.map((r) => r.id), detail: { count: rows.length } });
    return rows.map(alertView);
  }

  /** An auditor of this city records what they found (once per city: each city's auditors answer for their own copy). */
  async acknowledge(ctx: OfficerContext, id: string, rawNote: unknown) {
    const note = parseInput(acknowledgementNoteSchema, rawNote, 'note');
    const alert = await this.db.transaction(async (em) => {
      const a = parseCityScopedId(id) ? await em.getRepository(OversightAlertEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne() : null;
      if (!a) throw OversightException.alertNotFound(String(id).slice(0, 80));
      if (a.acknowledgedAt) throw OversightException.alreadyAcknowledged(id, a.acknowledgedBy!, a.acknowledgedAt.toISOString());
      a.acknowledgedBy = ctx.officer.sub;
      a.acknowledgedAt = this.clock.now();
      a.acknowledgementNote = note;
      await em.getRepository(OversightAlertEntity).save(a);
      await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'oversight.alert.acknowledge', resourceKind: 'oversight_alert', resourceIds: [id], detail: { kind: a.kind, officer: a.officerId, note } });
      return a;
    });
    return alertView(alert);
  }

  // ---- raised here (inside the scan's transaction) ---------------------------------------------------------------

  /**
   * Stores the alert unless the same one is here already, tells this city's auditors, and queues it for the other
   * cities concerned: the officer's home city (an alert about another city's officer), or the data owners (a purpose
   * spread about this city's officer). Returns the queued messages, to dispatch after the commit; null if not new.
   */
  async raise(em: EntityManager, d: AlertDraft): Promise<OversightAlertEntity | null> {
    const now = this.clock.now();
    const self = this.config.city;
    const alert = Object.assign(new OversightAlertEntity(), {
      id: cityScopedId(self, ulid(now.getTime())),
      dedupeKey: dedupeKeyOf({ ...d, raisedBy: self, purpose: d.kind === 'PURPOSE_SPREAD' ? (d.purposes[0]?.purpose ?? '') : null }),
      ...d,
      raisedBy: self,
      raisedAt: now,
      receivedAt: null,
      acknowledgedBy: null,
      acknowledgedAt: null,
      acknowledgementNote: null,
    } satisfies OversightAlertEntity);
    if (!(await new OversightRepository(em).insertAlert(alert))) return null;
    await notifyRole(em, 'AUDITOR', 'oversight.alert', alertText(alert, self), alert.id, now);
    const targets = d.kind === 'VOLUME' ? [d.officerCity] : d.cities.map((c) => c.city);
    for (const target of targets.filter((c) => c !== self)) {
      await this.outbox.enqueue(em, { target, kind: MSG_ALERT, streamKey: 'oversight', payload: this.payloadOf(alert) });
    }
    await this.audit.append(em, {
      actor: systemActor(self),
      action: 'oversight.alert.raised',
      resourceKind: 'oversight_alert',
      resourceIds: [alert.id],
      detail: { kind: d.kind, metric: d.metric, officer: d.officerId, count: d.count, threshold: d.threshold, sentTo: targets.filter((c) => c !== self) },
    });
    return alert;
  }

  /**
   * Reports to each officer's home city how often its officers used each purpose here (only purposes used at least
   * OVERSIGHT_PURPOSE_REPORT_MIN times in the purpose window): counts and purposes, never what was read. Returns how
   * many reports it sent.
   */
  async report(em: EntityManager, totals: readonly PurposeTotal[]): Promise<number> {
    const self = this.config.city;
    let reports = 0;
    for (const home of [...new Set(totals.map((t) => t.officerCity))]) {
      const mine = totals.filter((t) => t.officerCity === home);
      for (let i = 0; i < mine.length; i += SHARES_PER_REPORT) {
        const shares = mine.slice(i, i + SHARES_PER_REPORT).map((t) => ({ officerId: t.officerId, purpose: t.purpose, bucketStart: t.bucketStart.toISOString(), uses: t.uses }));
        const reportId = cityScopedId(self, ulid(this.clock.now().getTime()));
        await this.outbox.enqueue(em, { target: home, kind: MSG_USAGE, streamKey: 'oversight', payload: { reportId, bucketHours: this.config.oversight.purposeWindowHours, shares } });
        reports += 1;
        await this.audit.append(em, {
          actor: systemActor(self),
          action: 'oversight.usage.reported',
          resourceKind: 'oversight_report',
          resourceIds: [reportId],
          detail: { to: home, shares: shares.length, officers: [...new Set(shares.map((s) => s.officerId))].length },
        });
      }
    }
    return reports;
  }

  // ---- received from other cities -----------------------------------------------------------------------------

  private async onAlert(em: EntityManager, env: Envelope, raw: Record<string, unknown>): Promise<void> {
    const p = parsePeerPayload(alertPayloadSchema, raw, MSG_ALERT);
    const self = this.config.city;
    if (p.raisedBy !== env.source || idCity(p.alertId) !== env.source) throw new PermanentDeliveryError(`an oversight alert names the city that raised it: ${env.source} sent one raised by ${p.raisedBy}`);
    if (p.kind === 'VOLUME' && (p.officerCity !== self || !p.officerId.startsWith(`${self}:`))) {
      throw new PermanentDeliveryError(`${env.source} may tell ${self} only of ${self}'s own officers' reads (alert about ${p.officerId})`);
    }
    if (p.kind === 'PURPOSE_SPREAD' && (p.officerCity !== env.source || !p.officerId.startsWith(`${env.source}:`) || !p.cities.some((c) => c.city === self))) {
      throw new PermanentDeliveryError(`${env.source} may tell ${self} of a purpose spread only for its own officer and with ${self} among the cities`);
    }
    const now = this.clock.now();
    const alert = this.fromPayload(p, now);
    if (!(await new OversightRepository(em).insertAlert(alert))) return;
    await notifyRole(em, 'AUDITOR', 'oversight.alert', alertText(alert, self), alert.id, now);
    await this.audit.append(em, { actor: peerActor(env.source), action: 'oversight.alert.received', resourceKind: 'oversight_alert', resourceIds: [alert.id], detail: { kind: p.kind, metric: p.metric, officer: p.officerId, count: p.count } });
  }

  private async onUsage(em: EntityManager, env: Envelope, raw: Record<string, unknown>): Promise<void> {
    const p = parsePeerPayload(usagePayloadSchema, raw, MSG_USAGE);
    const self = this.config.city;
    if (idCity(p.reportId) !== env.source) throw new PermanentDeliveryError(`a usage report carries its sender's id: ${env.source} sent ${p.reportId}`);
    const stranger = p.shares.find((s) => !s.officerId.startsWith(`${self}:`));
    if (stranger) throw new PermanentDeliveryError(`${env.source} may report to ${self} only on ${self}'s own officers (not ${stranger.officerId})`);
    // Re-bucketed into this city's purpose windows (the setting should be the same region-wide; if not, this keeps it consistent here).
    const shares = p.shares.map((s) => ({ ...s, bucketStart: windowStartOf(new Date(s.bucketStart), this.config.oversight.purposeWindowHours * 60) }));
    await new OversightRepository(em).upsertShares(env.source, shares, this.clock.now());
    await this.audit.append(em, { actor: peerActor(env.source), action: 'oversight.usage.received', resourceKind: 'oversight_report', resourceIds: [p.reportId], detail: { shares: shares.length } });
  }

  private payloadOf(a: OversightAlertEntity): AlertPayload {
    return { alertId: a.id, ...alertFacts(a) };
  }

  /** The receiver's copy: the raiser's id, and a dedupe key computed here (never taken from the message). */
  private fromPayload(p: AlertPayload, now: Date): OversightAlertEntity {
    const windowStart = new Date(p.windowStart);
    return Object.assign(new OversightAlertEntity(), {
      id: p.alertId,
      dedupeKey: dedupeKeyOf({ raisedBy: p.raisedBy, kind: p.kind, metric: p.metric, officerId: p.officerId, windowStart, purpose: p.kind === 'PURPOSE_SPREAD' ? (p.purposes[0]?.purpose ?? '') : null }),
      kind: p.kind,
      metric: p.metric,
      officerId: p.officerId,
      officerCity: p.officerCity,
      raisedBy: p.raisedBy,
      windowStart,
      windowEnd: new Date(p.windowEnd),
      count: p.count,
      baseline: p.baseline,
      threshold: p.threshold,
      historyWindows: p.historyWindows,
      purposes: p.purposes,
      cities: p.cities,
      raisedAt: new Date(p.raisedAt),
      receivedAt: now,
      acknowledgedBy: null,
      acknowledgedAt: null,
      acknowledgementNote: null,
    } satisfies OversightAlertEntity);
  }
}
