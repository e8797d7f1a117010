/**
 * `node dist/bench/oversight-bench.js`: what the misuse scan costs on a long audit log. Writes OVERSIGHT_BENCH_ENTRIES
 * (default 1,000,000) audit entries over 15 days into a scratch database (DATABASE_URL names the server; default the
 * local one), then times each step of the scan as the job runs it: the first start (binary search), counting in
 * batches, the judging queries, and a run with nothing new. Two shapes: every entry its own officer, hour and purpose
 * (the worst case for the counts), and officers working one case a day (closer to life).
 */
import { DataSource } from 'typeorm';
import { withClient } from '@ypf/testing';
import { openMigratedDataSource } from '../apps/city-node/src/database/migrate.js';
import { OversightRepository } from '../apps/city-node/src/modules/oversight/oversight.repository.js';

const ENTRIES = Number(process.env.OVERSIGHT_BENCH_ENTRIES ?? 1_000_000);
const SERVER = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 5_000;
const DAY_MS = 86_400_000;

/** Officers and their purposes: 21,000 officers with 5,000 cases between them, or 700 officers each on one case a day. */
const SHAPES = {
  worst: { officer: `g % 3000`, purpose: `'CASE-' || (g % 5000)` },
  typical: { officer: `g % 100`, purpose: `'CASE-' || (g % 700) || '-' || floor(g * 15.0 / $1)` },
};

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const r = await fn();
  return [r, performance.now() - start];
}

async function run(shape: keyof typeof SHAPES): Promise<string[]> {
  const name = `ypf_bench_oversight_${shape}`;
  await withClient(SERVER, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = SERVER.replace(/\/[^/]*$/, `/${name}`);
  let ds: DataSource | undefined;
  try {
    ds = await openMigratedDataSource(url, 2);
    // Officers of the seven other cities, a third of the entries checks; hashes are not needed to count.
    await ds.query(
      `INSERT INTO audit_entry (seq, at, actor_id, actor_city, actor_roles, purpose, action, resource_kind, resource_ids, access_level, outcome, detail, prev_hash, hash)
       SELECT g, now() - interval '15 days' + (g::float / $1) * interval '15 days',
              (ARRAY['wuxi','suzhou','nanjing','changzhou','nantong','yangzhou','zhenjiang'])[1 + g % 7] || ':officer-' || (${SHAPES[shape].officer}),
              (ARRAY['wuxi','suzhou','nanjing','changzhou','nantong','yangzhou','zhenjiang'])[1 + g % 7],
              ARRAY['ANALYST'], ${SHAPES[shape].purpose}, CASE WHEN g % 3 = 0 THEN 'watch.check' ELSE 'intelligence.search' END,
              'intelligence_report', ARRAY[]::text[], 'SUMMARY', 'OK', NULL, repeat('0', 64), repeat('0', 64)
         FROM generate_series(1, $1) g`,
      [ENTRIES],
    );
    await ds.query('ANALYZE audit_entry');
    const repo = new OversightRepository(ds.manager);
    const [start, findMs] = await timed(() => repo.firstSeqAtOrAfter(new Date(Date.now() - 14 * DAY_MS)));
    let cursor = start - 1;
    let worst = 0;
    let batches = 0;
    const [, countMs] = await timed(async () => {
      for (;;) {
        const [b, ms] = await timed(() => ds!.transaction((em) => new OversightRepository(em).countBatch(cursor, BATCH, 'taizhou', 60)));
        worst = Math.max(worst, ms);
        batches++;
        if (b.lastSeq === null || b.scanned < BATCH) break;
        cursor = b.lastSeq;
      }
    });
    const [[{ n: rows }]] = await timed(() => ds!.query('SELECT count(*)::int AS n FROM oversight_usage'));
    const [, candidatesMs] = await timed(() => repo.volumeCandidates(new Date(Date.now() - DAY_MS), 50));
    const [, historyMs] = await timed(() => repo.history('suzhou:officer-1', new Date(Date.now() - 15 * DAY_MS), new Date()));
    const [, purposesMs] = await timed(() => repo.changedPurposeTotals('taizhou', 24, new Date(Date.now() - 2 * DAY_MS), 5));
    const [, clearMs] = await timed(() => repo.clearPending());
    const [, idleMs] = await timed(() => ds!.transaction((em) => new OversightRepository(em).countBatch(cursor, BATCH, 'taizhou', 60)));
    const f = (ms: number) => ms.toFixed(ms < 10 ? 1 : 0);
    return [
      `| ${shape} | ${(ENTRIES - start + 1).toLocaleString('en')} | ${rows.toLocaleString('en')} | ${f(findMs)} | ${f(countMs)} (${batches} batches, worst ${f(worst)}) | ${f(candidatesMs)} | ${f(historyMs)} | ${f(purposesMs)} | ${f(clearMs)} | ${f(idleMs)} |`,
    ];
  } finally {
    await ds?.destroy();
    await withClient(SERVER, (c) => c.query(`DROP DATABASE IF EXISTS ${name}`));
  }
}

async function main(): Promise<void> {
  const lines = [
    `Audit log of ${ENTRIES.toLocaleString('en')} entries over 15 days; the scan reads the last 14 (ms).`,
    '',
    '| shape | entries counted | count rows | find start | count | volume candidates | one officer\'s history | purpose totals | clear pending | run with nothing new |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const shape of Object.keys(SHAPES) as (keyof typeof SHAPES)[]) lines.push(...(await run(shape)));
  console.log(lines.join('\n'));
}

void main();
