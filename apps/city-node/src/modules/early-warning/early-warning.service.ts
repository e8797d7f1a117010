import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { Clock, InputError, parseInput } from '@ypf/common';
import { CITY_CODES, cityScopedId, parseCityScopedId, ulid } from '@ypf/region';
import { queryPeer } from '../../core/peer-query.js';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type NodeContext, nodeActor, type OfficerContext, systemActor } from '../../auth/request-context.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { notifyRole } from '../../core/notifications.js';
import { CampaignsService, type SystemAuthor } from '../incidents/campaigns.service.js';
import type { WarningLevel } from '@ypf/region';
import { CaseStatisticEntity } from './entities/case-statistic.entity.js';
import { WarningRuleEntity } from './entities/warning-rule.entity.js';
import { WarningAlertEntity } from './entities/warning-alert.entity.js';
import { type CaseCount, type CsvRowError, MAX_CSV_BYTES, parseCaseCsv } from './case-csv.js';
import { advance, cusum, levelOf, type RuleState, type Thresholds } from './warning-state.js';
import { WarningException } from './early-warning.exception.js';
import { alertFilterSchema, caseCountFilterSchema, caseCountListSchema, reasonSchema, seriesRequestSchema, warningRuleInputSchema } from './early-warning.input.js';

const HOUR_MS = 3_600_000;
const PEER_TIMEOUT_MS = 5_000;

type Series = { periodStart: Date; count: number }[];

/** What one evaluation of a rule saw and did. */
export interface RuleEvaluation {
  ruleId: string;
  value: number | null;
  count: number | null;
  measuredLevel: WarningLevel | null;
  level: WarningLevel | null;
  effect: 'FIRE' | 'ESCALATE' | 'RESOLVE' | null;
  alertId: string | null;
  campaignId: string | null;
  error: string | null;
}

/**
 * The early-warning line (预警触发型专项治理): case counts per city, category and area; rules that turn a window's counts
 * (or a CUSUM against a baseline) into blue/yellow/orange/red; a repeatable job that evaluates them, opens one joint
 * campaign per episode from the category's plan, raises it when the level rises, and resolves it with hysteresis.
 */
@Injectable()
export class EarlyWarningService {
  private readonly logger = new Logger('EarlyWarning');

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly campaigns: CampaignsService,
    private readonly nodeAuth: NodeAuthService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  // ---- case statistics ------------------------------------------------------------------------------------------

  async recordCounts(ctx: OfficerContext, raw: unknown) {
    const rows = parseInput(caseCountListSchema, raw, 'counts');
    const seen = new Map<string, number>();
    rows.forEach((r, i) => {
      const key = `${r.category}|${r.area}|${Date.parse(r.periodStart)}`;
      if (seen.has(key)) throw new InputError(`counts[${i}]: repeats counts[${seen.get(key)}] (same category, area and period).`, `counts.${i}`);
      seen.set(key, i);
    });
    await this.db.transaction((em) => this.store(em, ctx, rows, 'api'));
    return { accepted: true, imported: rows.length, errors: [] as CsvRowError[] };
  }

  /** All or nothing: a file with any bad row imports nothing and says what is wrong in each row. */
  async importCsv(ctx: OfficerContext, raw: unknown) {
    const text = parseInput(z.string().max(MAX_CSV_BYTES * 2, `must be at most ${MAX_CSV_BYTES} bytes; split the file`), raw, 'csv');
    const { rows, errors } = parseCaseCsv(text);
    if (errors.length) return { accepted: false, imported: 0, errors: errors.slice(0, 200) };
    await this.db.transaction((em) => this.store(em, ctx, rows, 'csv'));
    return { accepted: true, imported: rows.length, errors: [] as CsvRowError[] };
  }

  private async store(em: EntityManager, ctx: OfficerContext, rows: CaseCount[], via: string): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < rows.length; i += 1000) {
      await em
        .createQueryBuilder()
        .insert()
        .into(CaseStatisticEntity)
        .values(rows.slice(i, i + 1000).map((r) => ({ city: this.config.city, category: r.category, area: r.area, periodStart: new Date(r.periodStart), count: r.count, recordedBy: ctx.officer.sub, recordedAt: now })))
        .orUpdate(['count', 'recorded_by', 'recorded_at'], ['city', 'category', 'area', 'period_start'])
        .execute();
    }
    const categories = [...new Set(rows.map((r) => r.category))];
    await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'warning.counts.record', resourceKind: 'case_statistic', resourceIds: [], detail: { rows: rows.length, via, categories } });
  }

  async counts(rawFilter: unknown) {
    const f = parseInput(caseCountFilterSchema, rawFilter ?? {}, 'filter');
    const qb = this.db.getRepository(CaseStatisticEntity).createQueryBuilder('c').orderBy('c.period_start', 'DESC').addOrderBy('c.area', 'ASC').take(f.limit ?? 200);
    if (f.category) qb.andWhere('c.category = :cat', { cat: f.category });
    if (f.area) qb.andWhere('c.area = :area', { area: f.area });
    if (f.from) qb.andWhere('c.period_start >= :from', { from: new Date(f.from) });
    if (f.to) qb.andWhere('c.period_start < :to', { to: new Date(f.to) });
    return (await qb.getMany()).map((c) => ({ ...c, periodStart: c.periodStart.toISOString(), recordedAt: c.recordedAt.toISOString() }));
  }

  /** A peer node's question for a REGION rule: this city's totals per period (aggregates only), audited. */
  async seriesForPeer(ctx: NodeContext, raw: unknown) {
    const q = parseInput(seriesRequestSchema, raw, 'input');
    const series = await this.localSeries(q.category, new Date(q.from), new Date(q.to), null);
    await this.audit.append(this.db.manager, { actor: nodeActor(ctx), action: 'warning.counts.shared', resourceKind: 'case_statistic', resourceIds: [], detail: { category: q.category, from: q.from, to: q.to } });
    return series.map((s) => ({ periodStart: s.periodStart.toISOString(), count: s.count }));
  }

  private async localSeries(category: string, from: Date, to: Date, area: string | null): Promise<Series> {
    const rows: { period_start: Date; total: string }[] = await this.db.query(
      `SELECT period_start, SUM(count) AS total FROM case_statistic
        WHERE city = $1 AND category = $2 AND period_start >= $3 AND period_start < $4 AND ($5::varchar IS NULL OR area = $5)
        GROUP BY period_start ORDER BY period_start`,
      [this.config.city, category, from, to, area],
    );
    return rows.map((r) => ({ periodStart: new Date(r.period_start), count: Number(r.total) }));
  }

  private async peerSeries(city: string, category: string, from: Date, to: Date): Promise<Series> {
    const series = await queryPeer<{ periodStart: string; count: number }[]>({
      city,
      url: this.config.cityUrls[city],
      nodeToken: this.nodeAuth.tokenFor(city, 30),
      variableDefinitions: '$i: CaseSeriesInput!',
      selection: 'caseCountSeries(input: $i) { periodStart count }',
      variables: { i: { category, from: from.toISOString(), to: to.toISOString() } },
      timeoutMs: PEER_TIMEOUT_MS,
    });
    return series.map((s) => ({ periodStart: new Date(s.periodStart), count: s.count }));
  }

  // ---- rules ------------------------------------------------------------------------------------------------------

  async createRule(ctx: OfficerContext, raw: unknown) {
    const input = parseInput(warningRuleInputSchema, raw);
    const now = this.clock.now();
    const rule = Object.assign(new WarningRuleEntity(), {
      id: cityScopedId(this.config.city, ulid(now.getTime())),
      name: input.name,
      category: input.category,
      scope: input.scope,
      area: input.area ?? null,
      cities: input.scope === 'REGION' ? (input.cities.length ? input.cities : [...CITY_CODES]) : [this.config.city],
      method: input.method,
      windowHours: input.windowHours,
      bucketHours: input.bucketHours,
      baselineBuckets: input.baselineBuckets,
      cusumK: input.cusumK,
      thresholds: { BLUE: input.thresholds.blue, YELLOW: input.thresholds.yellow, ORANGE: input.thresholds.orange, RED: input.thresholds.red },
      minCount: input.minCount,
      holdMinutes: input.holdMinutes,
      hysteresisPercent: input.hysteresisPercent,
      campaignCities: input.campaignCities,
      enabled: true,
      createdBy: ctx.officer.sub,
      createdAt: now,
      stateLevel: null,
      candidateLevel: null,
      candidateSince: null,
      clearSince: null,
      openAlertId: null,
      lastValue: null,
      lastCount: null,
      lastEvaluatedAt: null,
      lastError: null,
    } satisfies WarningRuleEntity);
    await this.db.transaction(async (em) => {
      await em.getRepository(WarningRuleEntity).insert(rule);
      await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'warning.rule.create', resourceKind: 'warning_rule', resourceIds: [rule.id], detail: { ...input } });
    });
    return this.ruleView(rule);
  }

  async disableRule(ctx: OfficerContext, id: string, rawReason: unknown) {
    const reason = parseInput(reasonSchema, rawReason, 'reason');
    const rule = await this.db.transaction(async (em) => {
      const r = await this.lockRule(em, id);
      r.enabled = false;
      await em.getRepository(WarningRuleEntity).save(r);
      await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'warning.rule.disable', resourceKind: 'warning_rule', resourceIds: [id], detail: { reason } });
      return r;
    });
    return this.ruleView(rule);
  }

  async rules() {
    const rows = await this.db.getRepository(WarningRuleEntity).find({ order: { createdAt: 'DESC' } });
    return rows.map((r) => this.ruleView(r));
  }

  async alerts(rawFilter: unknown) {
    const f = parseInput(alertFilterSchema, rawFilter ?? {}, 'filter');
    const qb = this.db.getRepository(WarningAlertEntity).createQueryBuilder('a').orderBy('a.opened_at', 'DESC').take(f.limit ?? 100);
    if (f.openOnly) qb.andWhere("a.status = 'OPEN'");
    if (f.ruleId) qb.andWhere('a.rule_id = :rule', { rule: f.ruleId });
    return (await qb.getMany()).map((a) => this.alertView(a));
  }

  /** The duty commander acknowledges an alert (once; recorded and audited). */
  async acknowledge(ctx: OfficerContext, id: string) {
    const alert = await this.db.transaction(async (em) => {
      const a = parseCityScopedId(id) ? await em.getRepository(WarningAlertEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne() : null;
      if (!a) throw WarningException.alertNotFound(String(id).slice(0, 80));
      if (a.acknowledgedAt) throw WarningException.alreadyAcknowledged(id, a.acknowledgedBy!, a.acknowledgedAt.toISOString());
      a.acknowledgedBy = ctx.officer.sub;
      a.acknowledgedAt = this.clock.now();
      await em.getRepository(WarningAlertEntity).save(a);
      await this.audit.append(em, { actor: auditActor(ctx), purpose: ctx.purpose, action: 'warning.acknowledge', resourceKind: 'warning_alert', resourceIds: [id], detail: { level: a.level } });
      return a;
    });
    return this.alertView(alert);
  }

  // ---- evaluation -------------------------------------------------------------------------------------------------

  /** Every enabled rule, one after the other (the maintenance job and the evaluateWarningRules mutation). */
  async evaluateAll(): Promise<RuleEvaluation[]> {
    const rules = await this.db.getRepository(WarningRuleEntity).find({ where: { enabled: true }, order: { createdAt: 'ASC' } });
    const out: RuleEvaluation[] = [];
    for (const r of rules) {
      try {
        out.push(await this.evaluate(r.id));
      } catch (e) {
        this.logger.error(`evaluating ${r.id} failed: ${(e as Error).message}`);
        out.push({ ruleId: r.id, value: null, count: null, measuredLevel: null, level: null, effect: null, alertId: null, campaignId: null, error: (e as Error).message });
      }
    }
    return out;
  }

  async evaluate(ruleId: string): Promise<RuleEvaluation> {
    const rule = await this.db.getRepository(WarningRuleEntity).findOneBy({ id: ruleId });
    if (!rule) throw WarningException.ruleNotFound(ruleId);
    const now = this.clock.now();
    const windowStart = new Date(now.getTime() - rule.windowHours * HOUR_MS);
    const bucketMs = rule.bucketHours * HOUR_MS;
    // A count is for a period of bucketHours from its periodStart; it is in the window when its period overlaps the
    // last windowHours (issue 17: with daily counts, a 24 h window that only took periods starting in it never held
    // yesterday's, and the seeded 24 h rule read 0). So a 24 h rule over daily counts reads yesterday and today.
    const overlapStart = new Date(windowStart.getTime() - bucketMs + 1);
    const from = rule.method === 'CUSUM' ? new Date(windowStart.getTime() - rule.baselineBuckets * bucketMs) : overlapStart;
    const until = new Date(now.getTime() + 1);

    const perCity = new Map<string, Series>();
    if (rule.cities.includes(this.config.city)) perCity.set(this.config.city, await this.localSeries(rule.category, from, until, rule.scope === 'CITY' ? rule.area : null));
    if (rule.scope === 'REGION') {
      const peers = rule.cities.filter((c) => c !== this.config.city);
      const answers = await Promise.allSettled(peers.map((c) => this.peerSeries(c, rule.category, from, until)));
      const failed = answers.map((a, i) => (a.status === 'rejected' ? `${peers[i]}: ${(a.reason as Error).message}` : null)).filter((x): x is string => !!x);
      if (failed.length) {
        // An incomplete region would look like a fall: keep the state as it is and say why.
        const error = `not evaluated, counts missing from ${failed.join('; ')}`.slice(0, 1000);
        await this.db.getRepository(WarningRuleEntity).update({ id: rule.id }, { lastError: error, lastEvaluatedAt: now });
        return { ruleId, value: null, count: null, measuredLevel: null, level: rule.stateLevel as WarningLevel | null, effect: null, alertId: rule.openAlertId, campaignId: null, error };
      }
      answers.forEach((a, i) => perCity.set(peers[i], (a as PromiseFulfilledResult<Series>).value));
    }

    const inWindow = (s: { periodStart: Date }) => s.periodStart >= (rule.method === 'CUSUM' ? windowStart : overlapStart);
    const countOf = (series: Series) => series.filter(inWindow).reduce((n, s) => n + s.count, 0);
    const count = [...perCity.values()].reduce((n, s) => n + countOf(s), 0);
    let value = count;
    if (rule.method === 'CUSUM') {
      const buckets = new Array<number>(rule.baselineBuckets + Math.ceil(rule.windowHours / rule.bucketHours)).fill(0);
      for (const series of perCity.values()) {
        for (const s of series) {
          const i = Math.floor((s.periodStart.getTime() - from.getTime()) / bucketMs);
          if (i >= 0 && i < buckets.length) buckets[i] += s.count;
        }
      }
      value = cusum(buckets.slice(0, rule.baselineBuckets), buckets.slice(rule.baselineBuckets), rule.cusumK).value;
    }
    const thresholds = rule.thresholds as Thresholds;
    const measured = levelOf(value, count, thresholds, rule.minCount);
    const clear = count < rule.minCount || value < thresholds.BLUE * (1 - rule.hysteresisPercent / 100);
    const affected = rule.campaignCities.length
      ? rule.campaignCities
      : rule.scope === 'CITY'
        ? [this.config.city]
        : [...perCity.entries()].filter(([, s]) => countOf(s) > 0).map(([c]) => c);

    const result = await this.db.transaction(async (em) => {
      const locked = await this.lockRule(em, ruleId);
      const state: RuleState = {
        level: locked.stateLevel as WarningLevel | null,
        candidateLevel: locked.candidateLevel as WarningLevel | null,
        candidateSince: locked.candidateSince,
        clearSince: locked.clearSince,
      };
      const { state: next, effect } = advance(state, measured, clear, now, locked.holdMinutes * 60_000);
      const author: SystemAuthor = { actor: systemActor(this.config.city), purpose: `early-warning rule ${locked.id} (${locked.name})` };
      const entry = { at: now.toISOString(), value, count };
      let alert = locked.openAlertId ? await em.getRepository(WarningAlertEntity).findOneBy({ id: locked.openAlertId }) : null;
      if (effect?.kind === 'FIRE') {
        const alertId = cityScopedId(this.config.city, ulid(now.getTime()));
        const area = locked.scope === 'REGION' ? 'the region' : `${this.config.city}${locked.area ? ` / ${locked.area}` : ''}`;
        const campaignId = await this.campaigns.openCampaign(em, {
          actor: author,
          title: `${effect.level} warning: ${locked.category} in ${area}`,
          category: locked.category,
          level: effect.level,
          summary: `${locked.name}: ${count} cases in ${locked.windowHours} h${locked.method === 'CUSUM' ? `, CUSUM ${value.toFixed(2)}` : ''} (thresholds blue ${thresholds.BLUE}, yellow ${thresholds.YELLOW}, orange ${thresholds.ORANGE}, red ${thresholds.RED}).`,
          area,
          cities: affected,
          sourceReference: alertId,
        });
        alert = Object.assign(new WarningAlertEntity(), {
          id: alertId,
          ruleId,
          level: effect.level,
          status: 'OPEN',
          campaignId,
          cities: affected,
          history: [{ ...entry, level: effect.level, event: 'FIRE' }],
          openedAt: now,
          resolvedAt: null,
          acknowledgedBy: null,
          acknowledgedAt: null,
        } satisfies WarningAlertEntity);
        await em.getRepository(WarningAlertEntity).insert(alert);
        locked.openAlertId = alertId;
        await notifyRole(em, 'COMMANDER', 'warning.alert', `${effect.level} warning from rule "${locked.name}": ${count} ${locked.category} cases in ${locked.windowHours} h in ${area}. Acknowledge as duty commander.`, alertId, now, {
          level: effect.level,
          rule: locked.name,
          count,
          category: locked.category,
          windowHours: locked.windowHours,
          area,
        });
        await this.audit.append(em, { actor: author.actor, purpose: author.purpose, action: 'warning.fire', resourceKind: 'warning_alert', resourceIds: [alertId], detail: { rule: ruleId, level: effect.level, value, count, campaign: campaignId } });
      } else if (effect?.kind === 'ESCALATE' && alert) {
        alert.level = effect.level;
        alert.history = [...alert.history, { ...entry, level: effect.level, event: 'ESCALATE' }];
        await em.getRepository(WarningAlertEntity).save(alert);
        if (alert.campaignId) await this.campaigns.raiseCampaign(em, author, alert.campaignId, effect.level, `${count} cases in ${locked.windowHours} h (value ${value.toFixed(2)})`);
        await notifyRole(em, 'COMMANDER', 'warning.alert', `Warning from rule "${locked.name}" raised from ${effect.from} to ${effect.level}.`, alert.id, now);
        await this.audit.append(em, { actor: author.actor, purpose: author.purpose, action: 'warning.escalate', resourceKind: 'warning_alert', resourceIds: [alert.id], detail: { from: effect.from, to: effect.level, value, count } });
      } else if (effect?.kind === 'RESOLVE' && alert) {
        alert.status = 'RESOLVED';
        alert.resolvedAt = now;
        alert.history = [...alert.history, { ...entry, level: null, event: 'RESOLVE' }];
        await em.getRepository(WarningAlertEntity).save(alert);
        if (alert.campaignId) await this.campaigns.resolveCampaign(em, author, alert.campaignId, `counts fell below the resolve line for ${locked.holdMinutes} min (${count} cases in ${locked.windowHours} h)`);
        locked.openAlertId = null;
        await notifyRole(em, 'COMMANDER', 'warning.alert', `Warning from rule "${locked.name}" resolved (${count} cases in ${locked.windowHours} h).`, alert.id, now);
        await this.audit.append(em, { actor: author.actor, purpose: author.purpose, action: 'warning.resolve', resourceKind: 'warning_alert', resourceIds: [alert.id], detail: { value, count } });
      }
      Object.assign(locked, {
        stateLevel: next.level,
        candidateLevel: next.candidateLevel,
        candidateSince: next.candidateSince,
        clearSince: next.clearSince,
        lastValue: value,
        lastCount: count,
        lastEvaluatedAt: now,
        lastError: null,
      });
      await em.getRepository(WarningRuleEntity).save(locked);
      return {
        ruleId,
        value,
        count,
        measuredLevel: measured,
        level: next.level,
        effect: effect?.kind ?? null,
        alertId: alert?.id ?? null,
        campaignId: alert?.campaignId ?? null,
        error: null,
      } satisfies RuleEvaluation;
    });
    if (result.effect) this.logger.log(`rule ${ruleId}: ${result.effect} at ${result.level ?? 'none'} (value ${value}, count ${count})`);
    return result;
  }

  /**
   * Demo data (DEMO_SEED): a month of quiet counts and two rules — this city's theft and robbery, and (at Nanjing) telecom
   * fraud summed over the whole region. Only when the city has no rules yet.
   */
  async seedDemo(counts: CaseCount[]): Promise<boolean> {
    if ((await this.db.getRepository(WarningRuleEntity).count()) > 0) return false;
    const seeder = { requestId: 'seed', nodeCity: this.config.city, node: null, purpose: 'demo seed', officer: { kind: 'officer', scope: 'home', sub: `${this.config.city}:system`, city: this.config.city, roles: ['COORDINATOR'], name: 'Demo seed', jti: 'seed', exp: 0 } } satisfies OfficerContext;
    await this.db.transaction((em) => this.store(em, seeder, counts, 'seed'));
    await this.createRule(seeder, {
      name: 'Theft and robbery, whole city, 24 h', category: 'THEFT_ROBBERY', scope: 'CITY', windowHours: 24,
      thresholds: { blue: 25, yellow: 35, orange: 45, red: 60 }, minCount: 5, holdMinutes: 30,
    });
    if (this.config.city === 'nanjing') {
      await this.createRule(seeder, {
        name: 'Telecom fraud across the region, 7 days (CUSUM)', category: 'TELECOM_FRAUD', scope: 'REGION', method: 'CUSUM', windowHours: 72, bucketHours: 24, baselineBuckets: 21,
        thresholds: { blue: 2, yellow: 4, orange: 6, red: 8 }, minCount: 10, holdMinutes: 60,
      });
    }
    return true;
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private async lockRule(em: EntityManager, id: string): Promise<WarningRuleEntity> {
    const r = parseCityScopedId(id) ? await em.getRepository(WarningRuleEntity).createQueryBuilder('r').setLock('pessimistic_write').where('r.id = :id', { id }).getOne() : null;
    if (!r) throw WarningException.ruleNotFound(String(id).slice(0, 80));
    return r;
  }

  private ruleView(r: WarningRuleEntity) {
    return {
      ...r,
      thresholds: { blue: r.thresholds.BLUE, yellow: r.thresholds.YELLOW, orange: r.thresholds.ORANGE, red: r.thresholds.RED },
      createdAt: r.createdAt.toISOString(),
      candidateSince: r.candidateSince?.toISOString() ?? null,
      clearSince: r.clearSince?.toISOString() ?? null,
      lastEvaluatedAt: r.lastEvaluatedAt?.toISOString() ?? null,
    };
  }

  private alertView(a: WarningAlertEntity) {
    return {
      ...a,
      openedAt: a.openedAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    };
  }
}
