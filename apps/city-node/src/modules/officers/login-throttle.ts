import type { DataSource } from 'typeorm';
import type { Clock } from '@ypf/common';
import { OfficerException } from './officers.exception.js';

/** Failures from one address within the window before the address is refused (any username). */
export const SOURCE_LIMIT = 20;
/** Failures of one username from one address before that pair is slowed: 30 s, doubling, at most the window. */
export const PAIR_LIMIT = 5;
const PAIR_FIRST_DELAY_MS = 30_000;
/** How long failures count. */
export const WINDOW_MS = 15 * 60_000;

const sourceKey = (source: string) => `source:${source}`;
const pairKey = (username: string, source: string) => `pair:${username}@${source}`;
const accountKey = (username: string) => `account:${username}`;

/**
 * Login throttling in the city's database, so every process of the city counts together (issue 24). A stranger guessing
 * passwords slows down their own address, and their address for that username, never the officer: the real officer
 * still logs in from elsewhere, and is told how many failed attempts there were since their last login.
 */
export class LoginThrottle {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Refuses (LOGIN_THROTTLED, with when to try again) if the address, or this username from it, is held back. */
  async check(username: string, source: string): Promise<void> {
    const now = this.clock.now();
    const rows: { key: string; blocked_until: Date }[] = await this.db.query(
      'SELECT key, blocked_until FROM login_throttle WHERE key = ANY($1) AND blocked_until > $2 ORDER BY blocked_until DESC',
      [[sourceKey(source), pairKey(username, source)], now],
    );
    if (rows.length === 0) return;
    const until = new Date(rows[0].blocked_until);
    throw OfficerException.throttled(rows[0].key.startsWith('source:') ? 'from this address' : 'for this username from this address', until, now);
  }

  /** Counts a failure of `username` from `source` (one statement per key, safe under concurrent logins). */
  async failed(username: string, source: string): Promise<void> {
    const now = this.clock.now();
    // Each key's count (restarted when its window has passed) and, past its limit, until when it is held back: the
    // address until its window ends; the username from that address 30 s, doubling, at most the window, from now.
    // The account from anywhere is only counted, to tell the officer at their next login.
    await this.db.query(
      `INSERT INTO login_throttle AS t (key, failures, first_failure_at, blocked_until)
         SELECT k, 1, $2::timestamptz, NULL FROM unnest($1::text[]) AS k
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.first_failure_at < $2::timestamptz - $3 * interval '1 millisecond' THEN 1 ELSE t.failures + 1 END,
         first_failure_at = CASE WHEN t.first_failure_at < $2::timestamptz - $3 * interval '1 millisecond' THEN $2::timestamptz ELSE t.first_failure_at END`,
      [[sourceKey(source), pairKey(username, source), accountKey(username)], now, WINDOW_MS],
    );
    await this.db.query(
      `UPDATE login_throttle SET blocked_until = CASE
           WHEN key = $1 THEN first_failure_at + $4 * interval '1 millisecond'
           ELSE $3::timestamptz + LEAST($4, $5 * power(2, failures - $7)) * interval '1 millisecond' END
        WHERE (key = $1 AND failures >= $6) OR (key = $2 AND failures >= $7)`,
      [sourceKey(source), pairKey(username, source), now, WINDOW_MS, PAIR_FIRST_DELAY_MS, SOURCE_LIMIT, PAIR_LIMIT],
    );
  }

  /** A successful login: this address's slow-down for the username ends; returns the account's failures since the last success. */
  async succeeded(username: string, source: string): Promise<number> {
    // TypeORM answers a DELETE ... RETURNING with [rows, count].
    const [rows] = await this.db.query<[{ failures: number }[], number]>(`DELETE FROM login_throttle WHERE key = ANY($1) RETURNING CASE WHEN key = $2 THEN failures ELSE 0 END AS failures`, [
      [pairKey(username, source), accountKey(username)],
      accountKey(username),
    ]);
    return rows.reduce((n, r) => n + Number(r.failures), 0);
  }
}
