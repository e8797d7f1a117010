/**
 * `npm run bench:runtimes`: the gateway and delivery benchmarks on two (or more) Node runtimes in one invocation, and
 * one table of what the runtime changes, with ratios against the oldest runtime: bench/results/runtimes.md.
 *
 * - Runtimes: BENCH_NODES (Node binaries, comma-separated), by default every distinct Node on PATH — with the pinned
 *   one first on PATH (scripts/node-install.sh) and the machine's after it, both.
 * - Only the measured processes change runtime (BENCH_NODE: the region's eight nodes and gateway, the two delivery
 *   nodes). The benchmark processes, their load generator and the raw-BullMQ baseline run on this process's Node, so
 *   the load is the same for every runtime.
 * - Each benchmark runs once per runtime, back to back; BENCH_ROUNDS (1) repeats that, every other round in reverse
 *   order, and the table shows the median with each round's figure.
 * - The benchmarks' own knobs pass through (BENCH_DURATION_S, BENCH_CONNECTIONS, BENCH_RAW_JOBS, BENCH_MESSAGES,
 *   BENCH_DRAIN_MESSAGES, DATABASE_URL, REDIS_URL). The reference gateways are left out unless BENCH_REFERENCES=1.
 *   BENCH_ONLY=gateway or delivery runs one of the two. BENCH_RUNTIMES_FILE: where the table goes.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { findRepoRoot } from '@ypf/region-runner';
import { nodeVersion } from './bench-env.js';

interface Runtime {
  binary: string;
  version: string;
}

type Bench = 'gateway' | 'delivery';
const BENCHES: Bench[] = process.env.BENCH_ONLY ? (process.env.BENCH_ONLY.split(',') as Bench[]) : ['gateway', 'delivery'];
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 1));

/** A figure the runtime may change: how to read it from a benchmark's JSON, and which way is better. */
interface Metric {
  bench: Bench;
  name: string;
  better: 'lower' | 'higher' | '–';
  digits: number;
  read: (json: BenchJson) => number | undefined;
}

interface Row {
  scenario: string;
  requestsPerSec: number;
  p99: number;
  cpu: { gateway: number; nodes: number; postgres: number | null };
}
interface DeliveryRow {
  backend: string;
  what: string;
  perSec: number;
  p50: number | null;
  p99: number | null;
  cpu?: { node: number; pg: number; redis: number };
}
type BenchJson = {
  readyMs?: number;
  memoryMb?: { idle: { nodes: number; gateway: number }; loaded: { nodes: number; gateway: number } };
  search?: Row[];
  light?: Row[];
  rows?: DeliveryRow[];
};

const AGAIN = 'our gateway, 8 cities, again after the reference gateways';
const row = (rows: Row[] | undefined, scenario: string) => rows?.find((r) => r.scenario === scenario);
/** Our eight-city figure: the mean of its two runs in the benchmark (before and after the reference gateways). */
const eight = (rows: Row[] | undefined, pick: (r: Row) => number) => {
  const a = row(rows, 'our gateway, 8 cities');
  const b = row(rows, AGAIN);
  return a && b ? (pick(a) + pick(b)) / 2 : undefined;
};
const delivery = (json: BenchJson, backend: string, what: string) => json.rows?.find((r) => r.backend === backend && r.what.startsWith(what));

const METRICS: Metric[] = [
  { bench: 'gateway', name: 'region ready (8 nodes + gateway), s', better: 'lower', digits: 1, read: (j) => (j.readyMs === undefined ? undefined : j.readyMs / 1000) },
  { bench: 'gateway', name: 'gateway CPU ms per 8-city request, search', better: 'lower', digits: 2, read: (j) => eight(j.search, (r) => r.cpu.gateway) },
  { bench: 'gateway', name: 'gateway CPU ms per 8-city request, light', better: 'lower', digits: 2, read: (j) => eight(j.light, (r) => r.cpu.gateway) },
  { bench: 'gateway', name: 'gateway CPU ms per 1-city request, search', better: 'lower', digits: 2, read: (j) => row(j.search, 'our gateway, 1 city')?.cpu.gateway },
  { bench: 'gateway', name: 'node CPU ms per call, direct subgraph, search', better: 'lower', digits: 2, read: (j) => row(j.search, 'direct subgraph (taizhou)')?.cpu.nodes },
  { bench: 'gateway', name: 'node CPU ms per call, direct subgraph, light', better: 'lower', digits: 2, read: (j) => row(j.light, 'direct subgraph (taizhou)')?.cpu.nodes },
  { bench: 'gateway', name: 'node CPU ms per city call of an 8-city request, search', better: 'lower', digits: 2, read: (j) => eight(j.search, (r) => r.cpu.nodes / 8) },
  { bench: 'gateway', name: 'node CPU ms per city call of an 8-city request, light', better: 'lower', digits: 2, read: (j) => eight(j.light, (r) => r.cpu.nodes / 8) },
  { bench: 'gateway', name: 'requests/s, direct subgraph, search', better: 'higher', digits: 0, read: (j) => row(j.search, 'direct subgraph (taizhou)')?.requestsPerSec },
  { bench: 'gateway', name: 'requests/s, our gateway 8 cities, search', better: 'higher', digits: 0, read: (j) => eight(j.search, (r) => r.requestsPerSec) },
  { bench: 'gateway', name: 'requests/s, our gateway 8 cities, light', better: 'higher', digits: 0, read: (j) => eight(j.light, (r) => r.requestsPerSec) },
  { bench: 'gateway', name: 'p99 ms, our gateway 8 cities, search', better: 'lower', digits: 0, read: (j) => eight(j.search, (r) => r.p99) },
  { bench: 'gateway', name: 'memory (PSS) of the 8 nodes idle, MB', better: 'lower', digits: 0, read: (j) => j.memoryMb?.idle.nodes },
  { bench: 'gateway', name: 'memory (PSS) of the 8 nodes after load, MB', better: 'lower', digits: 0, read: (j) => j.memoryMb?.loaded.nodes },
  { bench: 'gateway', name: 'memory (PSS) of the gateway idle, MB', better: 'lower', digits: 0, read: (j) => j.memoryMb?.idle.gateway },
  { bench: 'gateway', name: 'memory (PSS) of the gateway after load, MB', better: 'lower', digits: 0, read: (j) => j.memoryMb?.loaded.gateway },
  ...['PostgreSQL', 'Redis'].flatMap((backend): Metric[] => [
    { bench: 'delivery', name: `${backend}: delivery drain, messages/s`, better: 'higher', digits: 0, read: (j) => delivery(j, backend, 'delivery drain')?.perSec },
    { bench: 'delivery', name: `${backend}: Node CPU ms per delivered message (drain, both nodes)`, better: 'lower', digits: 2, read: (j) => delivery(j, backend, 'delivery drain')?.cpu?.node },
    {
      bench: 'delivery',
      name: `${backend}: drain / raw BullMQ`,
      better: 'higher',
      digits: 2,
      read: (j) => {
        const drain = delivery(j, backend, 'delivery drain')?.perSec;
        const raw = delivery(j, backend, 'raw BullMQ')?.perSec;
        return drain !== undefined && raw ? drain / raw : undefined;
      },
    },
    { bench: 'delivery', name: `${backend}: delivery while filing, p99 ms`, better: 'lower', digits: 0, read: (j) => delivery(j, backend, 'delivery while filing')?.p99 ?? undefined },
    // The baseline runs in the benchmark process, on the same Node every time: its spread is the host's, not the runtime's.
    { bench: 'delivery', name: `${backend}: raw BullMQ jobs/s (benchmark process, same Node in every run)`, better: '–', digits: 0, read: (j) => delivery(j, backend, 'raw BullMQ')?.perSec },
  ]),
];

/** Every distinct Node binary on PATH (first occurrence of each version), oldest first. */
function nodesOnPath(): Runtime[] {
  const seen = new Map<string, Runtime>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const binary = realpathSync(candidate);
    const version = nodeVersion(binary);
    if (![...seen.values()].some((r) => r.version === version)) seen.set(binary, { binary, version });
  }
  return [...seen.values()];
}

function runtimes(): Runtime[] {
  const listed = process.env.BENCH_NODES?.split(',').map((s) => s.trim()).filter(Boolean);
  const found = listed ? listed.map((binary) => ({ binary, version: nodeVersion(binary) })) : nodesOnPath();
  const semver = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  return found.sort((a, b) => {
    const [x, y] = [semver(a.version), semver(b.version)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(): void {
  const repoRoot = findRepoRoot(process.cwd());
  const list = runtimes();
  if (list.length < 2) {
    console.error(
      `bench:runtimes needs two Node runtimes, found ${list.map((r) => `${r.version} (${r.binary})`).join(', ') || 'none'}. ` +
        'Put the pinned one first on PATH (export PATH="$(scripts/node-install.sh):$PATH") or set BENCH_NODES=/path/to/node,/path/to/other/node.',
    );
    process.exit(1);
  }
  const work = mkdtempSync(join(tmpdir(), 'ypf-bench-runtimes-'));
  console.log(`bench:runtimes: ${list.map((r) => `${r.version} (${r.binary})`).join(' and ')}; ${ROUNDS} round(s) of ${BENCHES.join(' and ')}; runs in ${work}`);

  // results[bench][version] = one JSON per round
  const results = new Map<string, BenchJson[]>();
  const failures: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...list].reverse() : list;
    for (const bench of BENCHES) {
      for (const runtime of order) {
        const tag = `${bench}-${runtime.version}-r${round + 1}`;
        console.log(`\n==> ${bench} benchmark, measured processes on node ${runtime.version} (round ${round + 1} of ${ROUNDS})`);
        const json = join(work, `${tag}.json`);
        const run = spawnSync(process.execPath, [join(repoRoot, `dist/bench/${bench}-bench.js`)], {
          cwd: repoRoot,
          stdio: 'inherit',
          env: {
            ...process.env,
            BENCH_REFERENCES: process.env.BENCH_REFERENCES ?? '0',
            BENCH_NODE: runtime.binary,
            BENCH_RESULTS_FILE: join(work, `${tag}.md`),
            BENCH_JSON_FILE: json,
          },
        });
        if (run.status !== 0 || !existsSync(json)) {
          failures.push(`${tag} (exit ${run.status ?? run.signal})`);
          continue;
        }
        const key = `${bench} ${runtime.version}`;
        results.set(key, [...(results.get(key) ?? []), JSON.parse(readFileSync(json, 'utf8')) as BenchJson]);
      }
    }
  }

  const [base, ...others] = list;
  const fmt = (x: number | undefined, digits: number) => (x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));
  const cell = (m: Metric, runtime: Runtime) => {
    const values = (results.get(`${m.bench} ${runtime.version}`) ?? []).map(m.read).filter((x): x is number => x !== undefined && !Number.isNaN(x));
    const value = values.length ? median(values) : undefined;
    return { value, text: fmt(value, m.digits) + (values.length > 1 ? ` (${values.map((x) => fmt(x, m.digits)).join(' / ')})` : '') };
  };
  const tableRows = METRICS.filter((m) => BENCHES.includes(m.bench))
    .map((m) => {
      const cells = list.map((r) => cell(m, r));
      if (cells.every((c) => c.value === undefined)) return undefined; // e.g. the Redis rows without REDIS_URL
      const ratios = others.map((_, i) => {
        const [a, b] = [cells[0].value, cells[i + 1].value];
        return a !== undefined && b !== undefined && a !== 0 ? (b / a).toFixed(2) : '–';
      });
      return `| ${m.name} | ${m.better} | ${cells.map((c) => c.text).join(' | ')} | ${ratios.join(' | ')} |`;
    })
    .filter((l): l is string => l !== undefined);

  const env = (name: string, fallback: string) => process.env[name] ?? fallback;
  const short =
    (BENCHES.includes('gateway') && (Number(env('BENCH_DURATION_S', '10')) < 10 || Number(env('BENCH_CONNECTIONS', '16')) < 16)) ||
    (BENCHES.includes('delivery') && (Number(env('BENCH_RAW_JOBS', '2000')) < 2000 || Number(env('BENCH_DRAIN_MESSAGES', env('BENCH_RAW_JOBS', '2000'))) < 2000));
  const knobs = [
    ...(BENCHES.includes('gateway') ? [`BENCH_DURATION_S=${env('BENCH_DURATION_S', '10')}`, `BENCH_CONNECTIONS=${env('BENCH_CONNECTIONS', '16')}`] : []),
    ...(process.env.BENCH_REFERENCES === '1' ? ['with the reference gateways'] : []),
    ...(BENCHES.includes('delivery')
      ? [`BENCH_RAW_JOBS=${env('BENCH_RAW_JOBS', '2000')}`, `BENCH_MESSAGES=${env('BENCH_MESSAGES', '400')}`, `BENCH_DRAIN_MESSAGES=${env('BENCH_DRAIN_MESSAGES', env('BENCH_RAW_JOBS', '2000'))}`]
      : []),
    ...(BENCHES.includes('delivery') && process.env.REDIS_URL ? ['Redis rows with REDIS_URL'] : []),
  ];
  const lines = [
    `Measured ${new Date().toISOString()} on ${process.platform}/${process.arch}: the ${BENCHES.join(' and ')} benchmark${BENCHES.length > 1 ? 's' : ''}, their measured processes on ` +
      `${list.map((r) => `node ${r.version}`).join(' and ')} (the same code and node_modules), the benchmark processes and their load on node ${process.version}; ` +
      `${ROUNDS} round${ROUNDS > 1 ? 's (median, then each round)' : ''}; ${knobs.join(', ')}.`,
    ...(short ? ['', '**Short validation run**: settings below the benchmarks\' defaults; these figures show that the runner works, not how the runtimes compare.'] : []),
    '',
    `| figure | better | ${list.map((r) => `node ${r.version}`).join(' | ')} | ${others.map((r) => `${r.version} / ${base.version}`).join(' | ')} |`,
    `|---|---|${list.map(() => '---:').join('|')}|${others.map(() => '---:').join('|')}|`,
    ...tableRows,
    ...(failures.length ? ['', `Failed runs (no figures): ${failures.join(', ')}.`] : []),
  ];
  console.log(`\n${lines.join('\n')}`);
  const file = process.env.BENCH_RUNTIMES_FILE || join(repoRoot, 'bench/results/runtimes.md');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
  console.log(`\nwritten to ${file}; each run's own results in ${work}`);
  process.exit(failures.length ? 1 : 0);
}

main();
