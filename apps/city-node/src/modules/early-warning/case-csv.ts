import { z } from 'zod';
import { CRIME_CATEGORIES } from '@ypf/region';
import { timestampSchema } from '../../core/input-schemas.js';

export const MAX_CSV_ROWS = 10_000;
export const MAX_CSV_BYTES = 1024 * 1024;
export const CSV_COLUMNS = ['category', 'area', 'period_start', 'count'] as const;

export const areaSchema = z.string().trim().regex(/^[A-Za-z0-9_\-\u4e00-\u9fff]{1,60}$/, 'must be an area or district code (letters, digits, - or _, or Chinese), e.g. gulou; ALL for the whole city');

export const caseCountSchema = z
  .object({
    category: z.enum(CRIME_CATEGORIES),
    area: areaSchema,
    periodStart: timestampSchema,
    count: z.number().int('must be a whole number').min(0, 'must be 0 or more').max(1_000_000, 'must be at most 1,000,000'),
  })
  .strict();
export type CaseCount = z.output<typeof caseCountSchema>;

export interface CsvRowError {
  row: number;
  column: string | null;
  message: string;
}

/** Splits one CSV line (RFC 4180 quoting: "a,b" and "" inside quotes). */
function splitLine(line: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      }
      else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur === '') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    }
    else cur += ch;
  }
  if (quoted) return null;
  out.push(cur);
  return out.map((c) => c.trim());
}

/**
 * Parses a case-count CSV (header: category, area, period_start, count, in any order). Every row is checked and
 * every problem reported with its row number (the header is row 1); the caller imports only a file without errors.
 */
export function parseCaseCsv(text: string): { rows: CaseCount[]; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  if (Buffer.byteLength(text, 'utf8') > MAX_CSV_BYTES) return { rows: [], errors: [{ row: 0, column: null, message: `the file is larger than ${MAX_CSV_BYTES} bytes; split it` }] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const header = lines.length ? splitLine(lines[0])?.map((h) => h.toLowerCase()) : null;
  const missing = CSV_COLUMNS.filter((c) => !header?.includes(c));
  if (!header || missing.length) {
    return { rows: [], errors: [{ row: 1, column: null, message: `the header must name the columns ${CSV_COLUMNS.join(', ')}; missing: ${missing.join(', ') || 'all'}` }] };
  }
  if (lines.length - 1 > MAX_CSV_ROWS) return { rows: [], errors: [{ row: 0, column: null, message: `the file has ${lines.length - 1} rows; at most ${MAX_CSV_ROWS} per import` }] };
  if (lines.length === 1) return { rows: [], errors: [{ row: 1, column: null, message: 'the file has a header and no rows' }] };
  const rows: CaseCount[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const rowNo = i + 1;
    if (lines[i].trim() === '') {
      errors.push({ row: rowNo, column: null, message: 'empty row' });
      continue;
    }
    const cells = splitLine(lines[i]);
    if (!cells) {
      errors.push({ row: rowNo, column: null, message: 'unbalanced quotes' });
      continue;
    }
    if (cells.length !== header.length) {
      errors.push({ row: rowNo, column: null, message: `has ${cells.length} fields; the header has ${header.length}` });
      continue;
    }
    const cell = (c: string) => cells[header.indexOf(c)];
    const rawCount = cell('count');
    const parsed = caseCountSchema.safeParse({
      category: cell('category').toUpperCase(),
      area: cell('area'),
      periodStart: cell('period_start'),
      count: /^-?\d+$/.test(rawCount) ? Number(rawCount) : Number.NaN,
    });
    if (!parsed.success) {
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const column = field === 'periodStart' ? 'period_start' : field || null;
        // One message per cell: the first says what is expected.
        if (reported.has(field)) continue;
        reported.add(field);
        const message = field === 'count' && !/^-?\d+$/.test(rawCount) ? `"${rawCount.slice(0, 20)}" is not a whole number` : issue.message;
        errors.push({ row: rowNo, column, message });
      }
      continue;
    }
    const key = `${parsed.data.category}|${parsed.data.area}|${Date.parse(parsed.data.periodStart)}`;
    const first = seen.get(key);
    if (first) {
      errors.push({ row: rowNo, column: null, message: `repeats row ${first} (same category, area and period)` });
      continue;
    }
    seen.set(key, rowNo);
    rows.push(parsed.data);
  }
  return { rows: errors.length ? [] : rows, errors };
}
