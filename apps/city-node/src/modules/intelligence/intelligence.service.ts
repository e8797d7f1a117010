import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditLog } from '@ypf/audit';
import { type AccessLevel, AccessPolicy } from '@ypf/policy';
import { Clock, AuthError, parseInput, InputError, regionToday } from '@ypf/common';
import { CITY_CODES, cityScopedId, parseCityScopedId } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { BlindIndex } from '../../core/blind-index.js';
import { MaintenanceTasks } from '../../jobs/maintenance.js';
import { EXPIRE_OVERDUE_INTELLIGENCE } from './jobs/expire-overdue.job.js';
import { auditActor, hasRole, isCrossCity, type NodeContext, nodeActor, type OfficerContext, systemActor } from '../../auth/request-context.js';
import { checkingRoles, officerOnBehalf } from '../../auth/on-behalf.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { queryPeer } from '../../core/peer-query.js';
import { IdentifierIndexService } from '../identifiers/identifier-index.service.js';
import { identifierCheckInputSchema } from '../identifiers/identifier-check.input.js';
import { IntelligenceReportEntity } from './entities/intelligence-report.entity.js';
import { ReportIdentifierEntity } from './entities/report-identifier.entity.js';
import {
  BUCKET_PREFIX_LENGTH,
  bucketPrefixesSchema,
  reasonSchema,
  type ReportInput,
  reportInputSchema,
  reviewInputSchema,
  searchFilterSchema,
  tokenListSchema,
} from './dto/intelligence.input.js';
import { IntelligenceException } from './intelligence.exception.js';
import { notifyRole } from '../../core/notifications.js';
import { IntelligenceRepository } from './intelligence.repository.js';
import { type ReportAction, REPORT_TRANSITIONS, type ReportStatus } from './report-lifecycle.js';
import { homeReportView, matchesOnDisclosedFields, sharedResult } from './intelligence.views.js';
import { randomBytes } from 'node:crypto';
import { screenProtectedTopics } from '../../core/protected-topics.js';

const DAY_MS = 86_400_000;
export const DEFAULT_REVIEW_DAYS = 180;
export const MAX_REVIEW_DAYS = 365;
const DEFAULT_SEARCH_LIMIT = 50;
/** How many candidate rows a search examines before the policy and disclosed-field matching. */
const MAX_SEARCH_WINDOW = 1000;

/** A policy decision for one report; at HIT_ONLY the caller sees `reference` instead of the report id. */
type Disclosed = { report: IntelligenceReportEntity; level: Exclude<AccessLevel, 'NONE'>; reference: string | null };
/** One hit of a region-wide identifier check, with the identifier asked that matched. */
type CheckMatch = { city: string; identifier: { kind: string; value: string } | null; token: string; accessLevel: AccessLevel; reportId: string | null; reference: string; contact: Record<string, unknown> };

/** A report's free text, screened for protected topics (DESIGN 5) as a watch entry's is. */
const REPORT_TEXT_FIELDS = ['title', 'summary', 'body'] as const;

@Injectable()
export class IntelligenceService implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditLog,
    private readonly blind: BlindIndex,
    private readonly clock: Clock,
    private readonly maintenance: MaintenanceTasks,
    private readonly identifiers: IdentifierIndexService,
    private readonly nodeAuth: NodeAuthService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  onModuleInit(): void {
    // Every report identifier's index, computed again under a new index key (rotation, or the upgrade from the region key).
    this.identifiers.registerReindexer('report identifiers', async (em, index) => {
      const rows: { report_id: string; kind: string; value: string; blind_index: string }[] = await em.query('SELECT report_id, kind, value, blind_index FROM intelligence_identifier');
      const changed = rows.map((r) => ({ ...r, next: index.token(r.kind, r.value) })).filter((r) => r.next !== r.blind_index);
      for (let i = 0; i < changed.length; i += 1000) {
        const part = changed.slice(i, i + 1000);
        await em.query(
          `UPDATE intelligence_identifier t SET blind_index = v.next FROM unnest($1::varchar[], $2::char(64)[], $3::char(64)[]) AS v(report_id, old, next)
            WHERE t.report_id = v.report_id AND t.blind_index = v.old`,
          [part.map((r) => r.report_id), part.map((r) => r.blind_index), part.map((r) => r.next)],
        );
      }
      return changed.length;
    });
    this.maintenance.register(EXPIRE_OVERDUE_INTELLIGENCE, async () => {
      const purged = await this.purgeOverdue();
      if (purged.length) new Logger('Maintenance').log(`purged ${purged.length} reports past their review date`);
      return { purged };
    });
  }

  // ---- authoring lifecycle (home officers) -------------------------------------------------------------

  async create(ctx: OfficerContext, rawInput: unknown) {
    const input = parseInput(reportInputSchema, rawInput);
    screenProtectedTopics(input, REPORT_TEXT_FIELDS);
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
    screenProtectedTopics(input, REPORT_TEXT_FIELDS);
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
      });
      const identifiers = await this.identifiersFor(repo, disclosed);
      const results = disclosed.map((d) =>
        sharedResult(d.report, identifiers.filter((i) => i.reportId === d.report.id), d.level, this.policy, d.reference),
      );
      return { city: this.config.city, total: results.length, results };
    });
  }

  /**
   * Hit/no-hit of this city's blind indexes (its own key) for an officer: a miss returns the same empty shape whatever
   * was asked; a hit says what the policy allows. The local part of the region-wide check, and what another city's node
   * asks for its officer once its bucket matched (checkOnBehalf).
   */
  async checkTokens(ctx: OfficerContext, rawTokens: unknown) {
    const tokens = parseInput(tokenListSchema, rawTokens, 'tokens');
    await this.requirePurpose(ctx, 'identifier.check', []);
    return this.db.transaction(async (em) => {
      const repo = new IntelligenceRepository(em);
      const matches = await repo.matchTokens([...new Set(tokens)]);
      const levels = new Map(this.disclose(ctx, [...new Map(matches.map((m) => [m.report.id, m.report])).values()]).map((d) => [d.report.id, d]));
      const visible = matches.filter((m) => levels.has(m.report.id));
      await this.recordDisclosure(em, ctx, 'identifier.check', [...levels.values()], { tokens: tokens.length, hits: visible.length });
      // Another city's officer matched a report of this city (as Europol's EIS tells the data owner): the desk is told.
      if (isCrossCity(ctx)) {
        for (const id of levels.keys()) {
          await notifyRole(em, 'LIAISON_OFFICER', 'intelligence.match', `An officer of ${ctx.officer.city} (${ctx.officer.sub}) checked an identifier of report ${id}${ctx.purpose ? ` for "${ctx.purpose}"` : ''}; expect a request or a call.`, id, this.clock.now());
        }
      }
      const contact = { city: this.config.city, ...this.policy.document.contact };
      return {
        city: this.config.city,
        hit: visible.length > 0,
        matches: visible.map((m) => {
          const d = levels.get(m.report.id)!;
          return { city: this.config.city, identifier: null, token: m.token, accessLevel: d.level, reportId: d.level === 'HIT_ONLY' ? null : m.report.id, reference: d.reference ?? m.report.id, contact };
        }),
      };
    });
  }

  /** Node-to-node: `checkTokens` for an officer of the calling city, under this city's policy and audit. */
  async checkOnBehalf(ctx: NodeContext, rawTokens: unknown, rawOfficer: unknown) {
    return this.checkTokens(await this.onBehalf(ctx, rawOfficer, 'identifier.check'), rawTokens);
  }

  /**
   * Node-to-node: this city's blind indexes of published reports the calling officer's city may see (not NONE by this
   * city's policy), in the buckets the prefixes name. The caller compares its own indexes with them: on a miss this city
   * learns no more than the prefixes, and the caller holds indexes it cannot test guesses against (they are under this
   * city's key). Audited.
   */
  async bucket(ctx: NodeContext, rawPrefixes: unknown, rawOfficer: unknown) {
    const octx = await this.onBehalf(ctx, rawOfficer, 'identifier.bucket');
    const prefixes = [...new Set(parseInput(bucketPrefixesSchema, rawPrefixes, 'prefixes'))];
    return this.db.transaction(async (em) => {
      const rows = await new IntelligenceRepository(em).bucketRows(prefixes);
      const reports = [...new Map(rows.map((r) => [r.report.id, r.report])).values()];
      const visible = new Set(this.disclose(octx, reports, false).map((d) => d.report.id));
      const shown = rows.filter((r) => visible.has(r.report.id));
      await this.audit.append(em, {
        actor: auditActor(octx),
        purpose: octx.purpose,
        action: 'identifier.bucket',
        resourceKind: 'blind_index',
        detail: { prefixes: prefixes.length, tokens: new Set(shown.map((r) => r.token)).size },
      });
      return prefixes.map((prefix) => ({ prefix, tokens: [...new Set(shown.filter((r) => r.token.startsWith(prefix)).map((r) => r.token))].sort() }));
    });
  }

  /**
   * Checks the officer's identifiers against the published intelligence of the region (or of the cities named), at
   * the home node. This city's reports through its own indexes; each other city evaluates the blinded identifiers
   * under its own key, answers the buckets of the resulting indexes, and only for an index found there is asked for the
   * hit, which it shows as its policy allows and audits.
   */
  async checkRegion(ctx: OfficerContext, rawIdentifiers: unknown, rawCities: unknown) {
    const { identifiers, cities } = parseInput(identifierCheckInputSchema, { identifiers: rawIdentifiers, cities: rawCities }, 'input');
    if (!ctx.purpose) {
      await this.audit.append(this.db.manager, { actor: auditActor(ctx), action: 'identifier.check.region', resourceKind: 'intelligence_report', resourceIds: [], outcome: 'REFUSED', detail: { reason: 'no purpose given' } });
      throw IntelligenceException.purposeRequired(this.config.city);
    }
    await this.identifiers.chargeOfficer(ctx, identifiers.length, 'identifier.check.region');
    const asked = cities ?? [...CITY_CODES];
    const blinded = this.identifiers.blind(identifiers);
    const officer = { sub: ctx.officer.sub, roles: checkingRoles(ctx), purpose: ctx.purpose };
    const ask = async (city: string): Promise<CheckMatch[]> => {
      if (city === this.config.city) {
        const own = identifiers.map((i) => ({ identifier: i, token: this.blind.token(i.kind, i.value) }));
        const r = await this.checkTokens(ctx, own.map((o) => o.token));
        return r.matches.map((m) => ({ ...m, identifier: own.find((o) => o.token === m.token)?.identifier ?? null }));
      }
      const indexes = (await this.identifiers.indexesAt(ctx, city, blinded)).map((token, i) => ({ identifier: identifiers[i], token }));
      const peer = { city, url: this.config.cityUrls[city], timeoutMs: 10_000 };
      const buckets = await queryPeer<{ prefix: string; tokens: string[] }[]>({
        ...peer,
        nodeToken: this.nodeAuth.tokenFor(city, 30),
        variableDefinitions: '$p: [String!]!, $o: WatchCheckOfficerInput!',
        selection: 'identifierBucket(prefixes: $p, officer: $o) { prefix tokens }',
        variables: { p: [...new Set(indexes.map((x) => x.token.slice(0, BUCKET_PREFIX_LENGTH)))], o: officer },
      });
      const held = new Set(buckets.flatMap((b) => b.tokens));
      const found = indexes.filter((x) => held.has(x.token));
      if (!found.length) return [];
      const result = await queryPeer<{ matches: Omit<CheckMatch, 'identifier'>[] }>({
        ...peer,
        nodeToken: this.nodeAuth.tokenFor(city, 30),
        variableDefinitions: '$t: [String!]!, $o: WatchCheckOfficerInput!',
        selection: 'checkIdentifiersOnBehalf(tokens: $t, officer: $o) { matches { city token accessLevel reportId reference contact { city unit phone email } } }',
        variables: { t: [...new Set(found.map((x) => x.token))], o: officer },
      });
      return result.matches.filter((m) => m.city === city).map((m) => ({ ...m, identifier: found.find((x) => x.token === m.token)?.identifier ?? null }));
    };
    const answers = await Promise.all(asked.map((c) => ask(c).then((m) => ({ city: c, matches: m, error: null }), (e: Error) => ({ city: c, matches: [] as CheckMatch[], error: e.message.slice(0, 500) }))));
    const matches = answers.flatMap((a) => a.matches);
    await this.audit.append(this.db.manager, {
      actor: auditActor(ctx),
      purpose: ctx.purpose,
      action: 'identifier.check.region',
      resourceKind: 'intelligence_report',
      resourceIds: [...new Set(matches.map((m) => m.reference))],
      detail: { identifiers: identifiers.length, kinds: [...new Set(identifiers.map((i) => i.kind))], hits: matches.length, cities: asked, unavailable: answers.filter((a) => a.error).map((a) => a.city) },
    });
    return { hit: matches.length > 0, matches, cities: answers.map((a) => ({ city: a.city, checked: !a.error, error: a.error })) };
  }

  /**
   * This city's other reports that mention an identifier of the report (as MISP correlates attributes), for its own
   * officers: the link, the identifiers shared, never another city's data.
   */
  async related(_ctx: OfficerContext, reportId: string) {
    this.ownId(reportId);
    const rows = await new IntelligenceRepository(this.db.manager).sharingIdentifiers(reportId);
    return rows.map((r) => ({ id: r.id, title: r.title, status: r.status, tlp: r.tlp, sharedIdentifiers: r.shared }));
  }

  /** The calling node's officer a node-to-node check is made for; a refusal is audited. */
  private async onBehalf(ctx: NodeContext, rawOfficer: unknown, action: string): Promise<OfficerContext> {
    try {
      return officerOnBehalf(ctx, rawOfficer, (city) => new InputError(`officer: ${city} checks only for its own officers`, 'officer'));
    } catch (e) {
      await this.audit.append(this.db.manager, { actor: nodeActor(ctx), action, resourceKind: 'intelligence_report', resourceIds: [], outcome: 'REFUSED', detail: { reason: (e as Error).message.slice(0, 300) } });
      throw e;
    }
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
      // Who must act next is told (issue 17): the city's supervisors that a report awaits approval, its author (by
      // name, as notices go to a role) that it came back to draft.
      if (action === 'submit') {
        await notifyRole(em, 'SUPERVISOR', 'intelligence.submitted', `Report "${report.title}" by ${report.authorName} awaits approval.`, report.id, now, { title: report.title, author: report.authorName });
      }
      if (action === 'return') {
        const text = `${report.authorName}: report ${report.id} was returned to draft by ${ctx.officer.name}; open it for the reason.`;
        await notifyRole(em, 'ANALYST', 'intelligence.returned', text, report.id, now, { report: report.id, author: report.authorName, by: ctx.officer.name });
      }
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
