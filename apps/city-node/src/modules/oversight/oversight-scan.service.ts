import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ypf/common';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { assessPurposeSpread, assessWindow, windowStartOf } from './baseline.js';
import type { OversightMetric } from './entities/oversight-alert.entity.js';
import { OversightRepository } from './oversight.repository.js';
import { type AlertDraft, OversightService } from './oversight.service.js';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Audit entries counted per transaction (each batch moves the cursor with its counts, so a crash loses nothing). */
const BATCH = 5_000;
/** Windows of the last day are judged; older ones (a scan catching up after downtime) only feed the baselines. */
const JUDGED_MS = DAY_MS;
/** Purpose spreads raised per run at most (the next run goes on with the rest). */
const MAX_SPREADS = 500;
/** Purposes shown with a volume alert. */
const TOP_PURPOSES = 5;
/** Old counts deleted per run at most. */
const PRUNE_LIMIT = 10_000;

export interface ScanResult {
  /** Another process of this city held the scan. */
  skipped?: boolean;
  scanned: number;
  lastSeq: number | null;
  alerts: string[];
  reports: number;
  pruned: number;
}

/**
 * The misuse scan (UEBA-style baselining, DESIGN 3.5), one repeatable job per city:
 * 1. counts the audit log incrementally from a cursor (sequence numbers, the primary key: no scan of the whole log,
 *    at most OVERSIGHT_MAX_ENTRIES_PER_RUN per run) into per-officer, per-window, per-purpose counts;
 * 2. judges each officer window that changed against the officer's own baseline (baseline.ts) and raises an alert
 *    at most once per officer, metric and window (a unique key), sent to the officer's home city;
 * 3. reports to each home city how often its officers used each purpose here, and, as a home city, correlates what
 *    every owner reported: one purpose at many cities, at volume, is an alert sent to those cities.
 * Every step runs under one advisory lock per city (pg_try_advisory_xact_lock): a second process finding it held
 * skips the run, and a unique key makes a repeated evaluation harmless.
 */
@Injectable()
export class OversightScan {
  private readonly logger = new Logger('OversightScan');

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly oversight: OversightService,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
  ) {}

  async run(): Promise<ScanResult> {
    const counted = await this.count();
    if (counted === null) return { skipped: true, scanned: 0, lastSeq: null, alerts: [], reports: 0, pruned: 0 };
    const judged = await this.judge();
    if (judged === null) return { skipped: true, scanned: counted.scanned, lastSeq: counted.lastSeq, alerts: [], reports: 0, pruned: 0 };
    return { scanned: counted.scanned, lastSeq: counted.lastSeq, alerts: judged.alerts, reports: judged.reports, pruned: judged.pruned };
  }

  /** Step 1: the audit log since the cursor, in batches of BATCH entries, each with its cursor move in one transaction. */
  private async count(): Promise<{ scanned: number; lastSeq: number | null } | null> {
    const s = this.config.oversight;
    let scanned = 0;
    let lastSeq: number | null = null;
    while (scanned < s.maxEntriesPerRun) {
      const limit = Math.min(BATCH, s.maxEntriesPerRun - scanned);
      const step = await this.db.transaction(async (em) => {
        const repo = new OversightRepository(em);
        if (!(await repo.tryLock())) return null;
        const now = this.clock.now();
        // A first scan starts at the baseline days, not at the beginning of a long log.
        const cursor = (await repo.cursor()) ?? (await repo.firstSeqAtOrAfter(new Date(now.getTime() - s.baselineDays * DAY_MS))) - 1;
        const batch = await repo.countBatch(cursor, limit, this.config.city, s.windowMinutes);
        await repo.saveCursor(batch.lastSeq ?? cursor, now);
        return { ...batch, cursor: batch.lastSeq ?? cursor };
      });
      if (step === null) return scanned ? { scanned, lastSeq } : null;
      scanned += step.scanned;
      lastSeq = step.cursor;
      if (step.scanned < limit) break;
    }
    return { scanned, lastSeq };
  }

  /** Steps 2 and 3 in one transaction: what it raises and reports commits with the pending marks it clears. */
  private async judge(): Promise<{ alerts: string[]; reports: number; pruned: number } | null> {
    const s = this.config.oversight;
    const self = this.config.city;
    return this.db.transaction(async (em) => {
      const repo = new OversightRepository(em);
      if (!(await repo.tryLock())) return null;
      const now = this.clock.now();
      const windowMs = s.windowMinutes * MINUTE_MS;
      const bucketMs = s.purposeWindowHours * 60 * MINUTE_MS;
      const alerts: string[] = [];
      const raise = async (draft: AlertDraft) => {
        const raised = await this.oversight.raise(em, draft);
        if (raised) alerts.push(raised.id);
      };

      // Volume: each changed officer window of the last day that reaches the minimum count in a metric.
      const candidates = await repo.volumeCandidates(new Date(now.getTime() - JUDGED_MS), s.minCount);
      for (const c of candidates) {
        const history = await repo.history(c.officerId, new Date(c.windowStart.getTime() - s.baselineDays * DAY_MS), c.windowStart);
        for (const metric of ['READS', 'CHECKS'] as const satisfies readonly OversightMetric[]) {
          const key = metric === 'READS' ? 'reads' : 'checks';
          const verdict = assessWindow(c[key], history.map((h) => h[key]), s);
          if (!verdict.alert) continue;
          await raise({
            kind: 'VOLUME',
            metric,
            officerId: c.officerId,
            officerCity: c.officerCity,
            windowStart: c.windowStart,
            windowEnd: new Date(c.windowStart.getTime() + windowMs),
            count: c[key],
            baseline: verdict.typical,
            threshold: verdict.threshold,
            historyWindows: verdict.historyWindows,
            purposes: await repo.topPurposes(c.officerId, c.windowStart, key, TOP_PURPOSES),
            cities: [{ city: self, count: c[key] }],
          });
        }
      }

      // As a data owner: tell each home city how its officers used each purpose here.
      const sinceBucket = new Date(windowStartOf(now, s.purposeWindowHours * 60).getTime() - bucketMs);
      const totals = await repo.changedPurposeTotals(self, s.purposeWindowHours, sinceBucket, s.purposeReportMin);
      const reports = await this.oversight.report(em, totals);

      // As a home city: one purpose of one officer across the owners' reports.
      for (const c of await repo.spreadCandidates(self, sinceBucket, s.purposeMinCities, s.purposeMinCount, MAX_SPREADS)) {
        const spread = assessPurposeSpread(c.shares.map((x) => ({ city: x.city, uses: x.count })), s);
        if (!spread.alert) continue;
        await raise({
          kind: 'PURPOSE_SPREAD',
          metric: null,
          officerId: c.officerId,
          officerCity: self,
          windowStart: c.bucketStart,
          windowEnd: new Date(c.bucketStart.getTime() + bucketMs),
          count: spread.total,
          baseline: null,
          threshold: s.purposeMinCount,
          historyWindows: null,
          purposes: [{ purpose: c.purpose, count: spread.total }],
          cities: c.shares,
        });
      }

      await repo.clearPending();
      // Counts are kept as long as a judged window's baseline or a reported purpose window needs them.
      const keepFrom = Math.min(now.getTime() - JUDGED_MS - s.baselineDays * DAY_MS - windowMs, sinceBucket.getTime());
      const pruned = await repo.prune(new Date(keepFrom), sinceBucket, PRUNE_LIMIT);
      if (alerts.length) this.logger.log(`raised ${alerts.length} misuse alert(s): ${alerts.join(', ')}`);
      return { alerts, reports, pruned: pruned.usage + pruned.shares };
    });
  }
}
