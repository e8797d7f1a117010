import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { KeyRegistry } from '@ypf/auth';
import { AuditLog } from '@ypf/audit';
import { Clock, parseInput, queryPrepared } from '@ypf/common';
import { CITY_CODES, otherCities } from '@ypf/region';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type NodeContext, nodeActor, type OfficerContext, peerActor } from '../../auth/request-context.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { queryPeer } from '../../core/peer-query.js';
import { BlindIndex } from '../../core/blind-index.js';
import { IdentifierIndexService } from '../identifiers/identifier-index.service.js';
import { identifierCheckInputSchema } from '../identifiers/identifier-check.input.js';
import { WatchReplicaPeerEntity } from './entities/watch-replica.entity.js';
import { type LeadTransfer, leadOf } from './lead-chain.js';
import { WatchException } from './watch.exception.js';
import { ACTION_INSTRUCTIONS, type WatchAction } from './watch-domain.js';
import { replicaPageRequestSchema } from './watch.input.js';
import { checkingRoles, officerOnBehalf } from '../../auth/on-behalf.js';
import { WatchService } from './watch.service.js';

/** Changes per page of a lead city's feed. */
export const REPLICA_PAGE_SIZE = 2000;
const PEER_TIMEOUT_MS = 10_000;
/** A city failing for this long is logged (once per period): a peer still starting with the region is not news. */
const WARN_EVERY_MS = 60_000;

type Match = Awaited<ReturnType<WatchService['matchLed']>>[number];
type Contact = { unit: string; phone?: string; email?: string };
/** A contact point with only the fields it has (as stored in the copy and as answered). */
const contactFields = (c: Contact): Contact => ({ unit: c.unit, ...(c.phone ? { phone: c.phone } : {}), ...(c.email ? { email: c.email } : {}) });
type Identifier = { kind: string; value: string };
type Source = { city: string; answeredFrom: 'LOCAL' | 'REPLICA' | 'LIVE' | 'UNAVAILABLE'; syncedAt: string | null; error: string | null };

interface ReplicaEntry {
  seq: string;
  entryId: string;
  active: boolean;
  action: string;
  participant: boolean;
  leadEpoch: number;
  leadChain: LeadTransfer[];
  tokens: string[];
}

const ENTRY_SELECTION = `id leadCity status category action instruction legalBasis decisionReference offence riskLevel participatingCities
  reviewDate accessLevel description identifiers { kind value } proposedBy proposedAt approvedBy approvedAt transferCity endReason endedAt
  personalDataDeletedAt history { type actorId actorCity reason at }`;
const MATCH_SELECTION = `token reference leadCity accessLevel action instruction contact { city unit phone email } entry { ${ENTRY_SELECTION} }`;

/**
 * The region-wide hit/no-hit check (SIS national copies, done with blind indexes only). Every node keeps a copy of the
 * blind indexes of the active entries every other city leads — token, reference, lead city, action, and whether this
 * city takes part — pulled from each lead city's feed of changes. A check is then one lookup at the officer's home node:
 * a miss and a non-participant's hit are answered from the copy (what a non-participant learns from the lead is the
 * same: what to do and whom to contact), a hit on an entry this city takes part in is answered live by the lead city
 * under its policy, and a city whose copy is out of date is asked live. The copy never holds an identifier, a
 * description or a legal basis; the lead city audits every page it shares, the home node every check.
 */
@Injectable()
export class WatchReplicaService {
  private readonly logger = new Logger('WatchReplica');
  private readonly syncing = new Map<string, { current: Promise<void>; next?: Promise<void> }>();
  private readonly failing = new Map<string, { since: number; warnedAt: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly nodeAuth: NodeAuthService,
    private readonly watch: WatchService,
    private readonly registry: KeyRegistry,
    private readonly identifiers: IdentifierIndexService,
    private readonly index: BlindIndex,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  private get peers(): string[] {
    return otherCities(this.config.city);
  }

  // ---- the lead city's side: its feed ---------------------------------------------------------------------

  /** What changed in the entries this city leads (or led) after `after`, for the calling city's copy; audited. */
  async page(ctx: NodeContext, rawAfter: unknown, rawLimit: unknown) {
    const q = parseInput(replicaPageRequestSchema, { after: rawAfter, limit: rawLimit ?? null }, 'input');
    const rows = await queryPrepared<{ seq: string; id: string; status: string; lead_city: string; action: string; participating_cities: string[]; lead_epoch: number; lead_chain: LeadTransfer[]; tokens: string[] }>(
      this.db.manager,
      `SELECT f.seq::text AS seq, e.id, e.status, e.lead_city, e.action, e.participating_cities, e.lead_epoch, e.lead_chain,
              COALESCE((SELECT array_agg(i.token ORDER BY i.token) FROM watch_identifier i WHERE i.entry_id = e.id), '{}') AS tokens
         FROM watch_replica_feed f JOIN watch_entry e ON e.id = f.entry_id
        WHERE f.seq > $1 ORDER BY f.seq LIMIT $2`,
      [q.after, q.limit ?? REPLICA_PAGE_SIZE],
    );
    const entries: ReplicaEntry[] = rows.map((r) => {
      const active = r.status === 'ACTIVE' && r.lead_city === this.config.city && r.tokens.length > 0;
      return {
        seq: r.seq,
        entryId: r.id,
        active,
        action: r.action,
        participant: r.participating_cities.includes(ctx.node.city),
        leadEpoch: r.lead_epoch,
        leadChain: r.lead_chain,
        tokens: active ? r.tokens : [],
      };
    });
    if (entries.length) {
      await this.audit.append(this.db.manager, {
        actor: nodeActor(ctx),
        action: 'watch.replica.shared',
        resourceKind: 'watch_entry',
        resourceIds: entries.map((e) => e.entryId),
        detail: { after: q.after, active: entries.filter((e) => e.active).length, dropped: entries.filter((e) => !e.active).length },
      });
    }
    return { entries, contact: this.watch.contact() };
  }

  /** The live part of another city's region-wide check: checkWatch for that node's officer, under this city's policy. */
  async checkOnBehalf(ctx: NodeContext, rawTokens: unknown, rawOfficer: unknown) {
    let octx: OfficerContext;
    try {
      octx = officerOnBehalf(ctx, rawOfficer, (city) => WatchException.onBehalfOfAnotherCity(city));
    } catch (e) {
      await this.audit.append(this.db.manager, {
        actor: nodeActor(ctx),
        action: 'watch.check',
        resourceKind: 'watch_entry',
        resourceIds: [],
        outcome: 'REFUSED',
        detail: { reason: (e as Error).message.slice(0, 300), onBehalfOf: typeof (rawOfficer as { sub?: unknown })?.sub === 'string' ? (rawOfficer as { sub: string }).sub.slice(0, 120) : null },
      });
      throw e;
    }
    return this.watch.check(octx, rawTokens);
  }

  // ---- every other city's side: the copy -------------------------------------------------------------------

  /** Brings the copy of every other city up to date (the scheduled job); a city that fails is recorded, not fatal. */
  async syncAll(): Promise<Record<string, unknown>> {
    const results = await Promise.allSettled(this.peers.map((c) => this.sync(c)));
    const failed = this.peers.filter((_, i) => results[i].status === 'rejected');
    return { cities: this.peers.length, failed };
  }

  /**
   * Pulls one city's feed to its end. One pull per city at a time in this process: a call during a pull gets one more
   * pull after it (which sees what changed meanwhile), shared by every call that came during the same pull.
   */
  sync(city: string): Promise<void> {
    const state = this.syncing.get(city);
    if (state) return (state.next ??= state.current.catch(() => undefined).then(() => this.startPull(city)));
    return this.startPull(city);
  }

  private startPull(city: string): Promise<void> {
    const state: { current: Promise<void>; next?: Promise<void> } = { current: Promise.resolve() };
    state.current = this.pull(city).finally(() => {
      // With a follow-up waiting, the entry stays until it starts (a call meanwhile joins the follow-up).
      if (this.syncing.get(city) === state && !state.next) this.syncing.delete(city);
    });
    this.syncing.set(city, state);
    return state.current;
  }

  /** A lead city says its feed changed: pull it now, in the background (the caller is not kept waiting). */
  peerChanged(ctx: NodeContext): boolean {
    this.sync(ctx.node.city).catch(() => undefined);
    return true;
  }

  private async pull(city: string): Promise<void> {
    const peer = await this.db.getRepository(WatchReplicaPeerEntity).findOneBy({ city });
    let after = peer?.afterSeq ?? '0';
    try {
      for (;;) {
        const askedAt = this.clock.now();
        const page = await queryPeer<{ entries: ReplicaEntry[]; contact: Contact & { city: string } }>({
          city,
          url: this.config.cityUrls[city],
          nodeToken: this.nodeAuth.tokenFor(city, 30),
          variableDefinitions: '$after: String!, $limit: Int',
          selection: 'watchReplica(after: $after, limit: $limit) { entries { seq entryId active action participant leadEpoch leadChain { entryId epoch from to sig } tokens } contact { unit phone email } }',
          variables: { after, limit: REPLICA_PAGE_SIZE },
          timeoutMs: PEER_TIMEOUT_MS,
        });
        const done = page.entries.length < REPLICA_PAGE_SIZE;
        const applied = await this.applyPage(city, after, page.entries, done ? askedAt : null, page.contact);
        // Another process of this city moved the copy on meanwhile: this page is older than the copy, go on from there.
        if (applied !== true) {
          after = applied;
          continue;
        }
        if (page.entries.length) after = page.entries[page.entries.length - 1].seq;
        if (done) {
          this.failing.delete(city);
          return;
        }
      }
    } catch (e) {
      const message = (e as Error).message.slice(0, 500);
      await this.db.query(
        `INSERT INTO watch_replica_peer (city, after_seq, last_error) VALUES ($1, 0, $2) ON CONFLICT (city) DO UPDATE SET last_error = EXCLUDED.last_error`,
        [city, message],
      );
      const now = Date.now();
      const failing = this.failing.get(city) ?? { since: now, warnedAt: 0 };
      this.failing.set(city, failing);
      if (now - failing.since >= WARN_EVERY_MS && now - failing.warnedAt >= WARN_EVERY_MS) {
        failing.warnedAt = now;
        this.logger.warn(`copy of ${city}'s watch blind indexes not brought up to date for ${Math.round((now - failing.since) / 1000)} s: ${message}`);
      }
      throw e;
    }
  }

  /**
   * Applies one page of `city`'s feed, read after feed number `from`, in one transaction. The copy's position is locked
   * first: if it is no longer `from` (another process applied pages meanwhile), nothing is applied and the position is
   * returned, so an older page never overwrites a newer state. An entry's rows are those of the lead with the highest
   * lead epoch: a lead's active entry replaces its own rows and those of earlier leads, and a drop removes only the
   * rows this lead wrote at or before its epoch.
   */
  async applyPage(city: string, from: string, entries: ReplicaEntry[], syncedAt: Date | null, contact: Contact): Promise<true | string> {
    return this.db.transaction(async (em) => {
      await em.query('INSERT INTO watch_replica_peer (city) VALUES ($1) ON CONFLICT (city) DO NOTHING', [city]);
      const [{ after_seq: position }] = (await em.query('SELECT after_seq::text AS after_seq FROM watch_replica_peer WHERE city = $1 FOR UPDATE', [city])) as { after_seq: string }[];
      if (position !== from) return position;
      if (entries.length) await this.applyEntries(em, city, entries);
      const to = entries.length ? entries[entries.length - 1].seq : from;
      await em.query(
        `UPDATE watch_replica_peer SET after_seq = $2, synced_at = COALESCE($3, synced_at), contact = $4, last_error = NULL WHERE city = $1`,
        [city, to, syncedAt, JSON.stringify(contactFields(contact))],
      );
      return true;
    });
  }

  private async applyEntries(em: EntityManager, city: string, all: ReplicaEntry[]): Promise<void> {
    // A city's feed is believed only about entries it proves it leads (or led, for an entry it ended or passed on): the
    // id names it at epoch 0, or the chain of signed moves ends at it. Anything else is another city's entry claimed by
    // this one, and is left out.
    const entries: ReplicaEntry[] = [];
    const refused: { entryId: string; reason: string }[] = [];
    for (const e of all) {
      const proof = leadOf(e.entryId, e.leadChain ?? [], (c) => this.registry.publicKeyOf(c));
      if ('error' in proof) refused.push({ entryId: e.entryId, reason: proof.error });
      else if (proof.lead !== city || proof.epoch !== e.leadEpoch) refused.push({ entryId: e.entryId, reason: `its chain makes ${proof.lead} the lead at epoch ${proof.epoch}, not ${city} at ${e.leadEpoch}` });
      else entries.push(e);
    }
    if (refused.length) {
      this.logger.warn(`${city}'s feed claims ${refused.length} entr${refused.length === 1 ? 'y' : 'ies'} it does not prove it leads (left out of the copy): ${refused.slice(0, 3).map((r) => `${r.entryId}: ${r.reason}`).join('; ')}`);
      await this.audit.append(em, {
        actor: peerActor(city),
        action: 'watch.replica.refused',
        resourceKind: 'watch_entry',
        resourceIds: refused.slice(0, 100).map((r) => r.entryId),
        outcome: 'REFUSED',
        detail: { count: refused.length, reasons: refused.slice(0, 10) },
      });
    }
    if (!entries.length) return;
    // What this node knows of each entry, kept after it ends; the higher lead epoch wins, an equal one only for its lead.
    await em.query(
      `INSERT INTO watch_replica_entry AS w (entry_id, lead_city, lead_epoch, active, participant, updated_at)
       SELECT x.id, $5::varchar, x.epoch, x.active, x.participant, now()
         FROM unnest($1::varchar[], $2::integer[], $3::boolean[], $4::boolean[]) AS x(id, epoch, active, participant)
       ON CONFLICT (entry_id) DO UPDATE SET lead_city = EXCLUDED.lead_city, lead_epoch = EXCLUDED.lead_epoch, active = EXCLUDED.active,
              participant = EXCLUDED.participant, updated_at = EXCLUDED.updated_at
        WHERE w.lead_epoch < EXCLUDED.lead_epoch OR (w.lead_epoch = EXCLUDED.lead_epoch AND w.lead_city = EXCLUDED.lead_city)`,
      [entries.map((e) => e.entryId), entries.map((e) => e.leadEpoch), entries.map((e) => e.active), entries.map((e) => e.participant), city],
    );
    await em.query(
      `DELETE FROM watch_replica r USING unnest($1::varchar[], $2::integer[], $3::boolean[]) AS x(id, epoch, active)
        WHERE r.entry_id = x.id AND ((r.lead_city = $4 AND r.lead_epoch <= x.epoch) OR (x.active AND r.lead_epoch < x.epoch))`,
      [entries.map((e) => e.entryId), entries.map((e) => e.leadEpoch), entries.map((e) => e.active), city],
    );
    const rows = entries.filter((e) => e.active).flatMap((e) => e.tokens.map((token) => ({ e, token })));
    if (!rows.length) return;
    await em.query(
      `INSERT INTO watch_replica (entry_id, token, lead_city, action, participant, lead_epoch)
       SELECT t.id, t.token, $1::varchar, t.action, t.participant, t.epoch
         FROM unnest($2::varchar[], $3::char(64)[], $4::varchar[], $5::boolean[], $6::integer[]) AS t(id, token, action, participant, epoch)
        WHERE NOT EXISTS (SELECT 1 FROM watch_replica r WHERE r.entry_id = t.id AND r.lead_epoch > t.epoch)
       ON CONFLICT (entry_id, token) DO NOTHING`,
      [city, rows.map((r) => r.e.entryId), rows.map((r) => r.token), rows.map((r) => r.e.action), rows.map((r) => r.e.participant), rows.map((r) => r.e.leadEpoch)],
    );
  }

  // ---- the region-wide check at the officer's home node -----------------------------------------------------

  /**
   * Checks the officer's identifiers against the joint watch of the region (or of the cities named). This city's own
   * entries are compared through its own indexes. Every other city evaluates the blinded identifiers under its own key
   * (it learns nothing of them; it limits and audits the evaluations), and the resulting indexes are compared with this
   * node's copy of that city's entries: no node can test an identifier against another city's watch list without that
   * city's evaluation. A city whose copy holds no active entry is not asked. A hit on an entry this city takes part in
   * is answered live by the lead city under its policy (LIVE); a copy too old is brought up to date first.
   */
  async checkRegion(ctx: OfficerContext, rawIdentifiers: unknown, rawCities: unknown) {
    const { identifiers, cities } = parseInput(identifierCheckInputSchema, { identifiers: rawIdentifiers, cities: rawCities }, 'input');
    if (!ctx.purpose) {
      await this.audit.append(this.db.manager, { actor: auditActor(ctx), action: 'watch.check.region', resourceKind: 'watch_entry', resourceIds: [], outcome: 'REFUSED', detail: { reason: 'no purpose given' } });
      throw WatchException.purposeRequired(this.config.city);
    }
    await this.identifiers.chargeOfficer(ctx, identifiers.length, 'watch.check.region');
    const asked = cities ?? [...CITY_CODES];
    const peers = this.peers.filter((c) => asked.includes(c));
    const now = this.clock.now().getTime();
    const peerRows = await this.db.getRepository(WatchReplicaPeerEntity).find();
    const byCity = new Map(peerRows.map((p) => [p.city, p]));
    const isFresh = (c: string) => {
      const synced = byCity.get(c)?.syncedAt;
      return !!synced && now - synced.getTime() <= this.config.watchReplicaStaleMs;
    };
    // A copy too old is brought up to date before it is trusted (never rejects: a failure is the city's answer).
    const synced = new Map(peers.filter((c) => !isFresh(c)).map((c) => [c, this.sync(c).then(() => null, (e: Error) => e)]));
    // Cities whose copy holds active entries are asked to evaluate; the others have nothing to compare with.
    const holding = await this.citiesHoldingEntries(peers);
    const blinded = this.identifiers.blind(identifiers);
    const indexes = new Map<string, Promise<string[] | Error>>();
    const evaluate = (c: string) => {
      if (!indexes.has(c)) indexes.set(c, this.identifiers.indexesAt(ctx, c, blinded).catch((e: Error) => e));
      return indexes.get(c)!;
    };
    for (const c of peers) if (holding.has(c) || synced.has(c)) void evaluate(c);
    // Stale copies: once brought up to date, asked if they hold entries after all.
    const syncErrors = new Map<string, Error | null>();
    await Promise.all([...synced].map(async ([c, p]) => syncErrors.set(c, await p)));
    const syncedAtOf = new Map((await this.db.getRepository(WatchReplicaPeerEntity).find()).map((p) => [p.city, p.syncedAt?.toISOString() ?? null]));
    const holdingNow = synced.size ? await this.citiesHoldingEntries(peers) : holding;

    const own = asked.includes(this.config.city) ? identifiers.map((i) => ({ identifier: i, token: this.index.token(i.kind, i.value) })) : [];
    const tokensOf = new Map<string, { identifier: Identifier; token: string }[]>();
    const sources = new Map<string, Source>();
    for (const c of peers) {
      const syncError = syncErrors.get(c);
      if (syncError) {
        sources.set(c, { city: c, answeredFrom: 'UNAVAILABLE', syncedAt: byCity.get(c)?.syncedAt?.toISOString() ?? null, error: `its copy is out of date and could not be brought up to date: ${syncError.message}` });
        continue;
      }
      if (!holdingNow.has(c)) continue;
      const result = await evaluate(c);
      if (result instanceof Error) {
        sources.set(c, { city: c, answeredFrom: 'UNAVAILABLE', syncedAt: byCity.get(c)?.syncedAt?.toISOString() ?? null, error: `${c} did not evaluate the identifiers: ${result.message}` });
        continue;
      }
      tokensOf.set(c, result.map((token, i) => ({ identifier: identifiers[i], token })));
    }
    const allTokens = [...tokensOf.values()].flat().map((t) => t.token);
    const { local, copied } = await this.db.transaction(async (em) => ({
      local: own.length ? await this.watch.matchLed(em, ctx, own.map((o) => o.token)) : [],
      copied: allTokens.length
        ? await queryPrepared<{ entry_id: string; token: string; lead_city: string; action: string; participant: boolean }>(
            em,
            'SELECT entry_id, token, lead_city, action, participant FROM watch_replica WHERE token = ANY($1) AND lead_city = ANY($2) ORDER BY lead_city, entry_id, token',
            [allTokens, [...tokensOf.keys()]],
          )
        : [],
    }));
    // An index is the lead city's: it matches only that city's rows.
    const mine = copied.filter((r) => tokensOf.get(r.lead_city)?.some((t) => t.token === r.token));
    const live = new Map<string, Promise<Match[] | Error>>();
    for (const city of new Set(mine.filter((r) => r.participant).map((r) => r.lead_city))) {
      live.set(city, this.askLive(ctx, city, [...new Set(mine.filter((r) => r.participant && r.lead_city === city).map((r) => r.token))]));
    }
    const answers = new Map<string, Match[] | Error>();
    await Promise.all([...live].map(async ([city, p]) => answers.set(city, await p)));

    const identifierOf = (city: string, token: string) => (city === this.config.city ? own : (tokensOf.get(city) ?? [])).find((t) => t.token === token)?.identifier ?? null;
    const ownIds = new Set(local.map((m) => m.reference));
    /** Hits answered from the copy: the lead city learns of them only by this node's notice. */
    const fromCopies: { reference: string; leadCity: string }[] = [];
    const matches: (Match & { identifier: Identifier | null })[] = local.map((m) => ({ ...m, identifier: identifierOf(this.config.city, m.token) }));
    const result: Source[] = asked.includes(this.config.city) ? [{ city: this.config.city, answeredFrom: 'LOCAL', syncedAt: null, error: null }] : [];
    for (const city of peers) {
      const failed = sources.get(city);
      if (failed) {
        result.push(failed);
        continue;
      }
      const answer = answers.get(city);
      const liveOk = answer !== undefined && !(answer instanceof Error);
      if (liveOk) matches.push(...answer.filter((m) => !ownIds.has(m.reference)).map((m) => ({ ...m, identifier: identifierOf(city, m.token) })));
      const contact = this.contactOf(city, byCity.get(city)?.contact ?? null);
      for (const r of mine.filter((r) => r.lead_city === city && !ownIds.has(r.entry_id) && !(r.participant && liveOk))) {
        fromCopies.push({ reference: r.entry_id, leadCity: city });
        matches.push({
          identifier: identifierOf(city, r.token),
          token: r.token,
          reference: r.entry_id,
          leadCity: city,
          accessLevel: 'HIT_ONLY',
          action: r.action,
          instruction: ACTION_INSTRUCTIONS[r.action as WatchAction],
          contact,
          entry: null,
        });
      }
      result.push({
        city,
        answeredFrom: liveOk ? 'LIVE' : 'REPLICA',
        syncedAt: syncedAtOf.get(city) ?? null,
        error: answer instanceof Error ? `asked live for the entry you take part in: ${answer.message}; answered as HIT_ONLY from the copy` : null,
      });
    }
    // One match per entry and token (a live answer and the copy can both name a non-participant entry); the first kept.
    const unique = matches.filter((m, i) => matches.findIndex((o) => o.reference === m.reference && o.token === m.token) === i);
    await this.db.transaction(async (em) => {
      await this.audit.append(em, {
        actor: auditActor(ctx),
        purpose: ctx.purpose,
        action: 'watch.check.region',
        resourceKind: 'watch_entry',
        resourceIds: [...new Set(unique.map((m) => m.reference))],
        detail: {
          identifiers: identifiers.length,
          kinds: [...new Set(identifiers.map((i) => i.kind))],
          hits: unique.length,
          evaluatedBy: [...tokensOf.keys()],
          live: [...live.keys()],
          unavailable: result.filter((s) => s.answeredFrom === 'UNAVAILABLE').map((s) => s.city),
        },
      });
      // Each lead city whose entry matched from the copy is told (as Europol's EIS tells the data owner).
      await this.watch.tellLeadsOfMatches(em, ctx, fromCopies);
    });
    return { hit: unique.length > 0, matches: unique, cities: result };
  }

  /** The cities whose copy holds at least one active entry (one index probe each). */
  private async citiesHoldingEntries(cities: readonly string[]): Promise<Set<string>> {
    if (!cities.length) return new Set();
    const rows = await queryPrepared<{ city: string }>(
      this.db.manager,
      'SELECT c.city FROM unnest($1::varchar[]) AS c(city) WHERE EXISTS (SELECT 1 FROM watch_replica_entry e WHERE e.lead_city = c.city AND e.active)',
      [cities],
    );
    return new Set(rows.map((r) => r.city));
  }

  /** The live answer of one city for these tokens, or the error that kept it from answering (never rejects). */
  private askLive(ctx: OfficerContext, city: string, tokens: string[]): Promise<Match[] | Error> {
    return this.queryLive(ctx, city, tokens).catch((e: Error) => e);
  }

  private async queryLive(ctx: OfficerContext, city: string, tokens: string[]): Promise<Match[]> {
    const result = await queryPeer<{ matches: Match[] }>({
      city,
      url: this.config.cityUrls[city],
      nodeToken: this.nodeAuth.tokenFor(city, 30),
      variableDefinitions: '$t: [String!]!, $o: WatchCheckOfficerInput!',
      selection: `checkWatchOnBehalf(tokens: $t, officer: $o) { matches { ${MATCH_SELECTION} } }`,
      variables: { t: tokens, o: { sub: ctx.officer.sub, roles: checkingRoles(ctx), purpose: ctx.purpose } },
      timeoutMs: PEER_TIMEOUT_MS,
    });
    return result.matches.filter((m) => m.leadCity === city);
  }

  private contactOf(city: string, contact: Contact | null) {
    return { city, ...contactFields(contact ?? { unit: `${city} duty desk` }) };
  }
}
