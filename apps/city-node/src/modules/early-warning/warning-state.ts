import { levelRank, WARNING_LEVELS, type WarningLevel } from '@ypf/region';

export type Thresholds = Record<WarningLevel, number>;

/** The level a value reaches: the highest threshold it meets, none below the minimum count. */
export function levelOf(value: number, count: number, thresholds: Thresholds, minCount: number): WarningLevel | null {
  if (count < minCount) return null;
  let level: WarningLevel | null = null;
  for (const l of WARNING_LEVELS) if (value >= thresholds[l]) level = l;
  return level;
}

/**
 * One-sided CUSUM of the monitored buckets against the baseline buckets' mean, in standard deviations (Page's
 * S_t = max(0, S_{t-1} + z_t - k)). The deviation is at least the Poisson one, sqrt(max(mean, 1)), so a flat baseline
 * of small counts does not make every case an alarm.
 */
export function cusum(baseline: number[], monitored: number[], k: number): { value: number; mean: number; sd: number } {
  const mean = baseline.length ? baseline.reduce((a, b) => a + b, 0) / baseline.length : 0;
  const variance = baseline.length > 1 ? baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / (baseline.length - 1) : 0;
  const sd = Math.max(Math.sqrt(variance), Math.sqrt(Math.max(mean, 1)));
  let s = 0;
  for (const x of monitored) s = Math.max(0, s + (x - mean) / sd - k);
  return { value: s, mean, sd };
}

export interface RuleState {
  /** The open episode's level, or null when none is open. */
  level: WarningLevel | null;
  candidateLevel: WarningLevel | null;
  candidateSince: Date | null;
  clearSince: Date | null;
}

export type StateEffect = { kind: 'FIRE'; level: WarningLevel } | { kind: 'ESCALATE'; from: WarningLevel; level: WarningLevel } | { kind: 'RESOLVE'; from: WarningLevel } | null;

/**
 * Advances a rule by one evaluation. It fires once per episode, only after the level has held for `holdMs`, at the
 * lowest level seen during the hold; it escalates (never de-escalates) the same way; it resolves only after the value
 * stayed below the blue threshold less the hysteresis for `holdMs`. Pure: the service persists the state and acts.
 */
export function advance(
  state: RuleState,
  measured: WarningLevel | null,
  clear: boolean,
  now: Date,
  holdMs: number,
): { state: RuleState; effect: StateEffect } {
  const next: RuleState = { ...state };
  const held = (since: Date | null) => since !== null && now.getTime() - since.getTime() >= holdMs;
  const above = levelRank(measured) > levelRank(state.level);
  if (above) {
    next.candidateLevel = next.candidateLevel && levelRank(next.candidateLevel) < levelRank(measured) ? next.candidateLevel : measured;
    next.candidateSince ??= now;
  } else {
    next.candidateLevel = null;
    next.candidateSince = null;
  }
  if (state.level && clear) next.clearSince ??= now;
  else next.clearSince = null;

  if (above && held(next.candidateSince)) {
    const level = next.candidateLevel!;
    const effect: StateEffect = state.level ? { kind: 'ESCALATE', from: state.level, level } : { kind: 'FIRE', level };
    return { state: { level, candidateLevel: null, candidateSince: null, clearSince: null }, effect };
  }
  if (state.level && held(next.clearSince)) {
    return { state: { level: null, candidateLevel: null, candidateSince: null, clearSince: null }, effect: { kind: 'RESOLVE', from: state.level } };
  }
  return { state: next, effect: null };
}
