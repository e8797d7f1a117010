/**
 * `npm run bench`: boots the region (embedded PostgreSQL unless DATABASE_URL is set) on ports offset by 20000 and
 * measures, in one run on this machine: time to ready, the region's total RSS, and requests/s + latency for the
 * same cross-city search sent (1) straight to a city's subgraph, (2) through the gateway to 1 city, (3) to 3 and
 * (4) to all 8 cities; the 1- and 8-city queries also through reference gateways over the same supergraph
 * (bench/reference-gateways.ts: Apollo Gateway defaults, Hive Gateway with and without request deduplication, Hive
 * with the Rust query planner), and a light query (code and name only) to tell node work from gateway overhead.
 * Ratios matter more than absolutes: the machine is shared and noisy.
 * BENCH_REFERENCES=0 leaves the reference gateways out (bench/runtimes.ts: our region on two runtimes); BENCH_NODE,
 * BENCH_RESULTS_FILE, BENCH_JSON_FILE: see bench/bench-env.ts.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITY_CODES } from '@ypf/region';
import { findFreePort, findRepoRoot, issueDevToken, MEMORY_ENV, startRegion } from '@ypf/region-runner';
import { BENCH_NODE, runtimeNote, writeJson, writeResults } from './bench-env.js';
import { cpuMsPer, cpuTicks, type CpuParts, treeRssMb } from './proc.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
/**
 * Our eight-city scenario runs once before the reference gateways and once after them: node CPU per request keeps
 * falling over a run, so whichever runs first is at a disadvantage. The comparison with the reference gateways uses
 * the mean of the two runs.
 */
const AGAIN = 'our gateway, 8 cities, again after the reference gateways';
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const HEAVY = '{ code searchIntelligence(filter: { categories: [TELECOM_FRAUD] }) { total results { id accessLevel } } }';
const LIGHT = '{ code nameZh }';

const REFERENCE_GATEWAYS = {
  apollo: 'Apollo Gateway (defaults)',
  hive: 'Hive Gateway (defaults)',
  'hive-dedup': 'Hive Gateway, inbound dedup on Authorization',
  'hive-nodedup': 'Hive Gateway, no dedup',
  'hive-rust': 'Hive Gateway, Rust query planner',
} as const;
type ReferenceKind = keyof typeof REFERENCE_GATEWAYS;
/** The reference gateways this run starts: all, or none with BENCH_REFERENCES=0. */
const KINDS: ReferenceKind[] = process.env.BENCH_REFERENCES === '0' ? [] : (Object.keys(REFERENCE_GATEWAYS) as ReferenceKind[]);

interface ReferenceGateway {
  kind: ReferenceKind;
  url: string;
  child: ChildProcess;
}

interface Row {
  scenario: string;
  query: 'search' | 'light';
  /** First response of the scenario, checked before the load: 'ok' or what was wrong with it. */
  check: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU milliseconds per answered request, by part: the gateway under test, the eight nodes, PostgreSQL (embedded only). */
  cpu: { gateway: number; nodes: number; postgres: number | null };
}

/** One request before the load: a 200 with data and no GraphQL errors, or a short reason. */
async function checkAnswer(url: string, body: string, headers: Record<string, string>): Promise<string> {
  try {
    const res = await fetch(url, { method: 'POST', headers, body });
    const json = (await res.json()) as { data?: unknown; errors?: { message: string }[] };
    if (res.status !== 200) return `HTTP ${res.status}`;
    if (json.errors?.length) return `error: ${json.errors[0].message.slice(0, 80)}`;
    return json.data ? 'ok' : 'no data';
  } catch (e) {
    return `failed: ${(e as Error).message.slice(0, 80)}`;
  }
}

/**
 * Each connection is its own officer session (its own token), as on a real gateway: deduplication keyed on the
 * Authorization header then merges only an officer's own identical requests. `sameOfficer` sends one token on every
 * connection, the case where deduplication merges everything in flight.
 */
async function run(
  scenario: string,
  query: Row['query'],
  url: string,
  graphql: string,
  headers: Record<string, string>,
  tokens: readonly string[],
  parts: CpuParts,
  sameOfficer = false,
): Promise<Row> {
  const body = JSON.stringify({ query: graphql });
  const check = await checkAnswer(url, body, { ...headers, authorization: `Bearer ${tokens[0]}` });
  let next = 0;
  const perConnection = (request: autocannon.Request, context: { token?: string }): autocannon.Request => {
    context.token ??= tokens[sameOfficer ? 0 : next++ % tokens.length];
    return { ...request, headers: { ...headers, authorization: `Bearer ${context.token}` } };
  };
  const requests = [{ method: 'POST' as const, body, setupRequest: perConnection as (r: autocannon.Request, c: object) => autocannon.Request }];
  // warm-up (query plan cache, connection pools, JIT)
  await autocannon({ url, requests, connections: 4, duration: 2 });
  const before = cpuTicks(parts);
  const r = await autocannon({ url, requests, connections: CONNECTIONS, duration: DURATION_S });
  const cpu = cpuMsPer(before, cpuTicks(parts), r.requests.total);
  console.log(`${scenario} [${query}]: ${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ${check}`);
  return {
    scenario,
    query,
    check,
    requestsPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
    cpu: { ...cpu, postgres: parts.postgres ? cpu.postgres : null },
  };
}

/** The committed supergraph with this region's city URLs (the reference gateways take URLs from it). */
function benchSupergraph(repoRoot: string, cityUrls: Record<string, string>, dataDir: string): string {
  const sdl = readFileSync(join(repoRoot, 'apps/gateway/supergraph/supergraph.graphql'), 'utf8').replace(
    /@join__graph\(name: "([a-z]+)", url: "[^"]*"\)/g,
    (whole, name: string) => (cityUrls[name] ? `@join__graph(name: "${name}", url: "${cityUrls[name]}")` : whole),
  );
  const file = join(dataDir, 'supergraph.graphql');
  writeFileSync(file, sdl);
  return file;
}

async function startReferenceGateway(kind: ReferenceKind, repoRoot: string, supergraphFile: string): Promise<ReferenceGateway> {
  const port = await findFreePort();
  const child = spawn(BENCH_NODE, [join(repoRoot, 'dist/bench/reference-gateways.js')], {
    cwd: repoRoot,
    // The same Node settings as the region's processes (small young generation, two malloc arenas).
    env: { PATH: process.env.PATH, ...MEMORY_ENV, NODE_ENV: 'production', REF_GATEWAY_KIND: kind, REF_PORT: String(port), REF_SUPERGRAPH_FILE: supergraphFile },
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${kind} reference gateway exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (res.ok) return { kind, url, child };
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${kind} reference gateway not ready in 60 s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : '–');

function cpuCell(r: Row): string {
  const gateway = r.scenario.startsWith('direct') ? '–' : r.cpu.gateway.toFixed(2);
  return `${gateway} / ${r.cpu.nodes.toFixed(2)} / ${r.cpu.postgres === null ? '–' : r.cpu.postgres.toFixed(2)}`;
}

function table(rows: Row[], direct: Row, ours1: Row): string[] {
  return [
    '| scenario | requests/s | p50 ms | p99 ms | vs direct | vs our gateway 1 city | CPU ms per request: gateway / nodes / PostgreSQL | errors | first answer |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${ratio(r.requestsPerSec, direct.requestsPerSec)} | ${ratio(r.requestsPerSec, ours1.requestsPerSec)} | ${cpuCell(r)} | ${r.errors + r.non2xx} | ${r.check} |`,
    ),
  ];
}

function target(name: string, value: number, min: number): string {
  return `| ${name} | ${value.toFixed(2)} | ≥ ${min} | ${value >= min ? 'met' : '**not met**'} |`;
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot(process.cwd());
  const dataDir = mkdtempSync(join(tmpdir(), 'ypf-bench-'));
  const region = await startRegion({
    dataDir,
    repoRoot,
    databaseUrl: process.env.DATABASE_URL || undefined,
    pgPort: await findFreePort(),
    pgFsync: false,
    dbPrefix: 'ypf_bench',
    fresh: true,
    portOffset: 20000,
    nodeEnv: 'production',
    demoSeed: true,
    env: { PATH: process.env.PATH },
    nodeBinary: BENCH_NODE,
  });
  const references: ReferenceGateway[] = [];
  try {
    const idleRssMb = treeRssMb(Object.values(region.pids));
    const idleNodesMb = treeRssMb(CITY_CODES.map((c) => region.pids[c]));
    const idleGatewayMb = treeRssMb([region.pids.gateway]);
    const supergraphFile = benchSupergraph(repoRoot, region.cityUrls, dataDir);
    for (const kind of KINDS) {
      references.push(await startReferenceGateway(kind, repoRoot, supergraphFile));
    }
    const ref = (kind: ReferenceKind) => references.find((r) => r.kind === kind)!.url;
    // One token (one officer session) per connection; tokens differ in their jti.
    const tokens = Array.from({ length: CONNECTIONS }, () => issueDevToken({ keysDir: region.keysDir, city: 'wuxi', role: 'ANALYST', ttlSeconds: 3600 }));
    const headers = { 'content-type': 'application/json', 'x-purpose': 'BENCH-2026-0001' };
    const direct = (selection: string) =>
      `{ _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region { taizhou ${selection} } } }`;
    const fan = (cities: readonly string[], selection: string) => `{ region { ${cities.map((c) => `${c} ${selection}`).join(' ')} } }`;
    const one = ['taizhou'];
    const three = ['taizhou', 'suzhou', 'nanjing'];

    const search: Row[] = [];
    const nodes = CITY_CODES.map((c) => region.pids[c]);
    const parts = (gateway: number): CpuParts => ({ gateway, nodes, postgres: region.pids.postgres });
    const ours = parts(region.pids.gateway);
    const partsOf = (url: string): CpuParts => {
      const reference = references.find((r) => r.url === url);
      return reference ? parts(reference.child.pid!) : ours;
    };
    // Every node and its database connections warmed with both queries before anything is measured: otherwise the
    // first eight-city scenario pays the other seven nodes' JIT and fresh PostgreSQL backends, and whichever gateway
    // runs first looks slower (measured: node CPU per request fell steadily over the first scenarios without this).
    for (const [query, selection] of [['search', HEAVY], ['light', LIGHT]] as const) await run('warm-up, our gateway, 8 cities', query, region.gatewayUrl, fan(CITY_CODES, selection), headers, tokens, ours);
    const s = async (scenario: string, url: string, graphql: string, sameOfficer = false) =>
      search.push(await run(scenario, 'search', url, graphql, headers, tokens, partsOf(url), sameOfficer));
    await s('direct subgraph (taizhou)', region.cityUrls.taizhou, direct(HEAVY));
    await s('our gateway, 1 city', region.gatewayUrl, fan(one, HEAVY));
    for (const kind of KINDS.filter((k) => k !== 'hive-dedup')) await s(`${REFERENCE_GATEWAYS[kind]}, 1 city`, ref(kind), fan(one, HEAVY));
    await s('our gateway, 3 cities', region.gatewayUrl, fan(three, HEAVY));
    await s('our gateway, 8 cities', region.gatewayUrl, fan(CITY_CODES, HEAVY));
    for (const kind of KINDS) await s(`${REFERENCE_GATEWAYS[kind]}, 8 cities`, ref(kind), fan(CITY_CODES, HEAVY));
    await s(AGAIN, region.gatewayUrl, fan(CITY_CODES, HEAVY));
    if (KINDS.includes('hive-dedup')) await s(`${REFERENCE_GATEWAYS['hive-dedup']}, 8 cities, one officer on every connection`, ref('hive-dedup'), fan(CITY_CODES, HEAVY), true);

    const light: Row[] = [];
    const l = async (scenario: string, url: string, graphql: string) => light.push(await run(scenario, 'light', url, graphql, headers, tokens, partsOf(url)));
    await l('direct subgraph (taizhou)', region.cityUrls.taizhou, direct(LIGHT));
    await l('our gateway, 1 city', region.gatewayUrl, fan(one, LIGHT));
    await l('our gateway, 8 cities', region.gatewayUrl, fan(CITY_CODES, LIGHT));
    for (const kind of KINDS) await l(`${REFERENCE_GATEWAYS[kind]}, 8 cities`, ref(kind), fan(CITY_CODES, LIGHT));
    await l(AGAIN, region.gatewayUrl, fan(CITY_CODES, LIGHT));

    const loadedRssMb = treeRssMb(Object.values(region.pids));
    const pgPid = region.pids.postgres;
    const loadedPgMb = pgPid ? treeRssMb([pgPid]) : 0;
    const loadedGatewayMb = treeRssMb([region.pids.gateway]);
    const referenceMb = references.map((r) => `${REFERENCE_GATEWAYS[r.kind]} ${treeRssMb([r.child.pid!])} MB`).join(', ');

    const find = (rows: Row[], scenario: string) => rows.find((r) => r.scenario === scenario)!;
    const targets = (rows: Row[]) => {
      const ours1 = find(rows, 'our gateway, 1 city');
      // Against the reference gateways, our eight-city figure is the mean of the runs before and after them (see
      // AGAIN); against our one-city figure, the first run, measured in the same part of the run.
      const ours8first = find(rows, 'our gateway, 8 cities');
      const ours8 = { requestsPerSec: (ours8first.requestsPerSec + find(rows, AGAIN).requestsPerSec) / 2 };
      return [
        ...(rows === search ? [target('our gateway 1 city / direct subgraph', ours1.requestsPerSec / rows[0].requestsPerSec, 0.4)] : []),
        target('our gateway 8 cities / our 1 city', ours8first.requestsPerSec / ours1.requestsPerSec, 0.25),
        ...KINDS.map((kind) =>
          target(`our gateway 8 cities / ${REFERENCE_GATEWAYS[kind]} 8 cities`, ours8.requestsPerSec / find(rows, `${REFERENCE_GATEWAYS[kind]}, 8 cities`).requestsPerSec, 1.3),
        ),
      ];
    };
    const lines = [
      `Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, ${runtimeNote()}, ${CONNECTIONS} connections, ${DURATION_S} s per scenario (after 2 s of warm-up).`,
      '',
      `**Search** (the cross-city search of a Wuxi analyst, audited at each node: \`<city> ${HEAVY}\`):`,
      '',
      ...table(search, search[0], find(search, 'our gateway, 1 city')),
      '',
      `**Light** (\`{ region { <city> ${LIGHT} } }\`: no database work at the nodes, mostly gateway and HTTP overhead):`,
      '',
      ...table(light, light[0], find(light, 'our gateway, 1 city')),
      '',
      'Targets (requests/s ratios within this run):',
      '',
      '| ratio | search | target | |',
      '|---|---:|---:|---|',
      ...targets(search),
      '',
      '| ratio | light | target | |',
      '|---|---:|---:|---|',
      ...targets(light),
      '',
      `Region ready in ${(region.readyMs / 1000).toFixed(1)} s; total memory (PSS of 8 nodes + gateway + PostgreSQL) ${idleRssMb} MB idle, ${loadedRssMb} MB after load`,
      `(after load: PostgreSQL ${loadedPgMb} MB, our gateway ${loadedGatewayMb} MB, eight nodes ${loadedRssMb - loadedPgMb - loadedGatewayMb} MB${references.length ? `; reference gateways: ${referenceMb}` : ''}).`,
    ];
    console.log(lines.join('\n'));
    writeResults(repoRoot, 'gateway-bench.md', lines);
    writeJson({
      node: BENCH_NODE,
      version: runtimeNote(),
      durationS: DURATION_S,
      connections: CONNECTIONS,
      readyMs: region.readyMs,
      memoryMb: {
        idle: { total: idleRssMb, nodes: idleNodesMb, gateway: idleGatewayMb },
        loaded: { total: loadedRssMb, nodes: loadedRssMb - loadedPgMb - loadedGatewayMb, gateway: loadedGatewayMb, postgres: loadedPgMb },
      },
      search,
      light,
    });
  } finally {
    for (const r of references) r.child.kill('SIGTERM');
    await region.stop();
  }
}

main().then(
  // Keep-alive sockets of the load generator and the reference gateways' clients would hold the process open.
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
