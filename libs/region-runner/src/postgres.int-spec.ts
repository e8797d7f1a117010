import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { findFreePort, isPortFree } from './net.js';
import { locateEmbeddedBinaries, startPostgres } from './postgres.js';
import type { PostgresHandle } from './postgres.js';

const TIMEOUT = 120_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function commandOf(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

async function query<T extends Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL', () => {
  let dataDir: string;
  let port: number;
  const handles: PostgresHandle[] = [];
  const lines: string[] = [];
  const start = async () => {
    const h = await startPostgres({ dataDir, port, fsync: false, log: (l) => lines.push(l) });
    handles.push(h);
    return h;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ypf-embedded-pg-'));
    port = await findFreePort();
  });

  afterAll(async () => {
    for (const h of handles) await h.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'initialises a cluster on first start, keeps its data across a restart without re-initialising, and stops cleanly',
    async () => {
      const first = await start();
      expect(first.embedded).toBe(true);
      expect(first.serverUrl).toBe(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`);
      expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
      expect(lines.some((l) => l.startsWith('initialising'))).toBe(true);
      await query(first.serverUrl, 'CREATE TABLE survives_restart (id int); INSERT INTO survives_restart VALUES (42)');
      const [settings] = await query<{ encoding: string; collate: string }>(
        first.serverUrl,
        "SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate FROM pg_database WHERE datname = 'postgres'",
      );
      expect(settings).toEqual({ encoding: 'UTF8', collate: 'C' });

      const pid = first.pid as number;
      await first.stop();
      await first.stop(); // idempotent
      expect(alive(pid)).toBe(false);
      expect(await isPortFree(port)).toBe(true);
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

      lines.length = 0;
      const second = await start();
      expect(lines.some((l) => l.startsWith('initialising'))).toBe(false);
      expect(await query(second.serverUrl, 'SELECT id FROM survives_restart')).toEqual([{ id: 42 }]);
      await second.stop();
    },
    TIMEOUT,
  );

  it(
    'removes a stale postmaster.pid whose process is gone (a launcher killed with SIGKILL, then a reboot)',
    async () => {
      const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
      // A pid that is certainly not running: beyond the kernel's pid range.
      writeFileSync(pidFile, `99999999\n${join(dataDir, 'postgres')}\n1700000000\n${port}\n\n127.0.0.1\n0 0\nready\n`);
      lines.length = 0;
      const h = await start();
      expect(lines.some((l) => l.startsWith('removing stale'))).toBe(true);
      expect(await query(h.serverUrl, 'SELECT id FROM survives_restart')).toEqual([{ id: 42 }]);
      expect(readFileSync(pidFile, 'utf8').split('\n')[0]).toBe(String(h.pid));
      await h.stop();
    },
    TIMEOUT,
  );

  it(
    'stops a server of the same cluster left running by a previous run, then starts its own',
    async () => {
      const orphan = await start(); // never stopped by its "launcher"
      const orphanPid = orphan.pid as number;
      lines.length = 0;
      const h = await start();
      expect(lines.some((l) => l.includes(`still running on this data directory (pid ${orphanPid})`))).toBe(true);
      expect(alive(orphanPid)).toBe(false);
      expect(h.pid).not.toBe(orphanPid);
      expect(await query(h.serverUrl, 'SELECT id FROM survives_restart')).toEqual([{ id: 42 }]);
      await h.stop();
    },
    TIMEOUT,
  );

  it(
    'refuses a port that something else holds, naming it',
    async () => {
      const busy = await findFreePort();
      const { createServer } = await import('node:net');
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(busy, '127.0.0.1', resolve));
      try {
        await expect(startPostgres({ dataDir, port: busy, fsync: false })).rejects.toThrow(`Port ${busy}`);
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    },
    TIMEOUT,
  );

  it('refuses to take over a non-empty directory that is not a cluster', async () => {
    const other = mkdtempSync(join(tmpdir(), 'ypf-not-a-cluster-'));
    try {
      const pgDir = join(other, 'postgres');
      (await import('node:fs')).mkdirSync(pgDir);
      writeFileSync(join(pgDir, 'precious.txt'), 'do not delete');
      await expect(startPostgres({ dataDir: other, port, fsync: false })).rejects.toThrow(/no PG_VERSION/);
      expect(readFileSync(join(pgDir, 'precious.txt'), 'utf8')).toBe('do not delete');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!asRoot) console.warn('embedded PostgreSQL started by root: 2 tests SKIPPED: they need root (the launcher drops to an unprivileged user only then); CI runs as root.');

describe('embedded PostgreSQL started by root', () => {
  (asRoot ? it : it.skip)('names a directory the unprivileged server user cannot enter', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'ypf-closed-')); // mode 0700, owned by root
    try {
      await expect(startPostgres({ dataDir: join(closed, 'data'), port: await findFreePort(), fsync: false })).rejects.toThrow(
        `which cannot enter ${closed}`,
      );
    } finally {
      rmSync(closed, { recursive: true, force: true });
    }
  });
});

describe('embedded PostgreSQL binaries the server user cannot reach', () => {
  (asRoot ? it : it.skip)(
    'runs a private copy from the temp directory (a checkout under /root)',
    async () => {
      const closed = mkdtempSync(join(tmpdir(), 'ypf-closed-bin-')); // 0700: like /root
      const dataDir = mkdtempSync(join(tmpdir(), 'ypf-copied-bin-data-'));
      const nativeDir = dirname(locateEmbeddedBinaries().postgres).replace(/\/bin$/, '');
      cpSync(nativeDir, join(closed, 'native'), { recursive: true, verbatimSymlinks: true });
      const lines: string[] = [];
      let handle: PostgresHandle | undefined;
      let copy: string | undefined;
      try {
        handle = await startPostgres({ dataDir, port: await findFreePort(), fsync: false, binDir: join(closed, 'native', 'bin'), log: (l) => lines.push(l) });
        copy = /copying the PostgreSQL binaries to (\S+)$/.exec(lines.find((l) => l.includes('copying')) ?? '')?.[1];
        expect(copy).toBeDefined();
        expect(commandOf(handle.pid as number)).toContain(`${copy}/bin/postgres`);
        expect(await query(handle.serverUrl, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
      } finally {
        await handle?.stop();
        rmSync(closed, { recursive: true, force: true });
        rmSync(dataDir, { recursive: true, force: true });
        if (copy) rmSync(copy, { recursive: true, force: true });
      }
    },
    TIMEOUT,
  );
});

describe('external PostgreSQL (DATABASE_URL)', () => {
  it('attaches without starting anything, and says which URL failed', async () => {
    const port = await findFreePort();
    await expect(startPostgres({ databaseUrl: `postgres://postgres:secret@127.0.0.1:${port}/postgres` })).rejects.toThrow(
      `postgres://postgres:***@127.0.0.1:${port}/postgres`,
    );
  });
});
