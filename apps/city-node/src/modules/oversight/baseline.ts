/**
 * The maths of misuse detection, kept pure so it can be read and tested on its own (the scan only gathers the counts).
 *
 * An officer's **typical window** is the median of their busy windows (those with at least one access) over the
 * baseline days: what an hour of their work usually looks like. Idle hours are left out, or every officer's median
 * would be 0; the median, not a mean or an EWMA, so that one earlier burst does not raise the bar for the next. An
 * officer with fewer busy windows than `minHistoryWindows` has no baseline yet and is measured against `floor`, a
 * typical busy officer's window.
 *
 * A window is **far above baseline** when its count reaches `multiplier` × the typical window, and at least
 * `minCount` (so a quiet officer going from 1 to 6 is not an alert).
 */
export interface OversightSettings {
  /** Length of one counting window, in minutes (divides a day). */
  windowMinutes: number;
  /** How far back the baseline looks. */
  baselineDays: number;
  /** Busy windows needed before an officer's own median counts. */
  minHistoryWindows: number;
  /** The typical window assumed for an officer without enough history. */
  floor: number;
  multiplier: number;
  minCount: number;
  /** Purposes are summed per officer over windows of this many hours (aligned to the region's midnight). */
  purposeWindowHours: number;
  /** A purpose used at this many data-owning cities ... */
  purposeMinCities: number;
  /** ... this many times in all within one purpose window is an alert at the officer's home city. */
  purposeMinCount: number;
  /** An owner tells the officer's home city of a purpose once the officer used it this often there in the purpose window. */
  purposeReportMin: number;
  /** Audit entries one scan reads at most (the rest wait for the next run). */
  maxEntriesPerRun: number;
}

export type BaselineSettings = Pick<OversightSettings, 'minHistoryWindows' | 'floor' | 'multiplier' | 'minCount'>;

export interface Baseline {
  /** The typical window: the median busy window, or the floor without enough history. */
  typical: number;
  /** Busy windows the median was taken over (fewer than minHistoryWindows: the floor was used). */
  historyWindows: number;
  fromHistory: boolean;
  /** The count at which a window is an alert. */
  threshold: number;
}

export interface WindowAssessment extends Baseline {
  count: number;
  alert: boolean;
  /** count / typical, for the alert's text. */
  ratio: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('the median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The officer's baseline from the counts of their past windows (zeros allowed: they are left out). */
export function baselineOf(history: readonly number[], s: BaselineSettings): Baseline {
  const busy = history.filter((c) => c > 0);
  const fromHistory = busy.length >= s.minHistoryWindows;
  const typical = fromHistory ? median(busy) : s.floor;
  return { typical, historyWindows: busy.length, fromHistory, threshold: Math.max(s.minCount, Math.ceil(s.multiplier * typical)) };
}

/** Whether a window's count is far above the officer's baseline. */
export function assessWindow(count: number, history: readonly number[], s: BaselineSettings): WindowAssessment {
  const b = baselineOf(history, s);
  return { ...b, count, alert: count >= b.threshold, ratio: count / b.typical };
}

export interface PurposeShare {
  city: string;
  uses: number;
}

export interface PurposeSpread {
  cities: number;
  total: number;
  alert: boolean;
}

/**
 * One officer's one purpose across the data-owning cities in one purpose window: an alert when it was used at
 * `purposeMinCities` or more cities and `purposeMinCount` times or more in all. A case reference usually concerns a
 * few cities; the same reference behind reads everywhere, at volume, reads like a pretext the auditors should see.
 */
export function assessPurposeSpread(shares: readonly PurposeShare[], s: Pick<OversightSettings, 'purposeMinCities' | 'purposeMinCount'>): PurposeSpread {
  const used = shares.filter((x) => x.uses > 0);
  const cities = new Set(used.map((x) => x.city)).size;
  const total = used.reduce((n, x) => n + x.uses, 0);
  return { cities, total, alert: cities >= s.purposeMinCities && total >= s.purposeMinCount };
}

const MINUTE_MS = 60_000;
/** Windows are aligned to the region's midnight (UTC+8), so a day's windows are the same in every city. */
export const WINDOW_ORIGIN = '2000-01-01T00:00:00+08:00';
const ORIGIN_MS = Date.parse(WINDOW_ORIGIN);

/** The start of the window of `minutes` that holds `at`. */
export function windowStartOf(at: Date, minutes: number): Date {
  const len = minutes * MINUTE_MS;
  return new Date(ORIGIN_MS + Math.floor((at.getTime() - ORIGIN_MS) / len) * len);
}
