import { parseCaseCsv } from './case-csv.js';

describe('parseCaseCsv', () => {
  it('parses a clean file with columns in any order and quoted fields', () => {
    const r = parseCaseCsv('count,category,area,period_start\n12,theft_robbery,gulou,2026-11-28T00:00:00+08:00\n3,FRAUD,"jianye",2026-11-28T00:00:00+08:00\n');
    expect(r.errors).toEqual([]);
    expect(r.rows).toEqual([
      { category: 'THEFT_ROBBERY', area: 'gulou', periodStart: '2026-11-28T00:00:00+08:00', count: 12 },
      { category: 'FRAUD', area: 'jianye', periodStart: '2026-11-28T00:00:00+08:00', count: 3 },
    ]);
  });

  it('reports every bad row with its number and column, and returns no rows at all', () => {
    const csv = [
      'category,area,period_start,count',
      'THEFT_ROBBERY,gulou,2026-11-28T00:00:00Z,5',
      'ETHNICITY,gulou,2026-11-28T00:00:00Z,5',
      'FRAUD,gulou,yesterday,5',
      'FRAUD,gulou,2026-11-28T00:00:00Z,-1',
      'FRAUD,gulou,2026-11-28T00:00:00Z,many',
      'FRAUD,gulou',
      'THEFT_ROBBERY,gulou,2026-11-28T00:00:00Z,7',
    ].join('\n');
    const r = parseCaseCsv(csv);
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'category'],
      [4, 'period_start'],
      [5, 'count'],
      [6, 'count'],
      [7, null],
      [8, null],
    ]);
    expect(r.errors[3].message).toBe('"many" is not a whole number');
    expect(r.errors[5].message).toBe('repeats row 2 (same category, area and period)');
  });

  it('refuses a file without the required header', () => {
    expect(parseCaseCsv('cat,area,count\nFRAUD,a,1').errors[0]).toEqual({ row: 1, column: null, message: 'the header must name the columns category, area, period_start, count; missing: category, period_start' });
    expect(parseCaseCsv('').errors[0].row).toBe(1);
  });
});
