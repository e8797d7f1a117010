import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { findFreePort } from '@ypf/region-runner';
import { errorCodes, gql, testEnv } from '@ypf/testing';

/** A gateway in production mode over the same region: no introspection, no sandbox, no stack traces. */
describe('gateway in production mode', () => {
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    const port = await findFreePort();
    url = `http://127.0.0.1:${port}/graphql`;
    child = spawn(process.execPath, [join(testEnv.repoRoot(), 'dist/apps/gateway/src/main.js')], {
      cwd: testEnv.repoRoot(),
      env: { PATH: process.env.PATH, NODE_ENV: 'production', PORT: String(port), CITY_URLS: JSON.stringify(testEnv.cityUrls()) },
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('production gateway did not start');
  });
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('refuses introspection and field suggestions', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Query") { name } }']) {
      const r = await gql(url, query);
      expect(r.status).toBe(400);
      expect(errorCodes(r)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
    const typo = await gql(url, '{ regio { id } }');
    expect(errorCodes(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
    // the control: the test-mode gateway of the same region does suggest
    const control = await gql(testEnv.gatewayUrl(), '{ regio { id } }');
    expect(JSON.stringify(control.errors)).toMatch(/Did you mean/);
  });

  it('serves no landing page or sandbox', async () => {
    const res = await fetch(url, { headers: { accept: 'text/html' } });
    expect(await res.text()).not.toMatch(/sandbox|apollo-server-landing-page|embeddable/i);
  });

  it('still answers queries, with no stack traces in errors', async () => {
    const r = await gql(url, '{ region { taizhou { code me { id } } } }', { token: 'garbage' });
    expect(JSON.stringify(r)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+/);
    expect(errorCodes(r)).toEqual(['UNAUTHENTICATED']);
  });
});
