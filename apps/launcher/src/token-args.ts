import { isAbsolute, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_OFFICER_TOKEN_SECONDS, ROLES } from '@ypf/auth';
import { CITY_CODES } from '@ypf/region';
import { DEV_TOKEN_DEFAULT_TTL_SECONDS } from '@ypf/region-runner';

export const TOKEN_USAGE = [
  'usage: npm run -s token -- --city <city> --role <ROLE> [--home | --at <city>] [--ttl <seconds>] [--keys <dir>]',
  `  --city  one of: ${CITY_CODES.join(', ')}`,
  `  --role  one of: ${ROLES.join(', ')}`,
  `  --ttl   token lifetime in seconds, 1..${MAX_OFFICER_TOKEN_SECONDS} (default ${DEV_TOKEN_DEFAULT_TTL_SECONDS})`,
  '  --keys  key directory (default $YPF_DATA_DIR/keys, i.e. .data/keys)',
  '  --home  a home token (writes and home-only reads at the officer\'s own node)',
  '  --at    a read token valid only at that city\'s node (to call a node directly)',
  '  default: a session token (send it to the gateway, which exchanges it for a read token per city)',
  'Prints a DEV officer token signed with the city\'s development key. Development only.',
].join('\n');

export interface TokenArgs {
  city: string;
  role: string;
  ttlSeconds: number;
  keysDir: string;
  scope: 'session' | 'city' | 'home';
  /** The city a read token is good at (scope 'city'). */
  at?: string;
}

export class TokenUsageError extends Error {}

/** `--help`: the caller prints the usage and exits 0. */
export class TokenHelpRequested extends Error {}

/** Parses the token CLI's arguments; throws TokenUsageError naming the problem and the allowed values. */
export function parseTokenArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  repoRoot: string,
): TokenArgs {
  let values: { city?: string; role?: string; ttl?: string; keys?: string; help?: boolean; home?: boolean; at?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        city: { type: 'string' },
        role: { type: 'string' },
        ttl: { type: 'string' },
        keys: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        home: { type: 'boolean' },
        at: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new TokenUsageError((e as Error).message);
  }
  if (values.help) throw new TokenHelpRequested('help');

  const city = values.city?.trim().toLowerCase();
  if (!city) throw new TokenUsageError(`--city is required (one of: ${CITY_CODES.join(', ')})`);
  if (!CITY_CODES.includes(city)) throw new TokenUsageError(`unknown city "${values.city}" (one of: ${CITY_CODES.join(', ')})`);

  // Friendly spelling: `analyst` or `liaison-officer` mean ANALYST / LIAISON_OFFICER.
  const role = values.role?.trim().toUpperCase().replace(/-/g, '_');
  if (!role) throw new TokenUsageError(`--role is required (one of: ${ROLES.join(', ')})`);
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new TokenUsageError(`unknown role "${values.role}" (one of: ${ROLES.join(', ')})`);
  }

  let ttlSeconds = DEV_TOKEN_DEFAULT_TTL_SECONDS;
  if (values.ttl !== undefined) {
    ttlSeconds = /^\d+$/.test(values.ttl.trim()) ? Number(values.ttl.trim()) : Number.NaN;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_OFFICER_TOKEN_SECONDS) {
      throw new TokenUsageError(`--ttl must be a whole number of seconds from 1 to ${MAX_OFFICER_TOKEN_SECONDS}, got "${values.ttl}"`);
    }
  }

  const dataDir = env.YPF_DATA_DIR?.trim()
    ? isAbsolute(env.YPF_DATA_DIR.trim())
      ? env.YPF_DATA_DIR.trim()
      : resolve(repoRoot, env.YPF_DATA_DIR.trim())
    : join(repoRoot, '.data');
  const keysDir = values.keys?.trim() ? resolve(values.keys.trim()) : join(dataDir, 'keys');
  const at = values.at?.trim().toLowerCase();
  if (at !== undefined && !CITY_CODES.includes(at)) throw new TokenUsageError(`unknown city "${values.at}" for --at (one of: ${CITY_CODES.join(', ')})`);
  if (at !== undefined && values.home) throw new TokenUsageError('--home and --at exclude each other: a home token is for the officer\'s own node, --at names another');
  if (at !== undefined) return { city, role, ttlSeconds, keysDir, scope: 'city', at };
  return { city, role, ttlSeconds, keysDir, scope: values.home ? 'home' : 'session' };
}
