import { relative } from 'node:path';
import { ROLES } from '@ypf/auth';
import { CITIES, CITY_CODES } from '@ypf/region';
import { redactUrl } from '@ypf/region-runner';
import type { RegionHandle } from '@ypf/region-runner';

export const DEMO_PASSWORD = 'yangtze-demo';

export interface BannerInput {
  handle: Pick<RegionHandle, 'gatewayUrl' | 'cityUrls' | 'readyMs' | 'serverUrl' | 'embeddedPostgres' | 'postgresLogFile' | 'keysDir'>;
  dataDir: string;
  repoRoot: string;
}

/** `<city>.<role>` as seeded by the nodes when DEMO_SEED=true, e.g. taizhou.analyst. */
export function demoUsername(city: string, role: string): string {
  return `${city}.${role.toLowerCase()}`;
}

function shortPath(path: string, repoRoot: string): string {
  const rel = relative(repoRoot, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

/** What `npm start` prints once the region is up. */
export function renderReadyBanner({ handle, dataDir, repoRoot }: BannerInput): string {
  const width = Math.max(...CITY_CODES.map((c) => c.length));
  const seconds = (handle.readyMs / 1000).toFixed(1);
  const query =
    '{"query":"{ region { taizhou { code searchIntelligence(filter:{text:\\"\\"}) { results { id accessLevel } } } suzhou { code } } }"}';
  const db = handle.embeddedPostgres
    ? `embedded PostgreSQL at ${redactUrl(handle.serverUrl)} (data ${shortPath(dataDir, repoRoot)}/postgres` +
      `${handle.postgresLogFile ? `, log ${shortPath(handle.postgresLogFile, repoRoot)}` : ''})`
    : `${redactUrl(handle.serverUrl)} (DATABASE_URL)`;
  const lines = [
    '',
    `Yangtze Police Federation: the region is up (ready in ${seconds} s)`,
    '',
    `  Console (browser)  ${handle.gatewayUrl.replace(/\/graphql$/, '/')}`,
    `  Gateway (GraphQL)  ${handle.gatewayUrl}`,
    '  City nodes',
    ...CITIES.map((c) => `    ${c.code.padEnd(width)}  ${c.nameZh}  ${handle.cityUrls[c.code]}`),
    `  Database           ${db}`,
    `  Keys (DEV ONLY)    ${shortPath(handle.keysDir, repoRoot)}`,
    '',
    `Demo logins (password ${DEMO_PASSWORD}): <city>.<role>, e.g. ${demoUsername('taizhou', 'ANALYST')}, ${demoUsername('suzhou', 'LIAISON_OFFICER')}`,
    `  cities: ${CITY_CODES.join(', ')}`,
    `  roles:  ${ROLES.map((r) => r.toLowerCase()).join(', ')}`,
    '',
    'An officer token (dev keys, 15 min):',
    '  npm run -s token -- --city taizhou --role ANALYST',
    '',
    'A cross-city query through the gateway (a Wuxi analyst reads Taizhou and Suzhou for case WX-2026-0001):',
    `  curl -s ${handle.gatewayUrl} -H 'content-type: application/json' \\`,
    `    -H "authorization: Bearer $(npm run -s token -- --city wuxi --role ANALYST)" \\`,
    `    -H 'x-purpose: WX-2026-0001' \\`,
    `    -d '${query}'`,
    '',
    'Press Ctrl-C to stop the region.',
    '',
  ];
  return lines.join('\n');
}
