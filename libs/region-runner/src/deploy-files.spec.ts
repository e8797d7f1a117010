import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CITIES } from '@ypf/region';
import { composeServiceName, DEPLOY_FILES, renderDockerCompose, renderInitSql } from './deploy-files.js';
import { findRepoRoot } from './repo-root.js';

const repoRoot = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
const REGENERATE = 'out of date with libs/region: run `npm run build && node dist/apps/launcher/src/deploy-files-cli.js`';

describe('deployment files generated from the region registry', () => {
  it.each([
    [DEPLOY_FILES.compose, renderDockerCompose],
    [DEPLOY_FILES.initSql, renderInitSql],
  ])('%s is up to date', (file, render) => {
    const checkedIn = readFileSync(join(repoRoot, file), 'utf8');
    if (checkedIn !== render()) throw new Error(`${file} is ${REGENERATE}`);
  });

  it('init.sql creates exactly one database per city', () => {
    const created = [...renderInitSql().matchAll(/^CREATE DATABASE (\w+);$/gm)].map((m) => m[1]);
    expect(created).toEqual(CITIES.map((c) => `ypf_${c.code}`));
  });

  it('the compose file has a node per city on its own port and database, after its migrate step, and a gateway waiting for all of them', () => {
    const yml = renderDockerCompose();
    expect(yml).toContain('  MIGRATE_ON_START: "false"\n');
    expect(yml).not.toMatch(/- \.\/deploy\/keys:/);
    for (const c of CITIES) {
      const dbUrl = `DATABASE_URL: postgres://ypf:\\$\\{POSTGRES_PASSWORD:\\?[^}]*\\}@postgres:5432/ypf_${c.code}$`;
      // The one-shot migrate step of the city, on the same database; the node starts once it has completed.
      expect(yml).toMatch(new RegExp(`^  migrate-${c.code}:\\n    <<: \\*city-node\\n    command: \\["node", "dist/apps/city-node/src/admin/admin-cli.js", "migrate"\\]\\n(.*\\n){7}      CITY: ${c.code}\\n      ${dbUrl}`, 'm'));
      const service = new RegExp(
        `^  ${composeServiceName(c.code)}:\\n    <<: \\*city-node\\n    depends_on:\\n(.*\\n){4}      migrate-${c.code}:\\n        condition: service_completed_successfully\\n    volumes:\\n.*\\n    environment:\\n      <<: \\*node-env\\n` +
          `      CITY: ${c.code}\\n      PORT: "${c.localPort}"\\n      DATABASE_URL: postgres://ypf:\\$\\{POSTGRES_PASSWORD:\\?[^}]*\\}@postgres:5432/ypf_${c.code}$`,
        'm',
      );
      expect(yml).toMatch(service);
      expect(yml).toContain(`"${c.code}":"http://${composeServiceName(c.code)}:${c.localPort}/graphql"`);
      // The node and its migrate step mount only the city's own key directory.
      expect(yml.split(`./deploy/keys/${c.code}:/run/ypf/keys:ro`)).toHaveLength(3);
      expect(yml).toMatch(new RegExp(`^      ${composeServiceName(c.code)}:\\n        condition: service_healthy$`, 'm'));
    }
    expect(yml).toMatch(/^ {2}gateway:$/m);
    expect(yml).toContain('"4000:4000"');
  });
});
