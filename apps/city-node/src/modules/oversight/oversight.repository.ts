import type { EntityManager } from 'typeorm';
import { WINDOW_ORIGIN } from './baseline.js';
import type { CityCount, OversightAlertEntity, PurposeCount } from './entities/oversight-alert.entity.js';

/** One scan of a city at a time, across all its processes (they share the database). */
const SCAN_LOCK = 72_000_301;
const CURSOR = 'audit';

/**
 * Audit actions that are hit/no-hit checks; every other audited request of another city's officer here is a read.
 * `identifier.bucket` is this city's part of another city's region-wide intelligence check (one per check; a hit adds
 * the `identifier.check` that fetches it).
 */
export const CHECK_ACTIONS = ['watch.check', 'identifier.check', 'identifier.bucket', 'watch.check.region', 'identifier.check.region'] as const;
/**
 * This city's own officers' region-wide checks: the watch check is answered from this node's copy, so the other
 * cities see only its hits; only the home node sees them all.
 */
export const HOME_ACTIONS = ['watch.check.region', 'identifier.check.region'] as const;
/** Actors that are not officers: other nodes delivering, this node's own jobs. */
const NON_OFFICER_ROLES = ['NODE', 'SYSTEM'];

const minutes = (n: number) => `${n} minutes`;

export interface CountedBatch {
  scanned: number;
  lastSeq: number | null;
  rows: number;
}

export interface VolumeCandidate {
  officerId: string;
  officerCity: string;
  windowStart: Date;
  reads: number;
  checks: number;
}

export interface PurposeTotal {
  officerId: string;
  officerCity: string;
  purpose: string;
  bucketStart: Date;
  uses: number;
}

export interface SpreadCandidate {
  officerId: string;
  purpose: string;
  bucketStart: Date;
  shares: CityCount[];
}

/** The oversight scan's queries: over the audit log (by sequence number only) and its own small tables. */
export class OversightRepository {
  constructor(private readonly em: EntityManager) {}

  /** True when this transaction holds the scan's lock (released at commit); false when another process runs the scan. */
  async tryLock(): Promise<boolean> {
    const [r] = await this.em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SCAN_LOCK]);
    return r.locked === true;
  }

  async cursor(): Promise<number | null> {
    const [r] = await this.em.query('SELECT last_seq FROM oversight_cursor WHERE name = $1', [CURSOR]);
    return r ? Number(r.last_seq) : null;
  }

  async saveCursor(lastSeq: number, at: Date): Promise<void> {
    await this.em.query(
      'INSERT INTO oversight_cursor (name, last_seq, updated_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET last_seq = excluded.last_seq, updated_at = excluded.updated_at',
      [CURSOR, lastSeq, at],
    );
  }

  /**
   * The first audit sequence number written at or after `at` (where a new scan starts: the baseline days, not the
   * whole log). A binary search over the primary key: `at` is set as the row is written under the chain's lock, so it
   * grows with the sequence number, give or take a transaction's duration. No index on `at` is needed.
   */
  async firstSeqAtOrAfter(at: Date): Promise<number> {
    const [bounds] = await this.em.query('SELECT min(seq) AS lo, max(seq) AS hi FROM audit_entry');
    if (bounds.hi === null) return 1;
    let lo = Number(bounds.lo);
    let hi = Number(bounds.hi) + 1;
    // The smallest s whose first entry at or after s was written at or after `at` (max + 1 if none was).
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      const [row] = await this.em.query('SELECT seq, at FROM audit_entry WHERE seq >= $1 ORDER BY seq LIMIT 1', [mid]);
      if (new Date(row.at) < at) lo = Number(row.seq) + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Counts the next `limit` audit entries after `afterSeq` into oversight_usage, per officer, window and purpose, and
   * marks what changed as pending. Only another city's officers' requests here, and this city's officers' region-wide
   * checks, count. Sequence numbers are given under the chain's lock and committed in order, so nothing committed
   * later can appear behind the cursor.
   */
  async countBatch(afterSeq: number, limit: number, ownCity: string, windowMinutes: number): Promise<CountedBatch> {
    const [r] = await this.em.query(
      `WITH batch AS (
         SELECT seq, at, actor_id, actor_city, actor_roles, purpose, action FROM audit_entry WHERE seq > $1 ORDER BY seq LIMIT $2
       ), counted AS (
         SELECT actor_id, actor_city, date_bin($3::interval, at, $4::timestamptz) AS window_start, left(coalesce(purpose, ''), 128) AS purpose,
                count(*) FILTER (WHERE action <> ALL($6::text[]))::int AS reads, count(*) FILTER (WHERE action = ANY($6::text[]))::int AS checks
           FROM batch
          WHERE NOT (actor_roles && $7::text[]) AND (actor_city <> $5 OR action = ANY($8::text[]))
          GROUP BY 1, 2, 3, 4
       ), upserted AS (
         INSERT INTO oversight_usage AS u (officer_id, officer_city, window_start, purpose, reads, checks, pending)
         SELECT actor_id, actor_city, window_start, purpose, reads, checks, true FROM counted
         ON CONFLICT (officer_id, window_start, purpose) DO UPDATE SET reads = u.reads + excluded.reads, checks = u.checks + excluded.checks, pending = true
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM batch)::int AS scanned, (SELECT max(seq) FROM batch) AS last_seq, (SELECT count(*) FROM upserted)::int AS rows`,
      [afterSeq, limit, minutes(windowMinutes), WINDOW_ORIGIN, ownCity, [...CHECK_ACTIONS], NON_OFFICER_ROLES, [...HOME_ACTIONS]],
    );
    return { scanned: r.scanned, lastSeq: r.last_seq === null ? null : Number(r.last_seq), rows: r.rows };
  }

  /**
   * Officer windows changed since the last evaluation, started at or after `since`, that reach `minCount` in one
   * metric. At most one per audit entry counted since (a run counts at most OVERSIGHT_MAX_ENTRIES_PER_RUN).
   */
  async volumeCandidates(since: Date, minCount: number): Promise<VolumeCandidate[]> {
    const rows: { officer_id: string; officer_city: string; window_start: Date; reads: number; checks: number }[] = await this.em.query(
      `WITH touched AS (SELECT DISTINCT officer_id, window_start FROM oversight_usage WHERE pending AND window_start >= $1)
       SELECT u.officer_id, min(u.officer_city) AS officer_city, u.window_start, sum(u.reads)::int AS reads, sum(u.checks)::int AS checks
         FROM oversight_usage u JOIN touched t USING (officer_id, window_start)
        GROUP BY u.officer_id, u.window_start
       HAVING sum(u.reads) >= $2 OR sum(u.checks) >= $2
        ORDER BY greatest(sum(u.reads), sum(u.checks)) DESC, u.officer_id, u.window_start`,
      [since, minCount],
    );
    return rows.map((r) => ({ officerId: r.officer_id, officerCity: r.officer_city, windowStart: new Date(r.window_start), reads: r.reads, checks: r.checks }));
  }

  /** The officer's count per busy window in [from, to): the baseline's history. */
  async history(officerId: string, from: Date, to: Date): Promise<{ reads: number; checks: number }[]> {
    return this.em.query(
      `SELECT sum(reads)::int AS reads, sum(checks)::int AS checks FROM oversight_usage
        WHERE officer_id = $1 AND window_start >= $2 AND window_start < $3 GROUP BY window_start`,
      [officerId, from, to],
    );
  }

  /** The purposes behind one officer's window, most used first. */
  async topPurposes(officerId: string, windowStart: Date, metric: 'reads' | 'checks', n: number): Promise<PurposeCount[]> {
    const rows: { purpose: string; count: number }[] = await this.em.query(
      `SELECT purpose, ${metric} AS count FROM oversight_usage WHERE officer_id = $1 AND window_start = $2 AND ${metric} > 0 ORDER BY ${metric} DESC, purpose LIMIT $3`,
      [officerId, windowStart, n],
    );
    return rows;
  }

  /**
   * For each other city's officer and purpose changed since the last evaluation: its uses here in its whole purpose
   * window, when they reach `reportMin` (what this city reports to the officer's home city).
   */
  async changedPurposeTotals(ownCity: string, bucketHours: number, since: Date, reportMin: number): Promise<PurposeTotal[]> {
    const rows: { officer_id: string; officer_city: string; purpose: string; bucket_start: Date; uses: number }[] = await this.em.query(
      `WITH changed AS (
         SELECT DISTINCT officer_id, officer_city, purpose, date_bin($2::interval, window_start, $3::timestamptz) AS bucket_start
           FROM oversight_usage WHERE pending AND officer_city <> $1 AND purpose <> '' AND window_start >= $4
       )
       SELECT c.officer_id, c.officer_city, c.purpose, c.bucket_start, sum(u.reads + u.checks)::int AS uses
         FROM changed c JOIN oversight_usage u
           ON u.officer_id = c.officer_id AND u.purpose = c.purpose AND u.window_start >= c.bucket_start AND u.window_start < c.bucket_start + $2::interval
        GROUP BY 1, 2, 3, 4
       HAVING sum(u.reads + u.checks) >= $5
        ORDER BY 2, 1, 3, 4`,
      [ownCity, minutes(bucketHours * 60), WINDOW_ORIGIN, since, reportMin],
    );
    return rows.map((r) => ({ officerId: r.officer_id, officerCity: r.officer_city, purpose: r.purpose, bucketStart: new Date(r.bucket_start), uses: r.uses }));
  }

  async clearPending(): Promise<number> {
    const r: [unknown[], number] = await this.em.query('UPDATE oversight_usage SET pending = false WHERE pending');
    return r[1];
  }

  /** Keeps the largest count an owner reported for a share (reports of one window only grow; order does not matter). */
  async upsertShares(ownerCity: string, shares: readonly { officerId: string; purpose: string; bucketStart: Date; uses: number }[], at: Date): Promise<void> {
    await this.em.query(
      `INSERT INTO oversight_purpose_share AS s (officer_id, purpose, bucket_start, owner_city, uses, updated_at)
       SELECT o, p, b, $4, u, $6 FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $5::int[]) AS x(o, p, b, u)
       ON CONFLICT (officer_id, purpose, bucket_start, owner_city) DO UPDATE SET uses = greatest(s.uses, excluded.uses), updated_at = excluded.updated_at`,
      [shares.map((s) => s.officerId), shares.map((s) => s.purpose), shares.map((s) => s.bucketStart), ownerCity, shares.map((s) => s.uses), at],
    );
  }

  /**
   * Officers' purposes of purpose windows started at or after `since`, reported by at least `minCities` cities and
   * used `minCount` times in all, that this city has not raised yet (so the limit never hides a new one behind old ones).
   */
  async spreadCandidates(ownCity: string, since: Date, minCities: number, minCount: number, limit: number): Promise<SpreadCandidate[]> {
    const rows: { officer_id: string; purpose: string; bucket_start: Date; shares: CityCount[] }[] = await this.em.query(
      `SELECT s.officer_id, s.purpose, s.bucket_start, jsonb_agg(jsonb_build_object('city', s.owner_city, 'count', s.uses) ORDER BY s.uses DESC, s.owner_city) AS shares
         FROM oversight_purpose_share s
        WHERE s.bucket_start >= $2
          AND NOT EXISTS (SELECT 1 FROM oversight_alert a WHERE a.kind = 'PURPOSE_SPREAD' AND a.raised_by = $1 AND a.officer_id = s.officer_id
                             AND a.window_start = s.bucket_start AND a.purposes -> 0 ->> 'purpose' = s.purpose)
        GROUP BY s.officer_id, s.purpose, s.bucket_start
       HAVING count(*) >= $3 AND sum(s.uses) >= $4
        ORDER BY sum(s.uses) DESC
        LIMIT $5`,
      [ownCity, since, minCities, minCount, limit],
    );
    return rows.map((r) => ({ officerId: r.officer_id, purpose: r.purpose, bucketStart: new Date(r.bucket_start), shares: r.shares }));
  }

  /** Stores an alert unless one with its id or dedupe key is here already; true when it was stored now. */
  async insertAlert(a: OversightAlertEntity): Promise<boolean> {
    const rows: unknown[] = await this.em.query(
      `INSERT INTO oversight_alert (id, dedupe_key, kind, metric, officer_id, officer_city, raised_by, window_start, window_end, count, baseline, threshold, history_windows, purposes, cities, raised_at, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT DO NOTHING RETURNING id`,
      [a.id, a.dedupeKey, a.kind, a.metric, a.officerId, a.officerCity, a.raisedBy, a.windowStart, a.windowEnd, a.count, a.baseline, a.threshold, a.historyWindows, JSON.stringify(a.purposes), JSON.stringify(a.cities), a.raisedAt, a.receivedAt],
    );
    return rows.length === 1;
  }

  /** Deletes up to `limit` counts older than the baseline needs, and shares older than correlation needs. */
  async prune(usageBefore: Date, sharesBefore: Date, limit: number): Promise<{ usage: number; shares: number }> {
    const usage: [unknown[], number] = await this.em.query(
      'DELETE FROM oversight_usage WHERE ctid = ANY(ARRAY(SELECT ctid FROM oversight_usage WHERE window_start < $1 LIMIT $2))',
      [usageBefore, limit],
    );
    const shares: [unknown[], number] = await this.em.query(
      'DELETE FROM oversight_purpose_share WHERE ctid = ANY(ARRAY(SELECT ctid FROM oversight_purpose_share WHERE bucket_start < $1 LIMIT $2))',
      [sharesBefore, limit],
    );
    return { usage: usage[1], shares: shares[1] };
  }
}
