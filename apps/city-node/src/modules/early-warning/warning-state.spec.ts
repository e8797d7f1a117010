import { advance, cusum, levelOf, type RuleState, type Thresholds } from './warning-state.js';

const T: Thresholds = { BLUE: 10, YELLOW: 20, ORANGE: 30, RED: 40 };
const at = (min: number) => new Date(Date.UTC(2026, 10, 29, 8, min));
const HOLD = 30 * 60_000;
const none: RuleState = { level: null, candidateLevel: null, candidateSince: null, clearSince: null };

describe('levelOf', () => {
  it('gives the highest threshold met, and nothing under the minimum count', () => {
    expect(levelOf(9, 9, T, 5)).toBeNull();
    expect(levelOf(10, 10, T, 5)).toBe('BLUE');
    expect(levelOf(35, 35, T, 5)).toBe('ORANGE');
    expect(levelOf(400, 400, T, 5)).toBe('RED');
    expect(levelOf(35, 4, T, 5)).toBeNull();
  });
});

describe('cusum', () => {
  it('stays at zero on baseline-like counts and grows on a sustained rise', () => {
    const baseline = [10, 12, 9, 11, 10, 8, 12, 10];
    expect(cusum(baseline, [10, 11, 9], 0.5).value).toBe(0);
    const rise = cusum(baseline, [16, 18, 20], 0.5);
    expect(rise.mean).toBeCloseTo(10.25, 2);
    expect(rise.value).toBeGreaterThan(4);
  });

  it('uses at least the Poisson deviation on a flat baseline', () => {
    expect(cusum([4, 4, 4, 4], [6], 0).sd).toBe(2);
  });
});

describe('advance', () => {
  it('fires only after the level held, once, at the lowest level seen during the hold', () => {
    let r = advance(none, 'RED', false, at(0), HOLD);
    expect(r.effect).toBeNull();
    r = advance(r.state, 'ORANGE', false, at(10), HOLD);
    expect(r.effect).toBeNull();
    r = advance(r.state, 'RED', false, at(31), HOLD);
    expect(r.effect).toEqual({ kind: 'FIRE', level: 'ORANGE' });
    const again = advance(r.state, 'ORANGE', false, at(40), HOLD);
    expect(again.effect).toBeNull();
    expect(again.state.level).toBe('ORANGE');
  });

  it('forgets a candidate that did not hold', () => {
    let r = advance(none, 'ORANGE', false, at(0), HOLD);
    r = advance(r.state, null, false, at(10), HOLD);
    r = advance(r.state, 'ORANGE', false, at(35), HOLD);
    expect(r.effect).toBeNull();
    expect(r.state.candidateSince).toEqual(at(35));
  });

  it('escalates when a higher level holds, never de-escalates, and resolves after the clear condition held', () => {
    const open: RuleState = { ...none, level: 'ORANGE' };
    let r = advance(open, 'RED', false, at(0), HOLD);
    r = advance(r.state, 'RED', false, at(30), HOLD);
    expect(r.effect).toEqual({ kind: 'ESCALATE', from: 'ORANGE', level: 'RED' });
    r = advance(r.state, 'BLUE', false, at(40), HOLD);
    expect(r.effect).toBeNull();
    expect(r.state.level).toBe('RED');
    r = advance(r.state, null, true, at(50), HOLD);
    r = advance(r.state, 'BLUE', false, at(60), HOLD); // bounced back above the clear line: the hold starts again
    r = advance(r.state, null, true, at(70), HOLD);
    r = advance(r.state, null, true, at(99), HOLD);
    expect(r.effect).toBeNull();
    r = advance(r.state, null, true, at(100), HOLD);
    expect(r.effect).toEqual({ kind: 'RESOLVE', from: 'RED' });
    expect(r.state.level).toBeNull();
  });

  it('acts at once with no hold', () => {
    expect(advance(none, 'YELLOW', false, at(0), 0).effect).toEqual({ kind: 'FIRE', level: 'YELLOW' });
  });
});
