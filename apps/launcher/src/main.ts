import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRepoRoot, startRegion } from '@ypf/region-runner';
import type { RegionHandle } from '@ypf/region-runner';
import { renderReadyBanner } from './banner.js';
import { LauncherConfigError, parseLauncherEnv } from './launcher-config.js';

/**
 * `npm start`: the whole region on this machine. Embedded PostgreSQL unless DATABASE_URL is set, eight city
 * nodes and the gateway as child processes, demo data. Ctrl-C stops everything in order; a second Ctrl-C forces.
 */
async function main(): Promise<void> {
  const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  let config;
  try {
    config = parseLauncherEnv(process.env, repoRoot);
  } catch (e) {
    if (e instanceof LauncherConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }

  const out = (line: string) => process.stdout.write(`${line}\n`);
  const controller = new AbortController();
  let handle: RegionHandle | undefined;
  let shuttingDown = false;

  const shutdown = (reason: string) => {
    if (shuttingDown) {
      out('Forced exit: killing the region processes now.');
      handle?.forceKill();
      process.exit(1);
    }
    shuttingDown = true;
    out(`\n${reason}: stopping the region (press Ctrl-C again to force)...`);
    if (!handle) {
      // Still starting: startRegion stops whatever it has started and rejects; main() then says goodbye.
      controller.abort();
      return;
    }
    handle.stop().then(
      () => {
        out('Region stopped. Goodbye.');
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`Error while stopping: ${(e as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('Ctrl-C'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGHUP', () => shutdown('SIGHUP'));

  out(`Starting the Yangtze Police Federation region (data in ${config.dataDir}) ...`);
  try {
    handle = await startRegion({
      repoRoot,
      dataDir: config.dataDir,
      databaseUrl: config.databaseUrl,
      pgPort: config.pgPort,
      nodeEnv: config.nodeEnv,
      demoSeed: true,
      log: out,
      color: process.stdout.isTTY === true,
      // Children inherit the launcher's environment (PATH, TZ, REDIS_URL, LOG_LEVEL, ...); the runner sets the rest.
      env: process.env,
      signal: controller.signal,
    });
  } catch (e) {
    if (shuttingDown) {
      out('Region stopped before it was ready. Goodbye.');
      process.exit(0);
    }
    process.stderr.write(`\nThe region could not start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  if (shuttingDown) {
    // A signal arrived just as start-up finished.
    await handle.stop();
    out('Region stopped. Goodbye.');
    process.exit(0);
  }
  out(renderReadyBanner({ handle, dataDir: config.dataDir, repoRoot }));
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
