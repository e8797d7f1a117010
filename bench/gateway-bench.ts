/**
 * `npm run bench`: boots the region (embedded PostgreSQL unless DATABASE_URL is set) on ports offset by 20000 and
 * measures, in one run on this machine: time to ready, the region's total RSS, and requests/s + latency for the
 * same cross-city search sent (1) straight to a city's subgraph, (2) through the gateway to 1 city, (3) to 3 and
 * (4) to all 8 cities. Ratios matter more than absolutes: the machine is shared and noisy.
 */
import autocannon from 'autocannon';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CITY_CODES } from '@ypf/region';
import { findFreePort, findRepoRoot, issueDevToken, startRegion } from '@ypf/region-runner';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);

const selection = '{ code searchIntelligence(filter: { categories: [TELECOM_FRAUD] }) { total results { id accessLevel } } }';

interface Row {
  scenario: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function run(scenario: string, url: string, query: string, headers: Record<string, string>): Promise<Row> {
  const body = JSON.stringify({ query });
  // warm-up (query plan cache, connection pools, JIT)
  await autocannon({ url, method: 'POST', headers, body, connections: 4, duration: 2 });
  const r = await autocannon({ url, method: 'POST', headers, body, connections: CONNECTIONS, duration: DURATION_S });
  return {
    scenario,
    requestsPerSec: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    non2xx: r.non2xx,
  };
}

/** Memory (PSS) of processes and all their descendants (PostgreSQL forks a process per connection). */
function treeRssMb(rootPids: number[]): number {
  const parent = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      parent.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* process ended */
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, i = 0; p && i < 50; p = parent.get(p), i++) if (rootPids.includes(p)) return true;
    return false;
  };
  let kb = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      // PSS, not RSS: PostgreSQL backends share their buffer pool, and RSS would count it once per backend.
      const m = /Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* gone */
    }
  }
  return Math.round(kb / 1024);
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
  });
  try {
    const idleRssMb = treeRssMb(Object.values(region.pids));
    const token = issueDevToken({ keysDir: region.keysDir, city: 'wuxi', role: 'ANALYST', ttlSeconds: 3600 });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'BENCH-2026-0001' };
    const direct = `{ _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region { taizhou ${selection} } } }`;
    const fan = (cities: readonly string[]) => `{ region { ${cities.map((c) => `${c} ${selection}`).join(' ')} } }`;
    const rows = [
      await run('direct subgraph (taizhou)', region.cityUrls.taizhou, direct, headers),
      await run('gateway, 1 city', region.gatewayUrl, fan(['taizhou']), headers),
      await run('gateway, 3 cities', region.gatewayUrl, fan(['taizhou', 'suzhou', 'nanjing']), headers),
      await run('gateway, 8 cities', region.gatewayUrl, fan(CITY_CODES), headers),
    ];
    const loadedRssMb = treeRssMb(Object.values(region.pids));
    const pgPid = region.pids.postgres;
    const loadedPgMb = pgPid ? treeRssMb([pgPid]) : 0;
    const loadedGatewayMb = treeRssMb([region.pids.gateway]);
    const base = rows[0].requestsPerSec;
    const gw1 = rows[1].requestsPerSec;
    const lines = [
      `Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}, node ${process.version}, ${CONNECTIONS} connections, ${DURATION_S} s per scenario.`,
      '',
      '| scenario | requests/s | p50 ms | p99 ms | vs direct | vs gateway 1 city | errors |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.scenario} | ${r.requestsPerSec} | ${r.p50} | ${r.p99} | ${(r.requestsPerSec / base).toFixed(2)} | ${(r.requestsPerSec / gw1).toFixed(2)} | ${r.errors + r.non2xx} |`),
      '',
      `Region ready in ${(region.readyMs / 1000).toFixed(1)} s; total memory (PSS of 8 nodes + gateway + PostgreSQL) ${idleRssMb} MB idle, ${loadedRssMb} MB after load`,
      `(after load: PostgreSQL ${loadedPgMb} MB, gateway ${loadedGatewayMb} MB, eight nodes ${loadedRssMb - loadedPgMb - loadedGatewayMb} MB).`,
    ];
    console.log(lines.join('\n'));
    mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
    writeFileSync(join(repoRoot, 'bench/results/gateway-bench.md'), lines.join('\n') + '\n');
  } finally {
    await region.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
