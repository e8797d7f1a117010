import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevKeys, layOutCityKeyDirectories } from '@ypf/auth';
import { DEPLOY_FILES, findRepoRoot, renderDockerCompose, renderInitSql } from '@ypf/region-runner';

/**
 * Regenerates the files that list the cities (docker-compose.yml, deploy/postgres/init.sql) from libs/region.
 *   node dist/apps/launcher/src/deploy-files-cli.js            write them
 *   node dist/apps/launcher/src/deploy-files-cli.js --check    exit 1 if they are out of date
 *   node dist/apps/launcher/src/deploy-files-cli.js --dev-keys also create DEV keys in deploy/keys for a local
 *                                                              `docker compose up` (never for production)
 */
const CONTAINER_UID = 10001; // the `ypf` user of the Dockerfile

function main(): void {
  const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
  const check = process.argv.includes('--check');
  const files: Array<[string, string]> = [
    [DEPLOY_FILES.compose, renderDockerCompose()],
    [DEPLOY_FILES.initSql, renderInitSql()],
  ];
  let stale = 0;
  for (const [rel, content] of files) {
    const file = join(repoRoot, rel);
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === content) continue;
    if (check) {
      process.stderr.write(`${rel} is out of date with libs/region; run node dist/apps/launcher/src/deploy-files-cli.js\n`);
      stale++;
    } else {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      process.stdout.write(`wrote ${rel}\n`);
    }
  }
  if (process.argv.includes('--dev-keys')) {
    // Every city's keys are made in one place (deploy/keys/.dev-all), then each city's directory gets only its own
    // secrets and everyone's public keys: that directory is all its containers mount.
    const keysRoot = join(repoRoot, 'deploy', 'keys');
    const { created } = ensureDevKeys(join(keysRoot, '.dev-all'));
    const dirs = layOutCityKeyDirectories(join(keysRoot, '.dev-all'), keysRoot);
    // The containers run as uid 10001; when we can (root), hand the files to it, else say what to do.
    if (process.getuid?.() === 0) {
      for (const dir of dirs) {
        chownSync(dir, CONTAINER_UID, CONTAINER_UID);
        for (const f of readdirSync(dir)) chownSync(join(dir, f), CONTAINER_UID, CONTAINER_UID);
      }
    } else {
      for (const dir of dirs) chmodSync(dir, 0o755);
      process.stdout.write(`note: the containers run as uid ${CONTAINER_UID}; run \`sudo chown -R ${CONTAINER_UID} deploy/keys\`\n`);
    }
    process.stdout.write(`deploy/keys: ${created.length} DEV key files created, laid out in ${dirs.length} city directories (never use them in production)\n`);
  }
  process.exit(stale > 0 ? 1 : 0);
}

main();
