/**
 * `npm run bench:delivery`: node-to-node delivery measured in one run, on each queue backend, next to raw BullMQ
 * no-op jobs on the same backend. Two real city nodes run in this process (own databases, real HTTP, node tokens):
 * Taizhou files assistance requests to Suzhou; latency is from the outbox row's creation to the effect applied at
 * Suzhou (both PostgreSQL timestamps on this machine), throughput is messages applied per second.
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker, createPostgresBackend, createRedisBackend, setDefaultBackendFactory } from 'bullmq';
import { DataSource } from 'typeorm';
import pg from 'pg';
import { ensureDevKeys } from '@ypf/auth';
import { findFreePort, findRepoRoot, issueDevToken, startPostgres } from '@ypf/region-runner';
import { createNodeApp } from '../apps/city-node/src/create-node-app.js';
import { DEFAULT_DELIVERY_CONCURRENCY, loadNodeConfig } from '../apps/city-node/src/config/node-config.js';
import { DeliveryProcessor } from '../apps/city-node/src/modules/delivery/delivery.processor.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 400);
const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 2000);
/** The raw workers run at the delivery worker's concurrency (the node's default), so the two are compared like for like. */
const CONCURRENCY = Number(process.env.DELIVERY_CONCURRENCY ?? DEFAULT_DELIVERY_CONCURRENCY);

interface Row {
  backend: string;
  what: string;
  count: number;
  perSec: number;
  p50: number;
  p99: number;
  /** CPU ms per job or message: this process (both nodes, or the raw worker) and PostgreSQL. */
  cpu?: { node: number; pg: number };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]);
};

/** CPU milliseconds used so far by the PostgreSQL processes on this machine (where each message's cost goes). */
function pgCpu(): number {
  let ms = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ms += (Number(f[11]) + Number(f[12])) * 10;
    } catch {
      // the process ended
    }
  }
  return ms;
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
  for (let i = 0; i < RAW_JOBS; i += 100) {
    await queue.addBulk(Array.from({ length: Math.min(100, RAW_JOBS - i) }, (_, k) => ({ name: 'noop', data: { i: i + k } })));
  }
  await all;
  const seconds = (Date.now() - started) / 1000;
  const c = process.cpuUsage(cpu0);
  const cpu = { node: (c.user + c.system) / 1000 / RAW_JOBS, pg: (pgCpu() - pg0) / RAW_JOBS };
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return { backend, what: 'raw BullMQ no-op jobs', count: RAW_JOBS, perSec: Math.round(RAW_JOBS / seconds), p50: pct(latencies, 50), p99: pct(latencies, 99), cpu };
}

async function delivery(backend: string, serverUrl: string, keysDir: string, repoRoot: string, redisUrl?: string): Promise<Row[]> {
  const ports = { taizhou: await findFreePort(), suzhou: await findFreePort() };
  const urls = { taizhou: `http://127.0.0.1:${ports.taizhou}/graphql`, suzhou: `http://127.0.0.1:${ports.suzhou}/graphql` };
  const apps = [];
  const dbs: Record<string, DataSource> = {};
  for (const city of ['taizhou', 'suzhou'] as const) {
    const config = loadNodeConfig({
      CITY: city,
      PORT: String(ports[city]),
      DATABASE_URL: await createDb(serverUrl, `ypf_bench_delivery_${city}`),
      KEYS_DIR: keysDir,
      POLICY_DIR: join(repoRoot, 'config/policies'),
      NODE_ENV: 'production',
      DEMO_SEED: 'true',
      CITY_URLS: JSON.stringify(urls),
      QUEUE_PREFIX: `bench-${city}-${Date.now()}`,
      ...(process.env.DELIVERY_CONCURRENCY ? { DELIVERY_CONCURRENCY: process.env.DELIVERY_CONCURRENCY } : {}),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    });
    const app = await createNodeApp(config, { logger: ['error'] });
    await app.listen(ports[city], '127.0.0.1');
    apps.push(app);
    dbs[city] = app.get(DataSource);
  }
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
    for (let i = 0; i < n; i++) ids.push((await call('mutation($input: AssistanceRequestInput!) { taizhou { createAssistanceRequest(input: $input) { id } } }', { input })).createAssistanceRequest.id);
    return ids;
  };
  const submitAll = async (ids: string[]) => {
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < ids.length) await call(`mutation { taizhou { submitAssistanceRequest(id: "${ids[next++]}") { id } } }`);
    }));
  };
  const waitApplied = async (ids: string[]) => {
    const deadline = Date.now() + 180_000;
    // Polled by a primary-key range (the messages' ULIDs), cheap enough not to weigh on what is measured.
    const [{ first }] = await dbs.taizhou.query(`SELECT min(id) AS first FROM outbox_message WHERE stream_key = ANY($1)`, [ids]);
    for (;;) {
      const [{ n }] = await dbs.suzhou.query(`SELECT count(*)::int AS n FROM inbox_message WHERE source_city = 'taizhou' AND id >= $1 AND state = 'APPLIED'`, [first]);
      if (n >= ids.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [{ n }] = await dbs.suzhou.query(`SELECT count(*)::int AS n FROM inbox_message WHERE state = 'APPLIED' AND stream_key = ANY($1)`, [ids]);
    return n as number;
  };

  // Latency: officers file (8 at a time) while delivery runs; from the outbox row to the effect at the target.
  const latencyIds = await createMany(MESSAGES);
  await submitAll(latencyIds);
  await waitApplied(latencyIds);
  const sent: { id: string; created_at: Date }[] = await dbs.taizhou.query(`SELECT id, created_at FROM outbox_message WHERE stream_key = ANY($1)`, [latencyIds]);
  const applied: { id: string; applied_at: Date }[] = await dbs.suzhou.query(`SELECT id, applied_at FROM inbox_message WHERE state = 'APPLIED' AND stream_key = ANY($1)`, [latencyIds]);
  const created = new Map(sent.map((x) => [x.id, new Date(x.created_at).getTime()]));
  const latencies = applied.map((a) => new Date(a.applied_at).getTime() - created.get(a.id)!);
  const first = Math.min(...created.values());
  const last = Math.max(...applied.map((a) => new Date(a.applied_at).getTime()));

  // Throughput of the delivery engine alone: messages queued while the sender's worker is paused, then drained.
  const worker = apps[0].get(DeliveryProcessor).worker;
  await worker.pause();
  const drainIds = await createMany(MESSAGES);
  await submitAll(drainIds);
  const drainStart = Date.now();
  const cpu0 = process.cpuUsage();
  const pg0 = pgCpu();
  worker.resume();
  const drained = await waitApplied(drainIds);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const cpu1 = process.cpuUsage(cpu0);
  const drainCpu = { node: (cpu1.user + cpu1.system) / 1000 / drained, pg: (pgCpu() - pg0) / drained };

  for (const app of apps) await app.close();
  return [
    { backend, what: 'delivery while filing: outbox row -> applied at the target', count: applied.length, perSec: Math.round(applied.length / ((last - first) / 1000)), p50: pct(latencies, 50), p99: pct(latencies, 99) },
    { backend, what: 'delivery drain: queued messages -> applied at the target', count: drained, perSec: Math.round(drained / drainSeconds), p50: NaN, p99: NaN, cpu: drainCpu },
  ];
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
      const u = new URL(redisUrl);
      rows.push(await rawBullmq('Redis', { host: u.hostname, port: Number(u.port || 6379), maxRetriesPerRequest: null }));
      rows.push(...(await delivery('Redis', pgHandle.serverUrl, keysDir, repoRoot, redisUrl)));
    }
  } finally {
    await pgHandle.stop();
  }
  const raw = (b: string) => rows.find((r) => r.backend === b && r.what.startsWith('raw'))!.perSec;
  const lines = [
    `Measured ${new Date().toISOString()}, node ${process.version}, ${MESSAGES} messages / ${RAW_JOBS} raw jobs per backend.`,
    '',
    '| backend | what | count | per second | p50 ms | p99 ms | vs raw BullMQ | CPU ms each: Node / PostgreSQL |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.backend} | ${r.what} | ${r.count} | ${r.perSec} | ${Number.isNaN(r.p50) ? '–' : r.p50} | ${Number.isNaN(r.p99) ? '–' : r.p99} | ${(r.perSec / raw(r.backend)).toFixed(2)} | ${r.cpu ? `${r.cpu.node.toFixed(2)} / ${r.cpu.pg.toFixed(2)}` : '–'} |`),
  ];
  console.log(lines.join('\n'));
  mkdirSync(join(repoRoot, 'bench/results'), { recursive: true });
  writeFileSync(join(repoRoot, 'bench/results/delivery-bench.md'), lines.join('\n') + '\n');
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
