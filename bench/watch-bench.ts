/**
 * `npm run bench:watch`: hit/no-hit of 10 identifiers against the joint watch, with WATCH_ENTRIES (default 100,000)
 * active entries per city, through the gateway, in one run: one city; all eight cities at the officer's home node from
 * its copy of the other cities' blind indexes (checkWatchRegion); and all eight asked one by one (a fan-out of checkWatch).
 * Also measures how long every node takes to copy the seven other cities' entries. Boots its own region (embedded
 * PostgreSQL unless DATABASE_URL is set) on ports offset by 25000.
 */
import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { keyFiles, loadSecret } from '@ypf/auth';
import { CITY_CODES } from '@ypf/region';
import { findFreePort, findRepoRoot, issueDevToken, startRegion } from '@ypf/region-runner';
import { withClient } from '@ypf/testing';
import { BlindIndex } from '../apps/city-node/src/core/blind-index.js';
import { cpuMsPer, cpuTicks, type CpuParts, type CpuTicks } from './proc.js';

const ENTRIES = Number(process.env.WATCH_ENTRIES ?? 100_000);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/** Each connection count is measured on its own, one city and eight cities side by side (default: 1 and 4). */
const CONNECTION_COUNTS = (process.env.BENCH_CONNECTIONS ?? '1,4').split(',').map(Number);

interface Row {
  scenario: string;
  connections: number;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  cpu: CpuTicks;
}

async function run(scenario: string, url: string, query: string, headers: Record<string, string>, connections: number, parts: CpuParts): Promise<Row> {
  const body = JSON.stringify({ query });
  await autocannon({ url, method: 'POST', headers, body, connections: 2, duration: 2 }); // warm-up
  const before = cpuTicks(parts);
  const r = await autocannon({ url, method: 'POST', headers, body, connections, duration: DURATION_S });
  const cpu = cpuMsPer(before, cpuTicks(parts), r.requests.total);
  return { scenario, connections, requestsPerSec: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx, cpu };
}

/** ENTRIES active entries with two identifiers each (random blind indexes), plus one real entry matching `hitToken`. */
async function seed(databaseUrl: string, city: string, hitToken: string | null): Promise<void> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO watch_entry (id, lead_city, status, category, action, legal_basis, decision_reference, offence, risk_level,
         participating_cities, review_date, description, identifiers, proposed_by, proposed_at, approved_by, approved_at, updated_at)
       SELECT $1 || ':' || upper(lpad(to_hex(g), 26, '0')), $1, 'ACTIVE', 'SERIOUS_CRIME_SUSPECT', 'DISCREET_CHECK', '刑事诉讼法 第82条', 'BENCH-' || g,
         'FRAUD', 'LOW', '{}', current_date + 200, 'bench entry', '[]', $1 || ':bench', now(), $1 || ':bench2', now(), now()
       FROM generate_series(1, $2) g`,
      [city, ENTRIES],
    );
    await c.query(
      `INSERT INTO watch_identifier (entry_id, token, kind)
       SELECT $1 || ':' || upper(lpad(to_hex(g), 26, '0')), encode(sha256(convert_to($1 || ':' || g || ':' || k, 'UTF8')), 'hex'), 'PHONE'
       FROM generate_series(1, $2) g, generate_series(1, 2) k`,
      [city, ENTRIES],
    );
    if (hitToken) {
      await c.query(
        `INSERT INTO watch_entry (id, lead_city, status, category, action, legal_basis, decision_reference, offence, risk_level,
           participating_cities, review_date, description, identifiers, proposed_by, proposed_at, approved_by, approved_at, updated_at)
         VALUES ($1 || ':0BENCHHIT0000000000000000', $1, 'ACTIVE', 'WANTED_ARREST', 'LOCATE_AND_ARREST', '刑事诉讼法 第81条', 'BENCH-HIT', 'FRAUD', 'HIGH',
           '{}', current_date + 200, 'bench hit', '[]', $1 || ':bench', now(), $1 || ':bench2', now(), now())`,
        [city],
      );
      await c.query(`INSERT INTO watch_identifier (entry_id, token, kind) VALUES ($1 || ':0BENCHHIT0000000000000000', $2, 'PHONE')`, [city, hitToken]);
    }
    // Every active entry is a change of the lead city's feed, as approval makes it; the other nodes copy them.
    await c.query(`INSERT INTO watch_replica_feed (entry_id) SELECT id FROM watch_entry WHERE status = 'ACTIVE' ORDER BY id`);
    await c.query('ANALYZE watch_entry; ANALYZE watch_identifier; ANALYZE watch_replica_feed');
  } finally {
    await c.end();
  }
}

/**
 * How long a new entry takes to reach every other node's copy: an entry proposed and approved at nanjing through the
 * gateway, then each other city's database polled every 10 ms until its copy holds the entry. Returns ms per round.
 */
async function copyLag(gatewayUrl: string, keysDir: string, cityDatabaseUrls: Record<string, string>, rounds: number): Promise<number[]> {
  const post = async (role: string, query: string, variables: Record<string, unknown> = {}) => {
    const token = issueDevToken({ keysDir, city: 'nanjing', role, ttlSeconds: 600, scope: 'home' });
    const r = (await fetch(gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) }).then((x) => x.json())) as {
      data?: { nanjing: Record<string, { id: string }> };
      errors?: unknown[];
    };
    if (r.errors || !r.data) throw new Error(`copy lag: ${JSON.stringify(r.errors)}`);
    return Object.values(r.data.nanjing)[0].id;
  };
  const others = CITY_CODES.filter((c) => c !== 'nanjing');
  const clients = await Promise.all(others.map(async (c) => {
    const client = new pg.Client({ connectionString: cityDatabaseUrls[c] });
    await client.connect();
    return client;
  }));
  const lags: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const id = await post('LIAISON_OFFICER', 'mutation($input: WatchEntryInput!) { nanjing { proposeWatchEntry(input: $input) { id } } }', {
        input: {
          category: 'WANTED_ARREST', legalBasis: '刑事诉讼法 第81条', decisionReference: `BENCH-LAG-${i}`, offence: 'FRAUD', riskLevel: 'HIGH',
          participatingCities: [], reviewDate: new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10),
          identifiers: [{ kind: 'PHONE', value: `1380000${String(1000 + i)}` }], description: 'bench entry for the copy lag',
        },
      });
      const approved = Date.now();
      await post('SUPERVISOR', `mutation { nanjing { approveWatchEntry(id: "${id}") { id } } }`);
      const waiting = new Set(clients);
      while (waiting.size) {
        if (Date.now() - approved > 60_000) throw new Error(`copy lag: ${id} not in every copy after 60 s`);
        for (const c of [...waiting]) if ((await c.query('SELECT 1 FROM watch_replica WHERE entry_id = $1', [id])).rowCount) waiting.delete(c);
        if (waiting.size) await new Promise((r) => setTimeout(r, 10));
      }
      lags.push(Date.now() - approved);
    }
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  return lags;
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot(process.cwd());
  const dataDir = mkdtempSync(join(tmpdir(), 'ypf-bench-watch-'));
  const region = await startRegion({
    dataDir,
    repoRoot,
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgPort: await findFreePort(),
    pgFsync: false,
    dbPrefix: 'ypf_bench_watch',
    fresh: true,
    portOffset: 25000,
    nodeEnv: 'production',
    demoSeed: false,
    env: { PATH: process.env.PATH },
    // The rates that limit guessing are far above what one officer does; the bench is one officer checking flat out.
    nodeEnvExtra: { INDEX_EVALUATIONS_PER_MINUTE: '1000000', IDENTIFIER_CHECKS_PER_MINUTE: '1000000' },
  });
  try {
    const phones = Array.from({ length: 10 }, (_, i) => `1391234${String(5670 + i).padStart(4, '0')}`);
    // The hit entry's index, as its lead city computes it with its own key.
    const hitToken = (city: string) => new BlindIndex(loadSecret(join(region.keysDir, keyFiles.indexKey(city))), city).token('PHONE', phones[0]);
    const seeded = Date.now();
    // Two cities hold a hit on the first identifier; the other checks miss everywhere.
    for (const city of CITY_CODES) await seed(region.cityDatabaseUrls[city], city, city === 'nanjing' || city === 'suzhou' ? hitToken(city) : null);
    const seedSeconds = (Date.now() - seeded) / 1000;

    // Every node copies the seven other cities' feeds on its schedule (WATCH_REPLICA_SYNC_MS); wait until all are in.
    const copied = Date.now();
    const feedEnd = Object.fromEntries(
      await Promise.all(CITY_CODES.map(async (c) => [c, await withClient(region.cityDatabaseUrls[c], async (db) => (await db.query('SELECT max(seq)::text AS s FROM watch_replica_feed')).rows[0].s as string)] as const)),
    );
    for (const city of CITY_CODES) {
      for (;;) {
        const behind = await withClient(region.cityDatabaseUrls[city], async (db) => {
          const rows = (await db.query('SELECT city, after_seq::text AS a FROM watch_replica_peer')).rows as { city: string; a: string }[];
          return CITY_CODES.filter((p) => p !== city && BigInt(rows.find((r) => r.city === p)?.a ?? '0') < BigInt(feedEnd[p]));
        });
        if (!behind.length) break;
        if (Date.now() - copied > 30 * 60_000) throw new Error(`${city}'s copy still behind ${behind.join(', ')} after 30 minutes`);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    const copySeconds = (Date.now() - copied) / 1000;
    const copyRows = await withClient(region.cityDatabaseUrls.wuxi, async (db) => Number((await db.query('SELECT count(*) AS n FROM watch_replica')).rows[0].n));
    for (const city of CITY_CODES) await withClient(region.cityDatabaseUrls[city], (db) => db.query('ANALYZE watch_replica'));

    // The check is made at the officer's home node (wuxi), with the home token.
    const token = issueDevToken({ keysDir: region.keysDir, city: 'wuxi', role: 'LIAISON_OFFICER', ttlSeconds: 3600, scope: 'home' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'BENCH traffic stop' };
    const identifiers = phones.map((value) => `{ kind: PHONE, value: "${value}" }`).join(', ');
    const check = (cities?: readonly string[]) =>
      `{ region { wuxi { checkWatchRegion(identifiers: [${identifiers}]${cities ? `, cities: ${JSON.stringify(cities)}` : ''}) { hit matches { reference leadCity accessLevel action } cities { city answeredFrom } } } } }`;
    type Answer = { data?: { region: { wuxi: { checkWatchRegion: { matches: { leadCity: string }[]; cities: { city: string; answeredFrom: string }[] } } } }; errors?: unknown };
    const ask = async (q: string) => ((await fetch(region.gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query: q }) }).then((r) => r.json())) as Answer).data?.region.wuxi.checkWatchRegion;
    const region8 = await ask(check());
    if (!region8 || region8.matches.map((m) => m.leadCity).sort().join() !== 'nanjing,suzhou' || region8.cities.some((c) => c.answeredFrom !== (c.city === 'wuxi' ? 'LOCAL' : 'REPLICA'))) {
      throw new Error(`expected the home check to hit at nanjing and suzhou, each city evaluating, got ${JSON.stringify(region8).slice(0, 800)}`);
    }
    const one = await ask(check(['nanjing']));
    if (!one || one.matches.map((m) => m.leadCity).join() !== 'nanjing' || one.cities.map((c) => `${c.city}:${c.answeredFrom}`).join() !== 'nanjing:REPLICA') {
      throw new Error(`expected the one-city check to hit at nanjing, got ${JSON.stringify(one).slice(0, 800)}`);
    }

    // The approval's time is taken before the approve request, so each figure includes that request's own time.
    const lags = (await copyLag(region.gatewayUrl, region.keysDir, region.cityDatabaseUrls, 9)).sort((a, b) => a - b);

    const parts: CpuParts = { gateway: region.pids.gateway, nodes: CITY_CODES.map((c) => region.pids[c]), postgres: region.pids.postgres };
    const rows: Row[] = [];
    for (const connections of CONNECTION_COUNTS) {
      rows.push(await run('1 city (nanjing evaluates, compared with the copy at wuxi)', region.gatewayUrl, check(['nanjing']), headers, connections, parts));
      rows.push(await run('all 8 cities (7 evaluate in parallel; wuxi its own entries)', region.gatewayUrl, check(), headers, connections, parts));
      rows.push(await run('own city only (wuxi, no other city asked)', region.gatewayUrl, check(['wuxi']), headers, connections, parts));
    }
    const oneCity = (r: Row) => rows.find((o) => o.connections === r.connections)!;
    const pg = (ms: number) => (parts.postgres ? ms.toFixed(2) : '–');
    const lines = [
      `Measured ${new Date().toISOString()}, node ${process.version}, ${ENTRIES.toLocaleString('en')} active entries per city (${(2 * ENTRIES).toLocaleString('en')} blind indexes), seeded in ${seedSeconds.toFixed(1)} s; every node copied the other seven cities' feeds (${copyRows.toLocaleString('en')} blind indexes at wuxi) in ${copySeconds.toFixed(1)} s; a new entry approved at nanjing reached all seven other copies in ${lags[Math.floor(lags.length / 2)]} ms (median of ${lags.length}; ${lags[0]}–${lags[lags.length - 1]} ms, approve request included); 10 identifiers per check (one hits at nanjing and suzhou), checked at wuxi through the gateway, ${DURATION_S} s per scenario; every check is audited at wuxi, and each city that evaluates the blinded identifiers audits and counts the evaluation.`,
      '',
      '| scenario | connections | checks/s | p50 ms | p99 ms | errors | p99 vs 1 city | CPU ms per check: gateway / nodes / PostgreSQL |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
      ...rows.map(
        (r) =>
          `| ${r.scenario} | ${r.connections} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${r.errors} | ${(r.p99 / oneCity(r).p99).toFixed(2)} | ${r.cpu.gateway.toFixed(2)} / ${r.cpu.nodes.toFixed(2)} / ${pg(r.cpu.postgres)} |`,
      ),
    ];
    console.log(lines.join('\n'));
    mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
    writeFileSync(join(repoRoot, 'bench/results/watch-bench.md'), lines.join('\n') + '\n');
  } finally {
    await region.stop();
  }
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
