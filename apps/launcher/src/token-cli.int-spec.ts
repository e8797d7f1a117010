import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { testEnv } from '@ypf/testing';

/** Issue 24: the development token command stays in development, and does not rebuild a project that is built. */
describe('npm run token', () => {
  const root = testEnv.repoRoot();
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 60_000 });

  it('refuses to mint a development token with NODE_ENV=production', () => {
    const r = run([join('dist', 'apps', 'launcher', 'src', 'token-cli.js'), '--city', 'taizhou', '--role', 'ANALYST'], { NODE_ENV: 'production' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^token: refused with NODE_ENV=production: development tokens are for the development region only/);
  });

  it('does not rebuild when the build is current (npm test has just built)', () => {
    const r = run([join('scripts', 'built.mjs')]);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/building/);
  });
});
