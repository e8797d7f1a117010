import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { type AccessLevel, AccessPolicy } from '@ypf/policy';
import { Clock, AuthError, parseInput, InputError, regionToday } from '@ypf/common';
import { cityScopedId, parseCityScopedId } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { BlindIndexer } from '../../core/blind-index.js';
import { MaintenanceTasks } from '../../jobs/maintenance.js';
import { EXPIRE_OVERDUE_INTELLIGENCE } from './jobs/expire-overdue.job.js';
import { auditActor, hasRole, isCrossCity, type OfficerContext, systemActor } from '../../auth/request-context.js';
import { IntelligenceReportEntity } from './entities/intelligence-report.entity.js';
import { ReportIdentifierEntity } from './entities/report-identifier.entity.js';
import {
  identifierListSchema,
  reasonSchema,
  type ReportInput,
  reportInputSchema,
  reviewInputSchema,
  searchFilterSchema,
} from './dto/intelligence.input.js';
import { IntelligenceException } from './intelligence.exception.js';
import { IntelligenceRepository } from './intelligence.repository.js';
import { type ReportAction, REPORT_TRANSITIONS, type ReportStatus } from './report-lifecycle.js';
import { homeReportView, matchesOnDisclosedFields, sharedResult } from './intelligence.views.js';
import { randomBytes } from 'node:crypto';

const DAY_MS = 86_400_000;
export const DEFAULT_REVIEW_DAYS = 180;
export const MAX_REVIEW_DAYS = 365;
const DEFAULT_SEARCH_LIMIT = 50;
/** How many candidate rows a search examines before the policy and disclosed-field matching. */
const MAX_SEARCH_WINDOW = 1000;

/** A policy decision for one report; at HIT_ONLY the caller sees `reference` instead of the report id. */
type Disclosed = { report: IntelligenceReportEntity; level: Exclude<AccessLevel, 'NONE'>; reference: string | null };

@Injectable()
export class IntelligenceService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditLog,
    private readonly blind: BlindIndexer,
    private readonly clock: Clock,
    private readonly maintenance: MaintenanceTasks,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    this.maintenance.register(EXPIRE_OVERDUE_INTELLIGENCE, async () => {
      const purged = await this.purgeOverdue();
      if (purged.length) new Logger('Maintenance').log(`purged ${purged.length} reports past their review date`);
      return { purged };
    });
  }

  // ---- authoring lifecycle (home officers) -------------------------------------------------------------

  async create(ctx: OfficerContext, rawInput: unknown) {
    const input = parseInput(reportInputSchema, rawInput);
    const reviewDate = this.checkReviewDate(input.reviewDate, 'input.reviewDate');
    this.checkRecipients(input);
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const now = this.clock.now();
      const report = Object.assign(new IntelligenceReportEntity(), {
        id: cityScopedId(this.config.city),
        status: 'DRAFT',
        ...this.contentOf(input),
        reviewDate,
        authorId: ctx.officer.sub,
        authorName: ctx.officer.name,
        approvedById: null,
        returnReason: null,
        withdrawnReason: null,
        lastReviewReason: null,
        createdAt: now,
        updatedAt: now,
        submittedAt: null,
        approvedAt: null,
        publishedAt: null,
        withdrawnAt: null,
        lastReviewedAt: null,
        purgedAt: null,
      } satisfies IntelligenceReportEntity);
      await repo.save(report);
      await repo.replaceIdentifiers(report.id, this.indexIdentifiers(input.identifiers));
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: 'intelligence.create',
        resourceKind: 'intelligence_report',
        resourceIds: [report.id],
        detail: { tlp: report.tlp, scope: report.scope, identifiers: input.identifiers.length },
      });
      return homeReportView(report, await repo.identifiersOf([report.id]));
    });
  }

  async update(ctx: OfficerContext, id: string, rawInput: unknown) {
    this.ownId(id);
    const input = parseInput(reportInputSchema, rawInput);
    const reviewDate = this.checkReviewDate(input.reviewDate, 'input.reviewDate');
    this.checkRecipients(input);
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const report = await this.lockOwn(repo, id);
      if (report.authorId !== ctx.officer.sub) throw IntelligenceException.notAuthor('update');
      if (report.status !== 'DRAFT') throw IntelligenceException.invalidTransition('update', report.status, ['DRAFT']);
      Object.assign(report, this.contentOf(input), { reviewDate, updatedAt: this.clock.now() });
      await repo.save(report);
      await repo.replaceIdentifiers(report.id, this.indexIdentifiers(input.identifiers));
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: 'intelligence.update',
        resourceKind: 'intelligence_report',
        resourceIds: [report.id],
      });
      return homeReportView(report, await repo.identifiersOf([report.id]));
    });
  }

  async transition(ctx: OfficerContext, id: string, action: Exclude<ReportAction, 'retain' | 'purge'>, rawReason?: unknown) {
    this.ownId(id);
    const reason = REPORT_TRANSITIONS[action].reasonRequired ? parseInput(reasonSchema, rawReason, 'reason') : null;
    return this.applyTransition(ctx, id, action, (report, now) => {
      switch (action) {
        case 'submit':
          report.submittedAt = now;
          report.returnReason = null;
          break;
        case 'return':
          report.returnReason = reason;
          break;
        case 'approve':
          report.approvedAt = now;
          report.approvedById = ctx.officer.sub;
          break;
        case 'publish':
          if (report.reviewDate <= regionToday(now)) {
            throw new InputError(`The review date ${report.reviewDate} has passed: set a new one (update is not possible after approval; withdraw and re-file, or ask a supervisor to purge).`, 'reviewDate');
          }
          report.publishedAt = now;
          break;
        case 'withdraw':
          report.withdrawnAt = now;
          report.withdrawnReason = reason;
          break;
      }
      return { reason };
    });
  }

  /** Review by the review date: retain with a recorded reason and a new date, or purge. */
  async review(ctx: OfficerContext, id: string, rawInput: unknown) {
    this.ownId(id);
    const input = parseInput(reviewInputSchema, rawInput);
    if (input.decision === 'RETAIN') {
      const next = this.checkReviewDate(input.nextReviewDate, 'input.nextReviewDate');
      return this.applyTransition(ctx, id, 'retain', (report, now) => {
        report.reviewDate = next;
        report.lastReviewedAt = now;
        report.lastReviewReason = input.reason;
        return { reason: input.reason, nextReviewDate: next };
      });
    }
    return this.applyTransition(ctx, id, 'purge', (report, now) => {
      this.purgeContent(report, now, input.reason);
      return { reason: input.reason };
    });
  }

  async worklist(ctx: OfficerContext, status?: string) {
    const repo = new IntelligenceRepository(this.db.manager);
    // Supervisors see the whole city's worklist; everyone else their own reports.
    const rows = await repo.worklist({ status, authorId: hasRole(ctx, 'SUPERVISOR') ? undefined : ctx.officer.sub });
    const identifiers = await repo.identifiersOf(rows.map((r) => r.id));
    return rows.map((r) => homeReportView(r, identifiers.filter((i) => i.reportId === r.id)));
  }

  // ---- sharing (any city, shaped by this city's policy) --------------------------------------------------

  async read(ctx: OfficerContext, id: string) {
    const parsed = parseCityScopedId(id);
    if (!parsed || parsed.city !== this.config.city) throw IntelligenceException.invalidId(id, this.config.city);
    await this.requirePurpose(ctx, 'intelligence.read', [id]);
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const report = await repo.findById(id);
      // A report the caller may not see (a draft, OWN_CITY, TLP RED it is not a recipient of) answers exactly as one
      // that does not exist: the same null, the same audit entry, the same work.
      // Asked by id: the caller already knows the id, so no one-time reference is needed at HIT_ONLY.
      const disclosed = report && report.status === 'PUBLISHED' ? this.disclose(ctx, [report], false) : [];
      await this.recordDisclosure(em, ctx, 'intelligence.read', disclosed, { id }, [id]);
      if (disclosed.length === 0) return null;
      return sharedResult(disclosed[0].report, await this.identifiersFor(repo, disclosed), disclosed[0].level, this.policy);
    });
  }

  async search(ctx: OfficerContext, rawFilter: unknown) {
    const filter = parseInput(searchFilterSchema, rawFilter ?? {}, 'filter');
    await this.requirePurpose(ctx, 'intelligence.search', []);
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const limit = filter.limit ?? DEFAULT_SEARCH_LIMIT;
      const candidates = await repo.searchCandidates(filter, Math.min(MAX_SEARCH_WINDOW, limit * 10), isCrossCity(ctx) ? ctx.officer.city : null);
      const summaryFields = this.policy.document.summaryFields;
      const disclosed = this.disclose(ctx, candidates)
        .filter((d) => matchesOnDisclosedFields(d.report, d.level, filter, summaryFields))
        .slice(0, limit);
      await this.recordDisclosure(em, ctx, 'intelligence.search', disclosed, {
        text: filter.text ?? undefined,
        categories: filter.categories ?? undefined,
        since: filter.since ?? undefined,
        identifierTokens: filter.identifierTokens?.length,
      });
      const identifiers = await this.identifiersFor(repo, disclosed);
      const results = disclosed.map((d) =>
        sharedResult(d.report, identifiers.filter((i) => i.reportId === d.report.id), d.level, this.policy, d.reference),
      );
      return { city: this.config.city, total: results.length, results };
    });
  }

  /** Blind-index tokens for identifiers, computed at the officer's home node only. */
  async identifierTokens(ctx: OfficerContext, rawIdentifiers: unknown) {
    const identifiers = parseInput(identifierListSchema.min(1, 'give at least one identifier'), rawIdentifiers, 'identifiers');
    await this.audit.append(this.db.manager, {
      actor: auditActor(ctx),
      purpose: ctx.purpose,
      action: 'identifier.tokenize',
      detail: { count: identifiers.length, kinds: [...new Set(identifiers.map((i) => i.kind))] },
    });
    return identifiers.map((i) => ({ kind: i.kind, token: this.blind.token(i.kind, i.value) }));
  }

  /** Hit/no-hit: a miss returns the same empty shape whatever was asked; a hit says what the policy allows. */
  async checkIdentifiers(ctx: OfficerContext, rawTokens: unknown) {
    const tokens = parseInput(searchFilterSchema.shape.identifierTokens.unwrap().unwrap().min(1, 'give at least one token'), rawTokens, 'tokens');
    await this.requirePurpose(ctx, 'identifier.check', []);
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const matches = await repo.matchTokens([...new Set(tokens)]);
      const levels = new Map(this.disclose(ctx, [...new Map(matches.map((m) => [m.report.id, m.report])).values()]).map((d) => [d.report.id, d]));
      const visible = matches.filter((m) => levels.has(m.report.id));
      await this.recordDisclosure(em, ctx, 'identifier.check', [...levels.values()], { tokens: tokens.length, hits: visible.length });
      const contact = { city: this.config.city, ...this.policy.document.contact };
      return {
        city: this.config.city,
        hit: visible.length > 0,
        matches: visible.map((m) => {
          const level = levels.get(m.report.id)!.level;
          const d = levels.get(m.report.id)!;
          return { token: m.token, accessLevel: level, reportId: level === 'HIT_ONLY' ? null : m.report.id, reference: d.reference ?? m.report.id, contact };
        }),
      };
    });
  }

  async disseminationLog(ctx: OfficerContext, reportId: string) {
    this.ownId(reportId);
    const repo = new IntelligenceRepository(this.db.manager);
    const report = await repo.findById(reportId);
    if (!report) throw IntelligenceException.notFound(reportId);
    if (!hasRole(ctx, 'SUPERVISOR', 'AUDITOR') && report.authorId !== ctx.officer.sub) {
      throw AuthError.forbidden("The dissemination log of a report is open to its author, the city's supervisors and auditors.");
    }
    const rows = await repo.disseminationsOf(reportId);
    return rows.map((d) => ({ ...d, at: d.at.toISOString() }));
  }

  /** Expiry: reports past their review date without a retain decision are purged, each purge audited. */
  async purgeOverdue(): Promise<string[]> {
    const today = regionToday(this.clock.now());
    const overdue = await new IntelligenceRepository(this.db.manager).overdueForReview(today);
    const purged: string[] = [];
    for (const candidate of overdue) {
      await this.db.transaction(async (em) => {
        const repo = new IntelligenceRepository(em);
        const report = await repo.findForUpdate(candidate.id);
        if (!report || report.status === 'PURGED' || report.reviewDate >= today) return;
        const from = report.status;
        this.purgeContent(report, this.clock.now(), 'review date passed without a retain decision');
        await repo.save(report);
        await repo.replaceIdentifiers(report.id, []);
        await this.audit.append(em, {
          actor: systemActor(this.config.city),
          action: 'intelligence.purge',
          resourceKind: 'intelligence_report',
          resourceIds: [report.id],
          detail: { from, to: 'PURGED', reason: 'review date passed', reviewDate: candidate.reviewDate },
        });
        purged.push(report.id);
      });
    }
    return purged;
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  private async applyTransition(
    ctx: OfficerContext,
    id: string,
    action: ReportAction,
    apply: (report: IntelligenceReportEntity, now: Date) => Record<string, unknown>,
  ) {
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const report = await this.lockOwn(repo, id);
      this.authorizeTransition(ctx, report, action);
      const from = report.status;
      const now = this.clock.now();
      const detail = apply(report, now);
      report.status = REPORT_TRANSITIONS[action].to;
      report.updatedAt = now;
      await repo.save(report);
      if (report.status === 'PURGED') await repo.replaceIdentifiers(report.id, []);
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: `intelligence.${action}`,
        resourceKind: 'intelligence_report',
        resourceIds: [report.id],
        detail: { from, to: report.status, ...detail },
      });
      return homeReportView(report, await repo.identifiersOf([report.id]));
    });
  }

  private authorizeTransition(ctx: OfficerContext, report: IntelligenceReportEntity, action: ReportAction): void {
    const t = REPORT_TRANSITIONS[action];
    if (!(t.from as readonly string[]).includes(report.status)) {
      throw IntelligenceException.invalidTransition(action, report.status, t.from);
    }
    const isAuthor = report.authorId === ctx.officer.sub;
    const isSupervisor = hasRole(ctx, 'SUPERVISOR');
    switch (t.actor) {
      case 'author':
        if (!isAuthor) throw IntelligenceException.notAuthor(action);
        return;
      case 'supervisor':
        if (!isSupervisor) throw AuthError.forbidden(`Only a supervisor may ${action} a report.`);
        return;
      case 'supervisor-not-author':
        if (!isSupervisor) throw AuthError.forbidden(`Only a supervisor may ${action} a report.`);
        if (isAuthor) throw IntelligenceException.selfApproval();
        return;
      case 'author-or-supervisor':
        if (!isAuthor && !isSupervisor) throw IntelligenceException.notAuthor(action);
        return;
      default: {
        const unreachable: never = t;
        throw new Error(`unknown actor rule in ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** The policy decision for each report; NONE drops it. Own-city officers get FULL. */
  private disclose(ctx: OfficerContext, reports: IntelligenceReportEntity[], hitReferences = true): Disclosed[] {
    const out: Disclosed[] = [];
    for (const report of reports) {
      const { level } = this.policy.evaluate({
        resource: 'intelligence',
        tlp: report.tlp as never,
        requesterCity: ctx.officer.city,
        requesterRoles: ctx.officer.roles,
        scope: report.scope as never,
        recipientCities: report.recipientCities,
      });
      if (level === 'NONE') continue;
      // A fresh reference per disclosure: HIT_ONLY answers cannot be linked to each other or dated by a ULID.
      const reference = level === 'HIT_ONLY' && hitReferences ? `${this.config.city}:hit-${randomBytes(8).toString('hex')}` : null;
      out.push({ report, level, reference });
    }
    return out;
  }

  /** Cross-city reads are audited (even when nothing is disclosed) and every disclosure logged. */
  private async recordDisclosure(
    em: EntityManager,
    ctx: OfficerContext,
    action: string,
    disclosed: Disclosed[],
    detail: Record<string, unknown>,
    requestedIds: string[] = [],
  ) {
    if (!isCrossCity(ctx)) return;
    const levels = Object.fromEntries(disclosed.map((d) => [d.report.id, d.level]));
    await this.audit.append(em, {
      actor: auditActor(ctx),
      purpose: ctx.purpose,
      action,
      resourceKind: 'intelligence_report',
      resourceIds: [...new Set([...requestedIds, ...disclosed.map((d) => d.report.id)])],
      accessLevel: highest(disclosed.map((d) => d.level)) ?? 'NONE',
      detail: { ...detail, levels },
    });
    const at = this.clock.now();
    await new IntelligenceRepository(em).recordDisseminations(
      disclosed.map((d) => ({
        reportId: d.report.id,
        recipientCity: ctx.officer.city,
        officerId: ctx.officer.sub,
        role: ctx.officer.roles.join(','),
        accessLevel: d.level,
        purpose: ctx.purpose,
        reference: d.reference,
        at,
      })),
    );
  }

  private async requirePurpose(ctx: OfficerContext, action: string, ids: string[]): Promise<void> {
    if (!isCrossCity(ctx) || ctx.purpose) return;
    await this.audit.append(this.db.manager, {
      actor: auditActor(ctx),
      action,
      resourceKind: 'intelligence_report',
      resourceIds: ids,
      outcome: 'REFUSED',
      detail: { reason: 'no purpose given' },
    });
    throw IntelligenceException.purposeRequired(this.config.city);
  }

  private identifiersFor(repo: IntelligenceRepository, disclosed: Disclosed[]): Promise<ReportIdentifierEntity[]> {
    return repo.identifiersOf(disclosed.filter((d) => d.level === 'FULL').map((d) => d.report.id));
  }

  private contentOf(input: ReportInput) {
    return {
      title: input.title,
      summary: input.summary,
      body: input.body,
      category: input.category,
      sourceReliability: input.sourceReliability,
      informationCredibility: input.informationCredibility,
      tlp: input.tlp,
      handlingConditions: input.handlingConditions,
      scope: input.scope,
      recipientCities: input.recipientCities,
    };
  }

  private indexIdentifiers(list: ReportInput['identifiers']) {
    return list.map((i) => ({ kind: i.kind, value: i.value, blindIndex: this.blind.token(i.kind, i.value) }));
  }

  private checkRecipients(input: ReportInput): void {
    if (input.recipientCities.includes(this.config.city)) {
      throw new InputError(`input.recipientCities: ${this.config.city} is your own city; name the other cities that should receive it.`, 'input.recipientCities');
    }
  }

  /** A review date is required on every report: in the future and at most MAX_REVIEW_DAYS ahead. */
  private checkReviewDate(value: string | null | undefined, field: string): string {
    const today = Date.parse(regionToday(this.clock.now()));
    if (value == null) return new Date(today + DEFAULT_REVIEW_DAYS * DAY_MS).toISOString().slice(0, 10);
    const t = Date.parse(value);
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== value) throw new InputError(`${field}: ${value} is not a valid date`, field);
    if (t <= today) throw new InputError(`${field}: must be after today`, field);
    if (t > today + MAX_REVIEW_DAYS * DAY_MS) throw new InputError(`${field}: must be at most ${MAX_REVIEW_DAYS} days ahead`, field);
    return value;
  }

  private purgeContent(report: IntelligenceReportEntity, now: Date, reason: string): void {
    report.title = '[purged]';
    report.summary = '[purged]';
    report.body = null;
    report.purgedAt = now;
    report.lastReviewedAt = now;
    report.lastReviewReason = reason;
    report.status = 'PURGED' satisfies ReportStatus;
    report.updatedAt = now;
  }

  private ownId(id: string): void {
    const parsed = parseCityScopedId(id);
    if (!parsed || parsed.city !== this.config.city) throw IntelligenceException.invalidId(id, this.config.city);
  }

  private async lockOwn(repo: IntelligenceRepository, id: string): Promise<IntelligenceReportEntity> {
    const report = await repo.findForUpdate(id);
    if (!report) throw IntelligenceException.notFound(id);
    return report;
  }
}

function highest(levels: AccessLevel[]): AccessLevel | null {
  const order: AccessLevel[] = ['NONE', 'HIT_ONLY', 'SUMMARY', 'FULL'];
  return levels.length ? levels.reduce((a, b) => (order.indexOf(a) >= order.indexOf(b) ? a : b)) : null;
}
