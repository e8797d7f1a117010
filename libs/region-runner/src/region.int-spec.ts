import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { CITY_CODES } from '@ypf/region';
import { dropCityDatabases } from './databases.js';
import { httpGet, isPortFree } from './net.js';
import { regionPorts, startRegion } from './region.js';
import type { RegionHandle, StartRegionOptions } from './region.js';

/**
 * startRegion with stand-in apps: tiny Node servers at the paths of the real city node and gateway, which record
 * their environment and answer /health. This tests the runner itself (spawn, env, health, failure reports,
 * kill/restart, stop without orphans) independently of the real apps; test/ boots the real region.
 */
const FAKE_APP = String.raw`
const http = require('node:http');
const fs = require('node:fs');
const name = process.env.CITY || 'gateway';
const out = process.env.FAKE_OUT_DIR;
fs.writeFileSync(out + '/env-' + name + '.json', JSON.stringify({ pid: process.pid, env: process.env }));
if (process.env.FAKE_FAIL === name) {
  console.log('starting ' + name);
  console.error('boom: cannot open database');
  setTimeout(() => process.exit(3), 50);
  return;
}
const delay = Number(process.env.FAKE_HEALTH_DELAY_MS || 0);
const t0 = Date.now();
const server = http.createServer((req, res) => {
  if (req.url === '/health' && Date.now() - t0 >= delay) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', city: name }));
  } else {
    res.writeHead(req.url === '/health' ? 503 : 404);
    res.end();
  }
});
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log(name + ' listening 你好 ' + process.env.PORT));
if (process.env.FAKE_IGNORE_TERM !== name) {
  process.on('SIGTERM', () => { console.log(name + ' got SIGTERM'); process.exit(0); });
} else {
  process.on('SIGTERM', () => console.log(name + ' ignores SIGTERM'));
}
if (process.env.YPF_EXIT_WITH_PARENT === '1') {
  process.stdin.on('close', () => process.exit(0));
  process.stdin.resume();
}
`;

const MACHINE_PG = 'postgres://postgres@127.0.0.1:5432/postgres';
// Away from npm start (offset 0) and from other suites; below the kernel's ephemeral port range.
const OFFSET = 15_000 + (process.pid % 400) * 10;
const TIMEOUT = 120_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Recorded {
  pid: number;
  env: Record<string, string>;
}

describe('startRegion (stand-in apps)', () => {
  let root: string;
  let repoRoot: string;
  let outDir: string;
  const lines: string[] = [];
  const prefixes: string[] = [];

  const recorded = (name: string): Recorded => JSON.parse(readFileSync(join(outDir, `env-${name}.json`), 'utf8')) as Recorded;
  const options = (extra: Partial<StartRegionOptions>): StartRegionOptions => ({
    repoRoot,
    dataDir: join(root, 'data'),
    portOffset: OFFSET,
    nodeEnv: 'test',
    fresh: true,
    pgFsync: false,
    log: (l) => lines.push(l),
    env: { PATH: '/usr/bin:/bin', FAKE_OUT_DIR: outDir, SHOULD_BE_OVERRIDDEN: 'base' },
    ...extra,
  });
  const newPrefix = () => {
    const p = `ypf_rr_${process.pid}_${prefixes.length}`;
    prefixes.push(p);
    return p;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'ypf-region-runner-'));
    // When we run as root the embedded server runs as an unprivileged user, which must be able to enter `root/data`.
    chmodSync(root, 0o711);
    repoRoot = join(root, 'repo');
    outDir = join(root, 'out');
    mkdirSync(outDir);
    for (const app of ['city-node', 'gateway']) {
      mkdirSync(join(repoRoot, 'dist', 'apps', app, 'src'), { recursive: true });
      writeFileSync(join(repoRoot, 'dist', 'apps', app, 'src', 'main.js'), FAKE_APP);
    }
    writeFileSync(join(repoRoot, 'package.json'), '{"type":"commonjs"}');
  });

  beforeEach(() => {
    lines.length = 0;
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir);
  });

  afterAll(async () => {
    for (const p of prefixes) await dropCityDatabases(MACHINE_PG, p).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it(
    'boots embedded PostgreSQL, the nodes and the gateway with the right environment; kills, restarts and stops them all',
    async () => {
      let region: RegionHandle | undefined;
      try {
        region = await startRegion(options({ demoSeed: true, dbPrefix: 'ypf' }));
        const ports = regionPorts(OFFSET);
        expect(region.embeddedPostgres).toBe(true);
        expect(region.gatewayUrl).toBe(`http://127.0.0.1:${ports.gateway}/graphql`);
        expect(region.cityUrls.taizhou).toBe(`http://127.0.0.1:${ports.cities.taizhou}/graphql`);
        expect(region.readyMs).toBeGreaterThan(0);
        expect(Object.keys(region.pids).sort()).toEqual([...CITY_CODES, 'gateway', 'postgres'].sort());
        expect(existsSync(join(region.keysDir, 'taizhou.private.pem'))).toBe(true);

        // Each node: its own city, port and database; shared keys, policies and the region's URL map.
        for (const city of CITY_CODES) {
          const { env, pid } = recorded(city);
          expect(pid).toBe(region.pids[city]);
          expect(env).toMatchObject({
            CITY: city,
            PORT: String(ports.cities[city]),
            HOST: '127.0.0.1',
            DATABASE_URL: region.cityDatabaseUrls[city],
            KEYS_DIR: region.keysDir,
            POLICY_DIR: join(repoRoot, 'config', 'policies'),
            NODE_ENV: 'test',
            DEMO_SEED: 'true',
            YPF_EXIT_WITH_PARENT: '1',
            PATH: '/usr/bin:/bin',
            NO_COLOR: '1', // output goes to a log function, not a terminal
          });
          expect(JSON.parse(env.CITY_URLS)).toEqual(region.cityUrls);
          expect(env.DATABASE_URL).toMatch(new RegExp(`/ypf_${city}$`));
        }
        const gw = recorded('gateway').env;
        expect(gw).toMatchObject({ PORT: String(ports.gateway), HOST: '127.0.0.1', NODE_ENV: 'test', YPF_EXIT_WITH_PARENT: '1' });
        expect(JSON.parse(gw.CITY_URLS)).toEqual(region.cityUrls);
        expect(gw.DATABASE_URL).toBeUndefined();
        expect(gw.CITY).toBeUndefined();

        // The databases exist on the embedded server.
        const client = new Client({ connectionString: region.cityDatabaseUrls.nantong });
        await client.connect();
        expect((await client.query<{ db: string }>('SELECT current_database() AS db')).rows[0].db).toBe('ypf_nantong');
        await client.end();

        // Output arrives line by line with the process name in front, multi-byte text intact.
        expect(lines).toContainEqual(expect.stringMatching(/^\[taizhou\] +taizhou listening 你好 \d+$/));
        expect(lines).toContainEqual(expect.stringMatching(/^\[gateway\] +gateway listening 你好 \d+$/));

        // killCity / restartCity
        const oldPid = region.pids.suzhou;
        await region.killCity('suzhou');
        expect(alive(oldPid)).toBe(false);
        expect(region.pids.suzhou).toBeUndefined();
        await expect(httpGet(`http://127.0.0.1:${ports.cities.suzhou}/health`, 1000)).rejects.toThrow();
        await region.restartCity('suzhou');
        expect(region.pids.suzhou).toBeDefined();
        expect(region.pids.suzhou).not.toBe(oldPid);
        expect((await httpGet(`http://127.0.0.1:${ports.cities.suzhou}/health`, 1000)).status).toBe(200);
        await expect(region.killCity('shanghai')).rejects.toThrow(/Unknown city/);

        // stop(): nothing left behind.
        const pids = Object.values(region.pids);
        await region.stop();
        await region.stop(); // idempotent
        for (const pid of pids) expect(alive(pid)).toBe(false);
        for (const port of [ports.gateway, ...Object.values(ports.cities)]) expect(await isPortFree(port)).toBe(true);
        expect(lines).toContainEqual(expect.stringMatching(/^\[gateway\] +gateway got SIGTERM$/));
      } finally {
        await region?.stop();
      }
    },
    TIMEOUT,
  );

  it(
    'reuses the keys and the cluster on a second start (npm start twice)',
    async () => {
      const keyBefore = readFileSync(join(root, 'data', 'keys', 'wuxi.private.pem'), 'utf8');
      const region = await startRegion(options({ fresh: false }));
      try {
        expect(readFileSync(join(region.keysDir, 'wuxi.private.pem'), 'utf8')).toBe(keyBefore);
        expect(lines.some((l) => l.includes('initialising'))).toBe(false);
      } finally {
        await region.stop();
      }
    },
    TIMEOUT,
  );

  it(
    'fails with the name, exit code and last lines of a node that dies during start-up, leaving nothing running',
    async () => {
      const start = startRegion(options({ databaseUrl: MACHINE_PG, dbPrefix: newPrefix(), env: { FAKE_OUT_DIR: outDir, FAKE_FAIL: 'changzhou' } }));
      await expect(start).rejects.toThrow(/changzhou exited \(code 3\) before it was healthy/);
      await expect(start).rejects.toThrow(/boom: cannot open database/);
      // Every stand-in that got as far as starting (and recording its pid) has been stopped; a node the runner had not
      // reached yet when Changzhou died never started.
      const started = [...CITY_CODES.filter((c) => c !== 'changzhou'), 'gateway'].filter((name) => existsSync(join(outDir, `env-${name}.json`)));
      expect(started.length).toBeGreaterThan(0);
      for (const name of started) expect(alive(recorded(name).pid)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'names a process that does not become healthy in time',
    async () => {
      const start = startRegion(
        options({
          databaseUrl: MACHINE_PG,
          dbPrefix: newPrefix(),
          readyTimeoutMs: 1500,
          env: { FAKE_OUT_DIR: outDir, FAKE_HEALTH_DELAY_MS: '60000' },
        }),
      );
      await expect(start).rejects.toThrow(/did not become healthy in time .*HTTP 503/);
      expect(alive(recorded('gateway').pid)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'stops on abort (Ctrl-C during start-up)',
    async () => {
      const controller = new AbortController();
      const start = startRegion(
        options({ databaseUrl: MACHINE_PG, dbPrefix: newPrefix(), signal: controller.signal, env: { FAKE_OUT_DIR: outDir, FAKE_HEALTH_DELAY_MS: '60000' } }),
      );
      // Abort once the first process has recorded its start (a fixed delay raced a slow start-up: nothing had started yet).
      const anyStarted = () => [...CITY_CODES, 'gateway'].some((name) => existsSync(join(outDir, `env-${name}.json`)));
      const poll = setInterval(() => anyStarted() && controller.abort(), 25);
      try {
        await expect(start).rejects.toThrow(/aborted/);
      } finally {
        clearInterval(poll);
      }
      // Whatever had started when the abort came is stopped (not every node has started by then).
      const started = [...CITY_CODES, 'gateway'].filter((name) => existsSync(join(outDir, `env-${name}.json`)));
      expect(started.length).toBeGreaterThan(0);
      for (const name of started) expect(alive(recorded(name).pid)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'SIGKILLs a process that ignores SIGTERM after the grace period',
    async () => {
      const region = await startRegion(
        options({ databaseUrl: MACHINE_PG, dbPrefix: newPrefix(), stopGraceMs: 500, env: { FAKE_OUT_DIR: outDir, FAKE_IGNORE_TERM: 'gateway' } }),
      );
      const pid = region.pids.gateway;
      await region.stop();
      expect(alive(pid)).toBe(false);
      expect(lines).toContainEqual(expect.stringMatching(/gateway ignores SIGTERM/));
    },
    TIMEOUT,
  );

  it('refuses to start when the ports are taken (another region running), before touching PostgreSQL', async () => {
    const port = regionPorts(OFFSET).gateway;
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      await expect(startRegion(options({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none' }))).rejects.toThrow(
        new RegExp(`Ports already in use: gateway \\(${port}\\)`),
      );
    } finally {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    }
  });

  it('says to build first when the app scripts are missing', async () => {
    await expect(startRegion(options({ cityNodeScript: 'dist/nowhere.js' }))).rejects.toThrow(/dist\/nowhere\.js not found: build first/);
  });
});
