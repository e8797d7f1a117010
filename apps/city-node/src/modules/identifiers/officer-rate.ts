/**
 * Identifiers each officer may check per minute at the home node (in this process): a sliding minute of counts. The
 * home node's limit stops a careless or curious officer; the limit each city sets on the evaluations it performs for
 * another city (IdentifierIndexService.evaluate) stops a compromised home node.
 */
export class OfficerRateLimit {
  private readonly used = new Map<string, { at: number; count: number }[]>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  /** Takes `count` from the officer's minute, or returns the seconds until that much is free again. */
  take(officer: string, count: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    const recent = (this.used.get(officer) ?? []).filter((u) => now - u.at < 60_000);
    const total = recent.reduce((n, u) => n + u.count, 0);
    if (total + count > this.perMinute) {
      // The oldest counts fall out of the minute first: wait until enough of them have.
      let freed = total + count - this.perMinute;
      let waitMs = 60_000;
      for (const u of recent) {
        freed -= u.count;
        if (freed <= 0) {
          waitMs = 60_000 - (now - u.at);
          break;
        }
      }
      this.used.set(officer, recent);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    recent.push({ at: now, count });
    this.used.set(officer, recent);
    if (this.used.size > 50_000) {
      for (const [key, list] of this.used) if (!list.some((u) => now - u.at < 60_000)) this.used.delete(key);
    }
    return { ok: true };
  }
}
