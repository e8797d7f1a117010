import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, testEnv, withClient } from '@ypf/testing';
import { findFreePort } from '@ypf/region-runner';

const run = promisify(execFile);

/**
 * Issue 24: migrations as a step of their own, under a lock, and an admin CLI that works on one city's database and
 * keys. The CLI runs as the production image runs it (node dist/.../admin-cli.js, with the node's environment).
 */
describe('admin CLI and migrations as a step', () => {
  const cli = (databaseUrl: string, args: string[], city = 'wuxi') =>
    run(process.execPath, [join(testEnv.repoRoot(), 'dist/apps/city-node/src/admin/admin-cli.js'), ...args], {
      cwd: testEnv.repoRoot(),
      env: { PATH: process.env.PATH, CITY: city, DATABASE_URL: databaseUrl, KEYS_DIR: testEnv.keysDir(), NODE_ENV: 'production', QUEUE_PREFIX: `t-cli-${databaseUrl.slice(-8)}` },
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );
  /** A node started as production starts it (its own process): its exit code and what it said, when it stops. */
  const node = async (city: string, databaseUrl: string, env: Record<string, string> = {}) =>
    run(process.execPath, [join(testEnv.repoRoot(), 'dist/apps/city-node/src/main.js')], {
      cwd: testEnv.repoRoot(),
      timeout: 60_000,
      env: { PATH: process.env.PATH, CITY: city, DATABASE_URL: databaseUrl, KEYS_DIR: testEnv.keysDir(), NODE_ENV: 'test', PORT: String(await findFreePort()), QUEUE_PREFIX: `t-cli-${databaseUrl.slice(-8)}`, ...env },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
  const databases: { drop: () => Promise<void> }[] = [];
  const database = async (label: string) => {
    const db = await createTestDatabase(label);
    databases.push(db);
    return db.url;
  };
  afterAll(async () => {
    for (const db of databases) await db.drop();
  }, 60_000);

  it('applies each migration once when two processes migrate the same database at once', async () => {
    const url = await database('migrate2');
    const [a, b] = await Promise.all([cli(url, ['migrate']), cli(url, ['migrate'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const said = [a.stdout, b.stdout].sort();
    expect(said[0]).toMatch(/^wuxi: applied \d+ migration\(s\): Initial1795953598171, /);
    expect(said[1]).toBe('wuxi: up to date, nothing to apply\n');
    const rows = await withClient(url, (c) => c.query('SELECT name, count(*)::int AS n FROM schema_migration GROUP BY name HAVING count(*) > 1'));
    expect(rows.rows).toEqual([]);
    expect((await withClient(url, (c) => c.query('SELECT city FROM node_identity'))).rows).toEqual([{ city: 'wuxi' }]);
    expect(await cli(url, ['status'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^database of wuxi; \d+ migration\(s\) applied, 0 pending\n$/) });
  }, 120_000);

  it("refuses another city's database, a schema behind the build, and a newer one, with what to do", async () => {
    const url = await database('behind');
    // Production (MIGRATE_ON_START off): a node on an unmigrated database does not start, and says how to migrate.
    expect(await node('wuxi', url, { MIGRATE_ON_START: 'false' })).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/city node failed to start: The wuxi database is behind this build: \d+ migration\(s\) not applied \(Initial1795953598171, .*Run `npm run admin -- migrate`/),
    });
    expect(await cli(url, ['status'])).toMatchObject({ code: 2, stdout: expect.stringMatching(/not claimed yet.* pending: Initial1795953598171/) });
    expect((await cli(url, ['migrate'])).code).toBe(0);
    // Suzhou's node, or its administrator, pointed at Wuxi's database by mistake.
    expect(await node('suzhou', url, { MIGRATE_ON_START: 'false' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/failed to start: This database belongs to wuxi, not suzhou: check DATABASE_URL/) });
    expect(await node('suzhou', url, { MIGRATE_ON_START: 'true' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/belongs to wuxi, not suzhou/) });
    expect(await cli(url, ['migrate'], 'suzhou')).toMatchObject({ code: 1, stderr: expect.stringMatching(/belongs to wuxi, not suzhou/) });
    // A newer build migrated it: this build refuses rather than run on a schema it does not know.
    await withClient(url, (c) => c.query(`INSERT INTO schema_migration ("timestamp", name) VALUES (1899999999999, 'FromTheFuture1899999999999')`));
    expect(await cli(url, ['migrate'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/migrated by a newer build \(1 migration\(s\) this build does not know: FromTheFuture1899999999999\)/) });
    expect(await node('wuxi', url, { MIGRATE_ON_START: 'false' })).toMatchObject({ code: 1, stderr: expect.stringMatching(/newer build/) });
  }, 120_000);

  it('bootstraps the first ADMIN once, administers officers under the audit, and verifies the audit chain', async () => {
    const url = await database('officers');
    expect((await cli(url, ['migrate'])).code).toBe(0);
    const boot = await cli(url, ['bootstrap-admin', '--username', 'chen.jie', '--name', 'Superintendent Chen Jie']);
    expect(boot).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created wuxi:chen.jie \(ADMIN\); one-time password, shown once: [a-zA-Z0-9]{16}\n$/) });
    expect(await cli(url, ['bootstrap-admin', '--username', 'second', '--name', 'Second Admin'])).toMatchObject({ code: 64, stderr: expect.stringMatching(/wuxi already has 1 active ADMIN/) });
    const created = await cli(url, ['create-officer', '--username', 'li.na', '--name', 'Inspector Li Na', '--roles', 'analyst,LIAISON_OFFICER']);
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created wuxi:li.na \(ANALYST, LIAISON_OFFICER\)/) });
    expect(await cli(url, ['create-officer', '--username', 'x', '--name', 'Y', '--roles', 'CHIEF'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/admin: input.username: must be 3-64 .*input.roles.0: Invalid option/) });
    expect(await cli(url, ['disable-officer', '--id', 'wuxi:li.na', '--reason', 'Transferred to Suzhou PSB'])).toMatchObject({ code: 0, stdout: 'wuxi:li.na is disabled; its tokens are withdrawn at every node\n' });
    expect(await cli(url, ['disable-officer', '--id', 'wuxi:chen.jie', '--reason', 'Retiring'])).toMatchObject({ code: 1, stderr: expect.stringMatching(/last active ADMIN/) });
    expect(await cli(url, ['disable-officer', '--id', 'wuxi:li.na'])).toMatchObject({ code: 64, stderr: expect.stringMatching(/--reason is required/) });
    const audit = await withClient(url, (c) => c.query(`SELECT action, actor_id FROM audit_entry WHERE action LIKE 'officer.%' ORDER BY seq`));
    expect(audit.rows).toEqual([
      { action: 'officer.create', actor_id: 'wuxi:admin-cli' },
      { action: 'officer.create', actor_id: 'wuxi:admin-cli' },
      { action: 'officer.disable', actor_id: 'wuxi:admin-cli' },
    ]);
    expect(await cli(url, ['audit-verify'])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^audit chain of wuxi: intact, \d+ entries/) });
    // One changed row (by someone who got past the append-only trigger) breaks the chain there, and the CLI says where.
    await withClient(url, (c) => c.query(`ALTER TABLE audit_entry DISABLE TRIGGER USER; UPDATE audit_entry SET detail = '{"roles":["COMMANDER"]}' WHERE seq = (SELECT min(seq) FROM audit_entry WHERE action = 'officer.create' AND 'wuxi:li.na' = ANY(resource_ids))`));
    expect(await cli(url, ['audit-verify'])).toMatchObject({ code: 1, stdout: expect.stringMatching(/^audit chain of wuxi: BROKEN at entry \d+/) });
    expect(await cli(url, ['rotate-everything'])).toMatchObject({ code: 64, stderr: expect.stringMatching(/unknown command rotate-everything/) });
  }, 180_000);
});
