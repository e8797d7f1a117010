import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { OfficerIdentity } from '@ypf/auth';
import { AuthError } from '@ypf/common';
import { DataSource, type EntityManager } from 'typeorm';

export const REVOCATION_REASONS = ['DISABLED', 'ROLE_REMOVED', 'PASSWORD_RESET'] as const;
export type RevocationReason = (typeof REVOCATION_REASONS)[number];

const REASON_TEXT: Record<RevocationReason, string> = {
  DISABLED: 'disabled this account',
  ROLE_REMOVED: 'removed a role from this account',
  PASSWORD_RESET: "reset this account's password",
};

/** How often each process reloads what other processes of the node recorded (a peer's word arrives at one of them). */
const RELOAD_MS = 1_000;
/** Rows recorded this long before the newest one held are read again: a transaction may commit after a later one. */
const RELOAD_OVERLAP_MS = 60_000;

interface Withdrawal {
  minGeneration: number;
  reason: RevocationReason;
  revokedAt: Date;
}

/**
 * The officers whose older tokens this node refuses (issue 24: a disabled officer's tokens stopped working only
 * when they expired, up to 15 minutes later, at every node). The home city raises an officer's token generation and
 * tells every peer (`officer.revoked`, only the officer's own city may send it); each node keeps the lowest generation
 * it accepts in `officer_revocation` and in memory here, reloaded every second, and checks it on every request.
 */
@Injectable()
export class OfficerRevocations implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('OfficerRevocations');
  private readonly withdrawn = new Map<string, Withdrawal>();
  private newestRecorded = new Date(0);
  private timer: NodeJS.Timeout | null = null;
  private reloading: Promise<void> | null = null;

  constructor(private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.reload().catch((e: unknown) => this.logger.warn(`reload failed: ${(e as Error).message}`)), RELOAD_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Refuses a token issued before its officer's access was withdrawn. */
  assertCurrent(officer: OfficerIdentity): void {
    const w = this.withdrawn.get(officer.sub);
    if (!w || (officer.generation ?? 0) >= w.minGeneration) return;
    throw AuthError.unauthenticated(
      `The officer token was withdrawn: ${officer.city} ${REASON_TEXT[w.reason]} at ${w.revokedAt.toISOString()}, and no node accepts the tokens issued before. Log in again at ${officer.city} (an administrator there can tell you why).`,
    );
  }

  /**
   * Records, in the caller's transaction, that `sub`'s tokens below `minGeneration` are refused (a lower generation
   * arriving late never lowers it). The process that commits it refuses them at once; the others within a second.
   */
  async record(em: EntityManager, sub: string, minGeneration: number, reason: RevocationReason, revokedAt: Date): Promise<void> {
    await em.query(
      `INSERT INTO officer_revocation (sub, min_generation, reason, revoked_at, recorded_at) VALUES ($1, $2, $3, $4, clock_timestamp())
       ON CONFLICT (sub) DO UPDATE SET min_generation = EXCLUDED.min_generation, reason = EXCLUDED.reason, revoked_at = EXCLUDED.revoked_at, recorded_at = EXCLUDED.recorded_at
       WHERE officer_revocation.min_generation < EXCLUDED.min_generation`,
      [sub, minGeneration, reason, revokedAt],
    );
  }

  /** Reads what was recorded since the last reload (with an overlap); one reload at a time. */
  reload(): Promise<void> {
    this.reloading ??= this.load().finally(() => (this.reloading = null));
    return this.reloading;
  }

  private async load(): Promise<void> {
    const since = new Date(this.newestRecorded.getTime() - RELOAD_OVERLAP_MS);
    const rows: { sub: string; min_generation: number; reason: RevocationReason; revoked_at: Date; recorded_at: Date }[] = await this.db.query(
      'SELECT sub, min_generation, reason, revoked_at, recorded_at FROM officer_revocation WHERE recorded_at > $1',
      [since],
    );
    for (const r of rows) {
      const held = this.withdrawn.get(r.sub);
      if (!held || held.minGeneration < r.min_generation) this.withdrawn.set(r.sub, { minGeneration: r.min_generation, reason: r.reason, revokedAt: r.revoked_at });
      if (r.recorded_at > this.newestRecorded) this.newestRecorded = r.recorded_at;
    }
  }
}
