/**
 * `npm run bench:delivery`: node-to-node delivery measured in one run, on each queue backend, next to raw BullMQ
 * no-op jobs on the same backend. Two real city nodes run as their own processes, as deployed and as the launcher
 * starts them (own databases, real HTTP, node tokens):
 * Taizhou files assistance requests to Suzhou; latency is from the outbox row's creation to the effect applied at
 * Suzhou (both PostgreSQL timestamps on this machine), throughput is messages applied per second.
 * BENCH_NODE, BENCH_RESULTS_FILE, BENCH_JSON_FILE: see bench/bench-env.ts (bench/runtimes.ts runs it on two runtimes).
 */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker, createPostgresBackend, createRedisBackend, setDefaultBackendFactory } from 'bullmq';
import pg from 'pg';
import { ensureDevKeys } from '@ypf/auth';
import { QUEUE_SCHEMA, redisConnectionOptions } from '@ypf/queue';
import { findFreePort, findRepoRoot, issueDevToken, ManagedChild, startPostgres } from '@ypf/region-runner';
import { DEFAULT_DELIVERY_CONCURRENCY } from '../apps/city-node/src/config/node-config.js';
import { DELIVERY_QUEUE } from '../apps/city-node/src/modules/delivery/delivery.jobs.js';
import { BENCH_NODE, nodeVersion, runtimeNote, writeJson, writeResults } from './bench-env.js';
import { commandCpuMs, machineCpuMs, treeCpuTicks } from './proc.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 2000);
/** The drain moves as many messages as raw BullMQ moves jobs: the same length of run, so the same share of ramp-up. */
const DRAIN_MESSAGES = Number(process.env.BENCH_DRAIN_MESSAGES ?? RAW_JOBS);
/** The raw workers run at the delivery worker's concurrency (the node's default), so the two are compared like for like. */
const CONCURRENCY = Number(process.env.DELIVERY_CONCURRENCY ?? DEFAULT_DELIVERY_CONCURRENCY);

interface Row {
  backend: string;
  what: string;
  count: number;
  perSec: number;
  p50: number;
  p99: number;
  /** CPU ms per job or message: Node (the two node processes, or the raw worker's process), PostgreSQL and Redis. */
  cpu?: { node: number; pg: number; redis: number };
  /** The machine while it ran: share of its cores busy, and of its time stolen by other guests (a noisy host). */
  machine?: { busy: number; steal: number };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};

/** CPU milliseconds used so far by the PostgreSQL and Redis processes on this machine (where each message's cost goes). */
const pgCpu = () => commandCpuMs('postgres');
const redisCpu = () => commandCpuMs('redis-server');

/** The machine's share of busy and stolen time since `from` (a `machineCpuMs()` reading). */
function machineSince(from: ReturnType<typeof machineCpuMs>) {
  const now = machineCpuMs();
  const busy = now.busy - from.busy;
  const total = busy + now.idle - from.idle + now.steal - from.steal;
  return { busy: busy / total, steal: (now.steal - from.steal) / total };
}

/** BullMQ connection options for a backend: ioredis options, or a PostgreSQL database with the nodes' queue schema. */
function queueConnection(redisUrl: string | undefined, databaseUrl: string): Record<string, unknown> {
  return redisUrl ? redisConnectionOptions(redisUrl) : { connectionString: databaseUrl, schema: QUEUE_SCHEMA, max: 2 };
}

async function createDb(server: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: server });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.query(`CREATE DATABASE "${name}"`);
  await c.end();
  const u = new URL(server);
  u.pathname = `/${name}`;
  return u.toString();
}

async function rawBullmq(backend: string, connection: unknown): Promise<Row> {
  const name = `bench-raw-${Date.now()}`;
  const queue = new Queue(name, { connection: connection as never, prefix: 'bench' });
  const latencies: number[] = [];
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  const worker = new Worker(
    name,
    async (job) => {
      latencies.push(Date.now() - job.timestamp);
      if (++done === RAW_JOBS) resolveAll();
    },
    { connection: connection as never, prefix: 'bench', concurrency: CONCURRENCY },
  );
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  const pg0 = pgCpu();
  const redis0 = redisCpu();
  const machine0 = machineCpuMs();
  for (let i = 0; i < RAW_JOBS; i += 100) {
    await queue.addBulk(Array.from({ length: Math.min(100, RAW_JOBS - i) }, (_, k) => ({ name: 'noop', data: { i: i + k } })));
  }
  await all;
  const seconds = (Date.now() - started) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = { node: (c.user + c.system) / 1000 / RAW_JOBS, pg: (pgCpu() - pg0) / RAW_JOBS, redis: (redisCpu() - redis0) / RAW_JOBS };
  const machine = machineSince(machine0);
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return { backend, what: 'raw BullMQ no-op jobs', count: RAW_JOBS, perSec: Math.round(RAW_JOBS / seconds), p50: pct(latencies, 50), p99: pct(latencies, 99), cpu, machine };
}

async function delivery(backend: string, serverUrl: string, keysDir: string, repoRoot: string, redisUrl?: string): Promise<Row[]> {
  const ports = { taizhou: await findFreePort(), suzhou: await findFreePort() };
  const urls = { taizhou: `http://127.0.0.1:${ports.taizhou}/graphql`, suzhou: `http://127.0.0.1:${ports.suzhou}/graphql` };
  const prefix = `bench-${Date.now()}`;
  const dbs: Record<string, pg.Pool> = {};
  const nodes: ManagedChild[] = [];
  let senderQueue: Queue | undefined;
  try {
    // Each city is its own process, as deployed (one node per city), started like the launcher starts it.
    for (const city of ['taizhou', 'suzhou'] as const) {
      const databaseUrl = await createDb(serverUrl, `ypf_bench_delivery_${city}`);
      dbs[city] = new pg.Pool({ connectionString: databaseUrl, max: 2 });
      const node = new ManagedChild(
        {
          name: city,
          script: join(repoRoot, 'dist/apps/city-node/src/main.js'),
          cwd: repoRoot,
          env: {
            PATH: process.env.PATH ?? '',
            CITY: city,
            PORT: String(ports[city]),
            DATABASE_URL: databaseUrl,
            KEYS_DIR: keysDir,
            POLICY_DIR: join(repoRoot, 'config/policies'),
            NODE_ENV: 'production',
            DEMO_SEED: 'true',
            CITY_URLS: JSON.stringify(urls),
            QUEUE_PREFIX: `${prefix}-${city}`,
            ...(process.env.DELIVERY_CONCURRENCY ? { DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY } : {}),
            ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
          },
          // BENCH_CPU_PROF_DIR: each node writes a V8 CPU profile there when it stops (see bench/profile-slice.ts).
          nodeArgs: process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}/${backend}-${city}`] : [],
          healthUrl: `http://127.0.0.1:${ports[city]}/health`,
          nodeBinary: BENCH_NODE,
        },
        () => undefined,
        (name, exit) => console.error(`${name} exited (${JSON.stringify(exit)}): ${node.lastLines.join('\n')}`),
      );
      node.start();
      nodes.push(node);
      await node.waitHealthy(Date.now() + 60_000);
    }
    // The sender's delivery queue, to hold its jobs while the drain's messages are filed (paused for every worker).
    // BullMQ's own connection (it handles a connection dropped when PostgreSQL stops at the end), same queue and prefix.
    senderQueue = new Queue(DELIVERY_QUEUE, { connection: queueConnection(redisUrl, dbs.taizhou.options.connectionString!) as never, prefix: `${prefix}-taizhou` });

    const token = issueDevToken({ keysDir, city: 'taizhou', role: 'LIAISON_OFFICER', ttlSeconds: 3600, scope: 'home' });
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(urls.taizhou, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: { taizhou: Record<string, { id: string }> }; errors?: unknown };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!.taizhou;
    };
    const input = { kind: 'INFORMATION_REQUEST', title: 'Vehicle owner check', description: 'Owner of a plate seen at the port', resourceType: 'OTHER', quantity: 1, location: 'Taizhou port', startsAt: '2026-12-20T08:00:00+08:00', servesReference: 'TZ-BENCH', priority: 'ROUTINE', targetCities: ['suzhou'] };
    const createMany = async (n: number) => {
      const ids: string[] = [];
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (ids.length < n) {
          const slot = ids.push('') - 1;
          ids[slot] = (await call('mutation($input: AssistanceRequestInput!) { taizhou { createAssistanceRequest(input: $input) { id } } }', { input })).createAssistanceRequest.id;
        }
      }));
      return ids;
    };
    const submitAll = async (ids: string[]) => {
      let next = 0;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (next < ids.length) await call(`mutation { taizhou { submitAssistanceRequest(id: "${ids[next++]}") { id } } }`);
      }));
    };
    const rows = async <T>(city: string, sql: string, params: unknown[]) => (await dbs[city].query(sql, params)).rows as T[];
    const waitApplied = async (ids: string[]) => {
      const deadline = Date.now() + 180_000;
      // Polled by a primary-key range (the messages' ULIDs), cheap enough not to weigh on what is measured.
      const [{ first }] = await rows<{ first: string }>('taizhou', `SELECT min(id) AS first FROM outbox_message WHERE stream_key = ANY($1)`, [ids]);
      for (;;) {
        const [{ n }] = await rows<{ n: number }>('suzhou', `SELECT count(*)::int AS n FROM inbox_message WHERE source_city = 'taizhou' AND id >= $1 AND state = 'APPLIED'`, [first]);
        if (n >= ids.length || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [{ n }] = await rows<{ n: number }>('suzhou', `SELECT count(*)::int AS n FROM inbox_message WHERE state = 'APPLIED' AND stream_key = ANY($1)`, [ids]);
      return n;
    };

    // Latency: officers file (8 at a time) while delivery runs; from the outbox row to the effect at the target.
    const latencyIds = await createMany(MESSAGES);
    await submitAll(latencyIds);
    await waitApplied(latencyIds);
    const sent = await rows<{ id: string; created_at: Date }>('taizhou', `SELECT id, created_at FROM outbox_message WHERE stream_key = ANY($1)`, [latencyIds]);
    const applied = await rows<{ id: string; applied_at: Date }>('suzhou', `SELECT id, applied_at FROM inbox_message WHERE state = 'APPLIED' AND stream_key = ANY($1)`, [latencyIds]);
    const created = new Map(sent.map((x) => [x.id, new Date(x.created_at).getTime()]));
    const latencies = applied.map((a) => new Date(a.applied_at).getTime() - created.get(a.id)!);
    const first = Math.min(...created.values());
    const last = Math.max(...applied.map((a) => new Date(a.applied_at).getTime()));

    // Throughput of the delivery engine alone: messages queued while the sender's queue is paused, then drained.
    await senderQueue.pause();
    const drainIds = await createMany(DRAIN_MESSAGES);
    await submitAll(drainIds);
    const pids = nodes.map((n) => n.pid!);
    const drainStart = Date.now();
    const node0 = treeCpuTicks(pids);
    const pg0 = pgCpu();
    const redis0 = redisCpu();
    const machine0 = machineCpuMs();
    const drainMono = process.hrtime.bigint() / 1000n;
    // BENCH_PG_STATEMENTS: the drain's statements by total time (a server with pg_stat_statements loaded and created).
    const statements = process.env.BENCH_PG_STATEMENTS ? new pg.Client({ connectionString: serverUrl }) : undefined;
    await statements?.connect();
    await statements?.query('SELECT pg_stat_statements_reset()');
    await senderQueue.resume();
    const drained = await waitApplied(drainIds);
    const drainSeconds = (Date.now() - drainStart) / 1000;
    const machine = machineSince(machine0);
    // The drain's window on the machine's monotonic clock, which V8's profiles use too (bench/profile-slice.ts).
    if (process.env.BENCH_CPU_PROF_DIR) console.error(`${backend} drain window (monotonic µs): ${drainMono} ${process.hrtime.bigint() / 1000n + 600_000n}`);
    // The work that trails the last applied message (deadline checks gathered for 250 ms, the sender's outcome writes)
    // is part of each message's cost: counted before the CPU is read.
    await new Promise((r) => setTimeout(r, 600));
    const drainCpu = { node: ((treeCpuTicks(pids) - node0) * 10) / drained, pg: (pgCpu() - pg0) / drained, redis: (redisCpu() - redis0) / drained };
    if (statements) {
      const top = await statements.query(
        `SELECT calls, round((total_exec_time + total_plan_time)::numeric, 1) AS ms, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25`,
      );
      console.error(`${backend} drain, statements by time:\n${top.rows.map((r) => `${String(r.ms).padStart(9)} ms ${String(r.calls).padStart(6)} calls ${String(r.rows).padStart(7)} rows  ${r.query}`).join('\n')}`);
      await statements.end();
    }

    return [
      { backend, what: 'delivery while filing: outbox row -> applied at the target', count: applied.length, perSec: Math.round(applied.length / ((last - first) / 1000)), p50: pct(latencies, 50), p99: pct(latencies, 99) },
      { backend, what: 'delivery drain: queued messages -> applied at the target', count: drained, perSec: Math.round(drained / drainSeconds), p50: NaN, p99: NaN, cpu: drainCpu, machine },
    ];
  } finally {
    await senderQueue?.close();
    for (const node of nodes) await node.stop();
    for (const pool of Object.values(dbs)) await pool.end();
  }
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot(process.cwd());
  const dataDir = mkdtempSync(join(tmpdir(), 'ypf-bench-delivery-'));
  const keysDir = join(dataDir, 'keys');
  ensureDevKeys(keysDir);
  const pgHandle = await startPostgres({ databaseUrl: process.env.DATABASE_URL || undefined, dataDir, port: await findFreePort(), fsync: false });
  const rows: Row[] = [];
  try {
    const rawDb = await createDb(pgHandle.serverUrl, 'ypf_bench_raw');
    setDefaultBackendFactory(createPostgresBackend as never);
    rows.push(await rawBullmq('PostgreSQL', { connectionString: rawDb, schema: 'bullmq', migrate: true, max: 3 }));
    rows.push(...(await delivery('PostgreSQL', pgHandle.serverUrl, keysDir, repoRoot)));
    const redisUrl = process.env.REDIS_URL;
    if (redisUrl) {
      setDefaultBackendFactory(createRedisBackend as never);
      rows.push(await rawBullmq('Redis', queueConnection(redisUrl, rawDb)));
      rows.push(...(await delivery('Redis', pgHandle.serverUrl, keysDir, repoRoot, redisUrl)));
    }
  } finally {
    // A connection a library still holds (a worker's LISTEN client) may report the shutdown: expected from here on.
    process.on('uncaughtException', (e) => {
      if (/terminating connection due to administrator command/.test(e.message)) return;
      console.error(e);
      process.exit(1);
    });
    await pgHandle.stop();
  }
  const raw = (b: string) => rows.find((r) => r.backend === b && r.what.startsWith('raw'))!.perSec;
  const lines = [
    `Measured ${new Date().toISOString()}, ${runtimeNote()}, per backend: ${RAW_JOBS} raw jobs, ${MESSAGES} messages while filing, ${DRAIN_MESSAGES} drained.`,
    '',
    '| backend | what | count | per second | p50 ms | p99 ms | vs raw BullMQ | CPU ms each: Node / PostgreSQL / Redis | machine busy / stolen |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.backend} | ${r.what} | ${r.count} | ${r.perSec} | ${Number.isNaN(r.p50) ? '–' : r.p50} | ${Number.isNaN(r.p99) ? '–' : r.p99} | ${(r.perSec / raw(r.backend)).toFixed(2)} | ` +
        `${r.cpu ? `${r.cpu.node.toFixed(2)} / ${r.cpu.pg.toFixed(2)} / ${r.cpu.redis.toFixed(2)}` : '–'} | ${r.machine ? `${Math.round(r.machine.busy * 100)} % / ${Math.round(r.machine.steal * 100)} %` : '–'} |`,
    ),
  ];
  console.log(lines.join('\n'));
  if (nodeVersion(BENCH_NODE) !== process.version) lines.push('', `Raw BullMQ runs in the benchmark process (node ${process.version}); the delivery rows in the two node processes.`);
  writeResults(repoRoot, 'delivery-bench.md', lines);
  writeJson({ node: BENCH_NODE, version: runtimeNote(), rawJobs: RAW_JOBS, messages: MESSAGES, drainMessages: DRAIN_MESSAGES, rows });
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
