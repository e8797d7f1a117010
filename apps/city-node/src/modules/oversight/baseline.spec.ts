import { assessPurposeSpread, assessWindow, baselineOf, median, windowStartOf } from './baseline.js';

const s = { minHistoryWindows: 5, floor: 20, multiplier: 5, minCount: 50 };

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3])).toBe(3);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

describe('an officer\'s baseline', () => {
  it('is the median of their busy windows; idle windows do not pull it to zero', () => {
    const b = baselineOf([0, 0, 12, 0, 8, 10, 0, 14, 9, 0, 0], s);
    expect(b).toEqual({ typical: 10, historyWindows: 5, fromHistory: true, threshold: 50 });
  });

  it('is not raised by one earlier burst (a mean would be)', () => {
    const history = [10, 11, 9, 10, 12, 400];
    expect(baselineOf(history, s).typical).toBe(10.5);
    expect(history.reduce((a, b) => a + b) / history.length).toBeGreaterThan(75);
  });

  it('is the floor for an officer with too little history', () => {
    expect(baselineOf([3, 4, 2, 0], s)).toEqual({ typical: 20, historyWindows: 3, fromHistory: false, threshold: 100 });
    expect(baselineOf([], s)).toMatchObject({ typical: 20, historyWindows: 0, fromHistory: false });
  });

  it('alerts at multiplier × typical, but never below the minimum count', () => {
    const busy = [30, 32, 28, 31, 29, 30];
    expect(baselineOf(busy, s).threshold).toBe(150);
    const quiet = [1, 2, 1, 1, 2, 1];
    expect(baselineOf(quiet, s).threshold).toBe(50);
    // a fractional typical rounds the threshold up
    expect(baselineOf([11, 12, 11, 12, 11, 12], { ...s, minCount: 1 }).threshold).toBe(58);
  });
});

describe('assessing a window', () => {
  const history = [3, 4, 2, 3, 5, 3, 4, 2];

  it('raises a burst far above the officer\'s typical window', () => {
    const a = assessWindow(60, history, { ...s, minCount: 20 });
    expect(a).toMatchObject({ alert: true, typical: 3, threshold: 20, count: 60, ratio: 20 });
  });

  it('keeps a normal window, and a small rise of a quiet officer, quiet', () => {
    expect(assessWindow(4, history, s).alert).toBe(false);
    expect(assessWindow(16, history, s).alert).toBe(false); // 5 × typical, but under the minimum count
  });

  it('alerts exactly at the threshold', () => {
    expect(assessWindow(49, history, s).alert).toBe(false);
    expect(assessWindow(50, history, s).alert).toBe(true);
  });

  it('measures an officer without history against the floor', () => {
    expect(assessWindow(99, [], s).alert).toBe(false);
    expect(assessWindow(100, [], s)).toMatchObject({ alert: true, fromHistory: false, ratio: 5 });
  });
});

describe('one purpose across cities', () => {
  const p = { purposeMinCities: 3, purposeMinCount: 100 };

  it('alerts when the purpose is used at enough cities, at volume', () => {
    expect(assessPurposeSpread([{ city: 'nanjing', uses: 40 }, { city: 'suzhou', uses: 35 }, { city: 'taizhou', uses: 30 }], p)).toEqual({ cities: 3, total: 105, alert: true });
  });

  it('does not alert on volume at too few cities, nor on many cities at low volume', () => {
    expect(assessPurposeSpread([{ city: 'nanjing', uses: 400 }, { city: 'suzhou', uses: 300 }], p).alert).toBe(false);
    expect(assessPurposeSpread(['nanjing', 'suzhou', 'taizhou', 'wuxi', 'yangzhou'].map((city) => ({ city, uses: 10 })), p)).toEqual({ cities: 5, total: 50, alert: false });
  });

  it('counts a city once and ignores empty shares', () => {
    expect(assessPurposeSpread([{ city: 'nanjing', uses: 60 }, { city: 'nanjing', uses: 60 }, { city: 'suzhou', uses: 0 }, { city: 'taizhou', uses: 5 }], p)).toEqual({ cities: 2, total: 125, alert: false });
  });
});

describe('windows', () => {
  it('are aligned to the region\'s midnight (UTC+8)', () => {
    expect(windowStartOf(new Date('2026-12-01T15:47:12+08:00'), 60).toISOString()).toBe('2026-12-01T07:00:00.000Z');
    expect(windowStartOf(new Date('2026-12-01T15:47:12+08:00'), 1440).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(windowStartOf(new Date('2026-12-01T00:10:00+08:00'), 15).toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });
});
