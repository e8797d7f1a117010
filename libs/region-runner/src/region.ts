import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureDevKeys } from '@ypf/auth';
import { CITIES, CITY_CODES, GATEWAY_LOCAL_PORT, getCity } from '@ypf/region';
import { abortError, ManagedChild } from './child.js';
import type { ChildExit } from './child.js';
import { DEFAULT_DB_PREFIX, ensureCityDatabases } from './databases.js';
import { linePrefix } from './log-lines.js';
import { isPortFree } from './net.js';
import { DEFAULT_PG_PORT, startPostgres } from './postgres.js';
import type { PostgresHandle } from './postgres.js';

export const CITY_NODE_SCRIPT = 'dist/apps/city-node/src/main.js';
export const GATEWAY_SCRIPT = 'dist/apps/gateway/src/main.js';
export const DEFAULT_READY_TIMEOUT_MS = 90_000;
const LOCAL_HOST = '127.0.0.1';

export interface StartRegionOptions {
  /** Holds `keys/`, the embedded cluster `postgres/` and `postgres.log`. */
  dataDir: string;
  /** Repository root: children run with it as cwd; scripts and config/policies are resolved from it. */
  repoRoot: string;
  /** An existing PostgreSQL server (postgres://...); when absent an embedded server is started. */
  databaseUrl?: string;
  /** Embedded server port. Default 54329. */
  pgPort?: number;
  /** false: embedded cluster without fsync (throw-away test data). Default true. */
  pgFsync?: boolean;
  /** Databases are `<dbPrefix>_<city>`. Default `ypf`. */
  dbPrefix?: string;
  /** Drop and recreate the city databases first (tests). */
  fresh?: boolean;
  /** Added to every node port and the gateway port (tests use e.g. 10000 to run beside `npm start`). */
  portOffset?: number;
  /** NODE_ENV of the children. Default `development`. */
  nodeEnv?: string;
  /** DEMO_SEED for the nodes. Default false. */
  demoSeed?: boolean;
  /** Receives every log line: runner messages and the children's prefixed output. */
  log?: (line: string) => void;
  /** ANSI-colour the `[name]` prefixes (pass process.stdout.isTTY). Default false. */
  color?: boolean;
  /**
   * Base environment of every child (the launcher passes its own process.env; libs never read it themselves).
   * The runner's variables (CITY, PORT, DATABASE_URL, ...) always win. Default: empty.
   */
  env?: Readonly<Record<string, string | undefined>>;
  /** Extra variables for the nodes only / the gateway only, applied after the runner's (test knobs). */
  nodeEnvExtra?: Readonly<Record<string, string>>;
  gatewayEnvExtra?: Readonly<Record<string, string>>;
  /** Whole start-up budget for health. Default 90 s. */
  readyTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 10 s. */
  stopGraceMs?: number;
  /** Aborting stops whatever has started and rejects (Ctrl-C during start-up). */
  signal?: AbortSignal;
  /** Called when a child exits without being asked to (a crash after start-up). */
  onUnexpectedExit?: (name: string, exit: ChildExit) => void;
  /** The Node binary of every child. Default: the one running this process (benchmarks compare runtimes). */
  nodeBinary?: string;
  /** Scripts relative to repoRoot (tests substitute stand-ins). */
  cityNodeScript?: string;
  gatewayScript?: string;
}

export interface RegionHandle {
  /** http://127.0.0.1:<4000+offset>/graphql */
  gatewayUrl: string;
  /** city code -> http://127.0.0.1:<port>/graphql (the same map the children get as CITY_URLS) */
  cityUrls: Record<string, string>;
  keysDir: string;
  /** PostgreSQL server URL (maintenance database). */
  serverUrl: string;
  /** True when the runner started (and stops) an embedded PostgreSQL. */
  embeddedPostgres: boolean;
  /** Log file of the embedded PostgreSQL. */
  postgresLogFile?: string;
  cityDatabaseUrls: Record<string, string>;
  /** Live pids by name (city codes, `gateway`, and `postgres` when embedded); a killed city is absent. */
  readonly pids: Record<string, number>;
  /** Milliseconds from startRegion() until every process answered /health. */
  readyMs: number;
  /** SIGTERM gateway then nodes (SIGKILL after 10 s), then stop the embedded PostgreSQL. Idempotent. */
  stop(): Promise<void>;
  /** Synchronous last resort (second Ctrl-C): SIGKILL every child, immediate shutdown of the embedded server. */
  forceKill(): void;
  /** SIGKILL one city's node and wait for it to be gone (reliability tests). */
  killCity(code: string): Promise<void>;
  /** Start a city's node again with the same environment and wait until it is healthy. */
  restartCity(code: string, timeoutMs?: number): Promise<void>;
}

export interface RegionPorts {
  gateway: number;
  cities: Record<string, number>;
}

export function regionPorts(portOffset = 0): RegionPorts {
  if (!Number.isInteger(portOffset) || portOffset < 0) throw new Error(`portOffset must be a non-negative integer, got ${portOffset}`);
  const check = (port: number, what: string) => {
    if (port > 65535) throw new Error(`portOffset ${portOffset} puts ${what} on port ${port}, beyond 65535`);
    return port;
  };
  const cities: Record<string, number> = {};
  for (const city of CITIES) cities[city.code] = check(city.localPort + portOffset, city.code);
  return { gateway: check(GATEWAY_LOCAL_PORT + portOffset, 'the gateway'), cities };
}

/** city code -> subgraph URL on this machine, the value of CITY_URLS. */
export function localCityUrls(ports: RegionPorts): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const code of CITY_CODES) urls[code] = `http://${LOCAL_HOST}:${ports.cities[code]}/graphql`;
  return urls;
}

export interface ChildEnvInput {
  keysDir: string;
  policyDir: string;
  nodeEnv: string;
  demoSeed: boolean;
  ports: RegionPorts;
  cityDatabaseUrls: Record<string, string>;
  base?: Readonly<Record<string, string | undefined>>;
}

function cleanBase(base: Readonly<Record<string, string | undefined>> | undefined): Record<string, string> {
  const env: Record<string, string> = { ...MEMORY_ENV };
  for (const [k, v] of Object.entries(base ?? {})) if (v !== undefined) env[k] = v;
  return env;
}

/**
 * Nine Node processes share one machine: a small young generation and two malloc arenas (instead of one per
 * libuv thread, which scrypt hashing inflates) keep each node around 110 MB instead of 200 MB. Overridable.
 */
export const MEMORY_ENV: Readonly<Record<string, string>> = { NODE_OPTIONS: '--max-semi-space-size=2', MALLOC_ARENA_MAX: '2' };

/** Environment of one city's node. */
export function cityNodeEnv(city: string, input: ChildEnvInput): Record<string, string> {
  getCity(city);
  const dbUrl = input.cityDatabaseUrls[city];
  if (!dbUrl) throw new Error(`no database URL for ${city}`);
  return {
    ...cleanBase(input.base),
    CITY: city,
    PORT: String(input.ports.cities[city]),
    HOST: LOCAL_HOST,
    DATABASE_URL: dbUrl,
    KEYS_DIR: input.keysDir,
    POLICY_DIR: input.policyDir,
    NODE_ENV: input.nodeEnv,
    DEMO_SEED: input.demoSeed ? 'true' : 'false',
    // The development region migrates at start (under the migration lock); docker-compose runs a migrate step first.
    MIGRATE_ON_START: 'true',
    CITY_URLS: JSON.stringify(localCityUrls(input.ports)),
    YPF_EXIT_WITH_PARENT: '1',
  };
}

/** Environment of the gateway. */
export function gatewayEnv(input: Omit<ChildEnvInput, 'keysDir' | 'policyDir' | 'demoSeed' | 'cityDatabaseUrls'>): Record<string, string> {
  return {
    ...cleanBase(input.base),
    PORT: String(input.ports.gateway),
    HOST: LOCAL_HOST,
    CITY_URLS: JSON.stringify(localCityUrls(input.ports)),
    NODE_ENV: input.nodeEnv,
    YPF_EXIT_WITH_PARENT: '1',
  };
}

/**
 * Runs the whole region on this machine: dev keys, PostgreSQL (embedded unless databaseUrl), one database per
 * city, eight city nodes and the gateway as child processes; resolves once every one answers GET /health.
 * On any failure (or abort) everything already started is stopped before the promise rejects.
 */
export async function startRegion(options: StartRegionOptions): Promise<RegionHandle> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const color = options.color ?? false;
  const repoRoot = resolve(options.repoRoot);
  const dataDir = resolve(options.dataDir);
  const keysDir = join(dataDir, 'keys');
  const nodeEnv = options.nodeEnv ?? 'development';
  const ports = regionPorts(options.portOffset ?? 0);
  const cityUrls = localCityUrls(ports);
  const abort = options.signal;
  const checkAbort = () => {
    if (abort?.aborted) throw abortError(abort);
  };

  const cityScript = resolve(repoRoot, options.cityNodeScript ?? CITY_NODE_SCRIPT);
  const gatewayScript = resolve(repoRoot, options.gatewayScript ?? GATEWAY_SCRIPT);
  for (const script of [cityScript, gatewayScript]) {
    if (!existsSync(script)) throw new Error(`${script} not found: build first (npm run build).`);
  }

  // Before touching the database: if another region (a running `npm start`) holds the ports, leave its
  // embedded PostgreSQL alone and say so.
  const busy: string[] = [];
  for (const [name, port] of [...Object.entries(ports.cities), ['gateway', ports.gateway] as const]) {
    if (!(await isPortFree(port, LOCAL_HOST))) busy.push(`${name} (${port})`);
  }
  if (busy.length > 0) {
    throw new Error(
      `Ports already in use: ${busy.join(', ')}. Is the region already running (another npm start or test run)? ` +
        'Stop it first (tests: pass a different portOffset).',
    );
  }

  ensureDevKeys(keysDir);
  checkAbort();

  const prefixWidth = Math.max(...[...CITY_CODES, 'gateway', 'region'].map((n) => n.length));
  const say = (line: string) => log(`${linePrefix('region', prefixWidth, 99, false)} ${line}`);

  const pg: PostgresHandle = await startPostgres({
    databaseUrl: options.databaseUrl,
    dataDir,
    port: options.pgPort ?? DEFAULT_PG_PORT,
    fsync: options.pgFsync,
    log: say,
  });
  const children: ManagedChild[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> => {
    stopping ??= (async () => {
      const gateway = children.find((c) => c.spec.name === 'gateway');
      const grace = options.stopGraceMs ?? 10_000;
      if (gateway) await gateway.stop(grace);
      await Promise.all(children.filter((c) => c !== gateway).map((c) => c.stop(grace)));
      process.removeListener('exit', exitGuard);
      await pg.stop();
    })();
    return stopping;
  };
  const forceKill = () => {
    for (const c of children) c.killNow();
    pg.forceKill();
  };
  // Children also exit when their stdin closes (YPF_EXIT_WITH_PARENT); this covers a plain process.exit().
  const exitGuard = () => {
    for (const c of children) c.killNow();
  };
  process.on('exit', exitGuard);

  try {
    checkAbort();
    const cityDatabaseUrls = await ensureCityDatabases(pg.serverUrl, options.dbPrefix ?? DEFAULT_DB_PREFIX, {
      fresh: options.fresh,
    });
    checkAbort();

    const envInput: ChildEnvInput = {
      keysDir,
      policyDir: join(repoRoot, 'config', 'policies'),
      nodeEnv,
      demoSeed: options.demoSeed ?? false,
      ports,
      cityDatabaseUrls,
      base: options.env,
    };
    const onLine = (name: string, line: string) => {
      const index = name === 'gateway' ? CITY_CODES.length : CITY_CODES.indexOf(name);
      log(`${linePrefix(name, prefixWidth, index, color)} ${line}`);
    };
    const onUnexpectedExit = (name: string, exit: ChildExit) => {
      if (stopping) return;
      say(`${name} exited unexpectedly (${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`})`);
      options.onUnexpectedExit?.(name, exit);
    };

    // Nest and most loggers colour their output unless NO_COLOR is set; without a terminal that is just noise.
    const colorEnv: Record<string, string> = color ? {} : { NO_COLOR: '1' };
    for (const city of CITY_CODES) {
      children.push(
        new ManagedChild(
          {
            name: city,
            script: cityScript,
            nodeBinary: options.nodeBinary,
            cwd: repoRoot,
            env: { ...cityNodeEnv(city, envInput), ...colorEnv, ...options.nodeEnvExtra },
            healthUrl: `http://${LOCAL_HOST}:${ports.cities[city]}/health`,
          },
          onLine,
          onUnexpectedExit,
        ),
      );
    }
    const gateway = new ManagedChild(
      {
        name: 'gateway',
        script: gatewayScript,
        nodeBinary: options.nodeBinary,
        cwd: repoRoot,
        env: { ...gatewayEnv({ nodeEnv, ports, base: options.env }), ...colorEnv, ...options.gatewayEnvExtra },
        healthUrl: `http://${LOCAL_HOST}:${ports.gateway}/health`,
      },
      onLine,
      onUnexpectedExit,
    );
    children.push(gateway);
    // All start together (the gateway composes from a checked-in supergraph, it needs no live node to boot);
    // readiness is then awaited nodes first, gateway last.
    for (const c of children) c.start();
    say(`started ${CITY_CODES.length} city nodes and the gateway; waiting for /health`);

    const deadline = Date.now() + (options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS);
    await Promise.all(children.filter((c) => c !== gateway).map((c) => c.waitHealthy(deadline, abort)));
    await gateway.waitHealthy(deadline, abort);

    const readyMs = Date.now() - started;
    const byName = new Map(children.map((c) => [c.spec.name, c]));
    const cityChild = (code: string): ManagedChild => {
      const c = byName.get(code);
      if (!c || c.spec.name === 'gateway') throw new Error(`Unknown city "${code}". Known cities: ${CITY_CODES.join(', ')}.`);
      return c;
    };
    return {
      gatewayUrl: `http://${LOCAL_HOST}:${ports.gateway}/graphql`,
      cityUrls,
      keysDir,
      serverUrl: pg.serverUrl,
      embeddedPostgres: pg.embedded,
      postgresLogFile: pg.logFile,
      cityDatabaseUrls,
      get pids(): Record<string, number> {
        const pids: Record<string, number> = {};
        for (const c of children) if (c.pid !== undefined) pids[c.spec.name] = c.pid;
        if (pg.pid !== undefined) pids.postgres = pg.pid;
        return pids;
      },
      readyMs,
      stop: stopAll,
      forceKill,
      killCity: async (code) => {
        await cityChild(code).kill();
      },
      restartCity: async (code, timeoutMs = DEFAULT_READY_TIMEOUT_MS) => {
        const c = cityChild(code);
        if (stopping) throw new Error('the region is stopping');
        if (c.running) await c.stop(options.stopGraceMs ?? 10_000);
        c.start();
        await c.waitHealthy(Date.now() + timeoutMs);
      },
    };
  } catch (e) {
    await stopAll().catch((stopError: unknown) => say(`while stopping after a failed start: ${(stopError as Error).message}`));
    throw e;
  }
}
