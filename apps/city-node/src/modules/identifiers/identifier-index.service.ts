import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditLog } from '@ypf/audit';
import { Clock, parseInput } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { auditActor, type NodeContext, nodeActor, type OfficerContext } from '../../auth/request-context.js';
import { NodeAuthService } from '../../auth/node-auth.service.js';
import { BlindIndex, blindIdentifiers, type BlindedIdentifiers, INDEX_ELEMENT_PATTERN, IndexElementError } from '../../core/blind-index.js';
import { queryPeer } from '../../core/peer-query.js';
import { IdentifierException } from './identifiers.exception.js';
import { OfficerRateLimit } from './officer-rate.js';

/** Most identifiers one evaluation request carries (a check's identifiers). */
export const MAX_EVALUATION_ELEMENTS = 50;
const PEER_TIMEOUT_MS = 10_000;
const STATE_LOCK = 0x494e4458; // 'INDX'

const evaluationSchema = z
  .object({
    elements: z.array(z.string().regex(INDEX_ELEMENT_PATTERN, 'must be blinded points (64 hex characters)')).min(1, 'give at least one element').max(MAX_EVALUATION_ELEMENTS, `is at most ${MAX_EVALUATION_ELEMENTS} elements`),
    officer: z.object({ sub: z.string().min(3).max(120), purpose: z.string().min(3).max(128) }).strict(),
  })
  .strict();

/** Recomputes one kind of stored index with the current key; returns how many rows it wrote. */
export type Reindexer = (em: EntityManager, index: BlindIndex) => Promise<number>;

/**
 * The oblivious side of blind indexes (core/blind-index.ts). As the owner of its data, this node evaluates blinded
 * points for the other cities, within a budget per city and minute, auditing every request; as an officer's home node,
 * it blinds that officer's identifiers once and asks each city to evaluate them, so that it can compare the officer's
 * identifiers with what that city holds without any node being able to test guesses offline. It also keeps the stored
 * indexes in step with the key: after a new key (rotation, or the upgrade from the shared region key) every index is
 * computed again at start.
 */
@Injectable()
export class IdentifierIndexService implements OnApplicationBootstrap {
  private readonly logger = new Logger('BlindIndex');
  private readonly reindexers = new Map<string, Reindexer>();
  private readonly officerLimit: OfficerRateLimit;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly nodeAuth: NodeAuthService,
    readonly index: BlindIndex,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {
    this.officerLimit = new OfficerRateLimit(config.identifierChecksPerMinute, () => this.clock.now().getTime());
  }

  // ---- as the owner: evaluations for other cities -------------------------------------------------------------

  /** k · P for another city's blinded points: charged to that city's budget for this minute and audited. */
  async evaluate(ctx: NodeContext, rawElements: unknown, rawOfficer: unknown): Promise<string[]> {
    const { elements, officer } = parseInput(evaluationSchema, { elements: rawElements, officer: rawOfficer }, 'input');
    if (!officer.sub.startsWith(`${ctx.node.city}:`)) throw IdentifierException.badElement(`the officer must be one of ${ctx.node.city}'s`);
    const now = this.clock.now();
    const window = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    const limit = this.config.indexEvaluationsPerMinute;
    const charged = await this.db.transaction(async (em) => {
      // Charged only if it fits, in one statement (every process of this city shares the row).
      const rows: { used: number }[] = await em.query(
        `INSERT INTO index_evaluation_budget AS b (city, window_start, used) SELECT $1::varchar, $2::timestamptz, $3::int WHERE $3::int <= $4::int
         ON CONFLICT (city, window_start) DO UPDATE SET used = b.used + EXCLUDED.used WHERE b.used + EXCLUDED.used <= $4::int
         RETURNING used`,
        [ctx.node.city, window, elements.length, limit],
      );
      const ok = rows.length > 0;
      await this.audit.append(em, {
        actor: nodeActor(ctx),
        purpose: officer.purpose,
        action: 'index.evaluate',
        resourceKind: 'blind_index',
        outcome: ok ? 'OK' : 'REFUSED',
        detail: { onBehalfOf: officer.sub, elements: elements.length, ...(ok ? { usedThisMinute: rows[0].used } : { reason: 'budget', limit }) },
      });
      return ok;
    });
    if (!charged) throw IdentifierException.peerRateLimited(ctx.node.city, limit, Math.max(1, Math.ceil((window.getTime() + 60_000 - now.getTime()) / 1000)));
    if (Math.random() < 0.01) await this.db.query(`DELETE FROM index_evaluation_budget WHERE window_start < $1`, [new Date(now.getTime() - 3_600_000)]);
    try {
      return this.index.evaluate(elements);
    } catch (e) {
      if (e instanceof IndexElementError) throw IdentifierException.badElement(e.message);
      throw e;
    }
  }

  // ---- as the officer's home node: asking the other cities ---------------------------------------------------

  /**
   * Takes `count` identifiers from the officer's budget for this minute (home node), or refuses with when to try
   * again; audited when refused.
   */
  async chargeOfficer(ctx: OfficerContext, count: number, action: string): Promise<void> {
    const r = this.officerLimit.take(ctx.officer.sub, count);
    if (r.ok) return;
    await this.audit.append(this.db.manager, { actor: auditActor(ctx), purpose: ctx.purpose, action, outcome: 'REFUSED', detail: { reason: 'rate limit', identifiers: count, retryAfterSeconds: r.retryAfterSeconds } });
    throw IdentifierException.officerRateLimited(this.config.identifierChecksPerMinute, r.retryAfterSeconds);
  }

  /** The officer's identifiers, blinded once for one check (every city asked sees the same points). */
  blind(identifiers: readonly { kind: string; value: string }[]): BlindedIdentifiers {
    return blindIdentifiers(identifiers);
  }

  /** `city`'s indexes of the blinded identifiers: it evaluates them (audited there, charged to this city's budget). */
  async indexesAt(ctx: OfficerContext, city: string, blinded: BlindedIdentifiers): Promise<string[]> {
    if (city === this.config.city) throw new Error('own indexes are computed locally');
    const evaluated = await queryPeer<string[]>({
      city,
      url: this.config.cityUrls[city],
      nodeToken: this.nodeAuth.tokenFor(city, 30),
      variableDefinitions: '$e: [String!]!, $o: IndexEvaluationOfficerInput!',
      selection: 'evaluateBlindIndex(elements: $e, officer: $o)',
      variables: { e: blinded.elements, o: { sub: ctx.officer.sub, purpose: ctx.purpose } },
      timeoutMs: PEER_TIMEOUT_MS,
    });
    return blinded.finalize(city, evaluated);
  }

  // ---- keeping stored indexes in step with the key -----------------------------------------------------------

  /** A capability whose stored indexes must follow the key (watch identifiers, report identifiers). */
  registerReindexer(name: string, reindex: Reindexer): void {
    this.reindexers.set(name, reindex);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reindexIfKeyChanged();
  }

  /** Recomputes every stored index when the key is not the one they were computed with; returns the rows written. */
  async reindexIfKeyChanged(): Promise<number> {
    return this.db.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [STATE_LOCK]);
      const [state] = await em.query<{ fingerprint: string }[]>(`SELECT fingerprint FROM blind_index_state WHERE name = 'identifiers'`);
      if (state?.fingerprint === this.index.fingerprint) return 0;
      let written = 0;
      for (const [name, reindex] of this.reindexers) {
        const n = await reindex(em, this.index);
        if (n) this.logger.log(`${name}: ${n} blind indexes computed with the current key`);
        written += n;
      }
      await em.query(
        `INSERT INTO blind_index_state (name, fingerprint, indexed_at) VALUES ('identifiers', $1, $2)
         ON CONFLICT (name) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, indexed_at = EXCLUDED.indexed_at`,
        [this.index.fingerprint, this.clock.now()],
      );
      return written;
    });
  }
}
