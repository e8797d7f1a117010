import { issueDevToken } from '@ypf/region-runner';

/** What the Jest global setup shared with the test files (the only place tests read the environment). */
function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the tests through "npm test" (the Jest global setup sets it).`);
  return v;
}

export const testEnv = {
  pgUrl: () => required('YPF_TEST_PG_URL'),
  keysDir: () => required('YPF_TEST_KEYS_DIR'),
  repoRoot: () => required('YPF_TEST_REPO_ROOT'),
  gatewayUrl: () => required('YPF_TEST_GATEWAY_URL'),
  cityUrls: (): Record<string, string> => JSON.parse(required('YPF_TEST_CITY_URLS')),
  cityDatabaseUrls: (): Record<string, string> => JSON.parse(required('YPF_TEST_CITY_DB_URLS')),
  regionControl: () => required('YPF_TEST_REGION_CONTROL'),
  /** `npm run screenshots`: the console e2e test saves the main screens under docs/screenshots/. */
  screenshots: () => process.env.YPF_SCREENSHOTS === '1',
};

/** A valid session token for a city and role (what login returns as `token`; send it to the gateway), signed with the test region's dev keys. */
export function tokenFor(city: string, role: string, ttlSeconds = 900): string {
  return issueDevToken({ keysDir: testEnv.keysDir(), city, role, ttlSeconds });
}

/**
 * A read token of a `city` officer valid at the node of `at` only (what the officer's home node issues per city and the
 * gateway forwards): use it to call a node directly.
 */
export function readTokenFor(city: string, role: string, at: string, ttlSeconds = 900): string {
  return issueDevToken({ keysDir: testEnv.keysDir(), city, role, ttlSeconds, scope: 'city', at });
}

/** A home token (writes, and reads at the home node) for a city and role. */
export function homeTokenFor(city: string, role: string, ttlSeconds = 900): string {
  return issueDevToken({ keysDir: testEnv.keysDir(), city, role, ttlSeconds, scope: 'home' });
}
