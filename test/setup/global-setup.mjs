import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Plain ESM over the compiled code (npm test builds first): Jest does not apply its TypeScript transform or
// module mapping to global setup files.
import { ensureDevKeys } from '../../dist/libs/auth/src/index.js';
import { findFreePort, startPostgres, startRegion, findRepoRoot } from '../../dist/libs/region-runner/src/index.js';

/**
 * Boots what the whole suite shares, once per run: a PostgreSQL server (DATABASE_URL, else an embedded one) and,
 * unless YPF_TEST_REGION=0, the whole region (eight nodes + gateway) on ports offset by 10000, so it can run beside
 * `npm start`. Tests find everything through YPF_TEST_* variables. A small control server lets reliability tests
 * kill and restart a city node that this process owns.
 */
export default async function globalSetup() {
  const started = Date.now();
  const repoRoot = findRepoRoot(process.cwd());
  const dataDir = mkdtempSync(join(tmpdir(), 'ypf-test-'));
  const keysDir = join(dataDir, 'keys');
  ensureDevKeys(keysDir);
  const log = process.env.YPF_TEST_VERBOSE === '1' ? (l) => process.stderr.write(`${l}\n`) : () => undefined;
  const external = process.env.DATABASE_URL || undefined;
  /** @type {{ region?: any, pg?: any, control?: import('node:http').Server }} */
  const state = {};
  globalThis.__YPF_TEST__ = state;

  let serverUrl;
  if (process.env.YPF_TEST_REGION === '0') {
    state.pg = await startPostgres({ databaseUrl: external, dataDir, port: await findFreePort(), fsync: false, log });
    serverUrl = state.pg.serverUrl;
  } else {
    state.region = await startRegion({
      dataDir,
      repoRoot,
      databaseUrl: external,
      pgPort: await findFreePort(),
      pgFsync: false,
      dbPrefix: 'ypf_e2e',
      fresh: true,
      portOffset: 10000,
      nodeEnv: 'test',
      demoSeed: true,
      log,
      env: { PATH: process.env.PATH },
      // Small pools: the end-to-end files start a few nodes of their own beside the region on the same server, which
      // may be a default PostgreSQL with 100 connections (`npm test` runs the integration files without the region).
      nodeEnvExtra: { DB_POOL_SIZE: '2', QUEUE_DB_POOL_SIZE: '4' },
    });
    serverUrl = state.region.serverUrl;
    const region = state.region;
    state.control = createServer((req, res) => {
      const m = /^\/(kill|restart|pause|resume)\/([a-z]+)$/.exec(req.url ?? '');
      if (!m || req.method !== 'POST') return void res.writeHead(404).end();
      // pause/resume: SIGSTOP/SIGCONT, a node that hangs without closing its connections.
      const signal = (sig) => Promise.resolve().then(() => process.kill(region.pids[m[2]], sig));
      const action = { kill: () => region.killCity(m[2]), restart: () => region.restartCity(m[2]), pause: () => signal('SIGSTOP'), resume: () => signal('SIGCONT') }[m[1]]();
      action.then(
        () => res.writeHead(200).end('ok'),
        (e) => res.writeHead(500).end(e.message),
      );
    });
    const controlPort = await findFreePort();
    await new Promise((resolve) => state.control.listen(controlPort, '127.0.0.1', resolve));
    process.env.YPF_TEST_GATEWAY_URL = region.gatewayUrl;
    process.env.YPF_TEST_CITY_URLS = JSON.stringify(region.cityUrls);
    process.env.YPF_TEST_CITY_DB_URLS = JSON.stringify(region.cityDatabaseUrls);
    process.env.YPF_TEST_REGION_CONTROL = `http://127.0.0.1:${controlPort}`;
    process.env.YPF_TEST_REGION_READY_MS = String(region.readyMs);
  }
  process.env.YPF_TEST_PG_URL = serverUrl;
  process.env.YPF_TEST_KEYS_DIR = state.region?.keysDir ?? keysDir;
  process.env.YPF_TEST_REPO_ROOT = repoRoot;
  if (process.env.YPF_TEST_VERBOSE === '1') process.stderr.write(`test setup ready in ${Date.now() - started} ms\n`);
}
