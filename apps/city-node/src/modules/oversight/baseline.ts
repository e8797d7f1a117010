import type { OversightSettings } from '../../config/node-config.js';

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
