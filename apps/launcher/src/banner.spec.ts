import { CITIES } from '@ypf/region';
import { regionPorts, localCityUrls } from '@ypf/region-runner';
import { demoUsername, renderReadyBanner } from './banner.js';

describe('renderReadyBanner', () => {
  const handle = {
    gatewayUrl: 'http://127.0.0.1:4000/graphql',
    cityUrls: localCityUrls(regionPorts(0)),
    readyMs: 12345,
    serverUrl: 'postgres://postgres:postgres@127.0.0.1:54329/postgres',
    embeddedPostgres: true,
    postgresLogFile: '/repo/.data/postgres.log',
    keysDir: '/repo/.data/keys',
  };
  const text = renderReadyBanner({ handle, dataDir: '/repo/.data', repoRoot: '/repo' });

  it('shows the time to ready, the gateway and every city node', () => {
    expect(text).toContain('ready in 12.3 s');
    expect(text).toContain('http://127.0.0.1:4000/graphql');
    expect(text).toMatch(/Console \(browser\) +http:\/\/127\.0\.0\.1:4000\/\n/);
    for (const c of CITIES) expect(text).toContain(`http://127.0.0.1:${c.localPort}/graphql`);
  });

  it('shows the demo logins, how to get a token and a cross-city query, without the database password', () => {
    expect(text).toContain('password yangtze-demo');
    expect(text).toContain('taizhou.analyst');
    expect(text).toContain('suzhou.liaison_officer');
    expect(text).toContain('npm run -s token -- --city taizhou --role ANALYST');
    expect(text).toContain(`-H "authorization: Bearer $(npm run -s token -- --city wuxi --role ANALYST)"`);
    expect(text).toContain("-H 'x-purpose: WX-2026-0001'");
    expect(text).not.toContain('postgres:postgres@');
    expect(text).toContain('.data/postgres.log');
  });

  it('puts a query in the curl example that is valid JSON', () => {
    const body = /-d '(.*)'$/m.exec(text)?.[1];
    expect(body).toBeDefined();
    const parsed = JSON.parse(body ?? '') as { query: string };
    expect(parsed.query).toContain('region { taizhou {');
  });

  it('builds usernames as <city>.<role in lower case>', () => {
    expect(demoUsername('suzhou', 'LIAISON_OFFICER')).toBe('suzhou.liaison_officer');
  });
});
