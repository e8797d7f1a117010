import { Client } from 'pg';
import { CITY_CODES } from '@ypf/region';

export const DEFAULT_DB_PREFIX = 'ypf';

// PostgreSQL identifiers are at most 63 bytes; the longest city code must still fit after `<prefix>_`.
const MAX_IDENTIFIER = 63;
const PREFIX_PATTERN = /^[a-z_][a-z0-9_]*$/;

/** Throws unless `prefix` yields plain, unquoted-safe database names for every city. */
export function assertDbPrefix(prefix: string): void {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new Error(`Database prefix "${prefix}" must match ${PREFIX_PATTERN} (lower-case letters, digits, underscores).`);
  }
  const longest = Math.max(...CITY_CODES.map((c) => c.length));
  if (prefix.length + 1 + longest > MAX_IDENTIFIER) {
    throw new Error(`Database prefix "${prefix}" is too long: database names are limited to ${MAX_IDENTIFIER} characters.`);
  }
}

/** `<prefix>_<city>`, e.g. ypf_taizhou. */
export function cityDatabaseName(prefix: string, city: string): string {
  assertDbPrefix(prefix);
  return `${prefix}_${city}`;
}

/** Throws with a readable message unless `url` is a postgres:// or postgresql:// URL. */
export function parsePostgresUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${redactUrl(url)}" is not a valid URL (expected postgres://user[:password]@host[:port]/database).`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new Error(`"${redactUrl(url)}" must start with postgres:// or postgresql://.`);
  }
  if (!parsed.hostname) throw new Error(`"${redactUrl(url)}" names no host.`);
  return parsed;
}

/** The same server URL pointing at another database; query parameters (sslmode, ...) are kept. */
export function withDatabase(serverUrl: string, database: string): string {
  const url = parsePostgresUrl(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** For messages: hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

export interface EnsureCityDatabasesOptions {
  /** Drop and recreate the databases (tests): every existing session on them is terminated. */
  fresh?: boolean;
  /** Restrict to these cities (default: every city of the region). */
  cities?: readonly string[];
}

// 42P04 duplicate_database; 23505 when two CREATE DATABASE race on the catalog's unique index.
const DUPLICATE_CODES = new Set(['42P04', '23505']);

/**
 * Makes sure `<prefix>_<city>` exists on the server for every city; returns city -> database URL.
 * Safe to run concurrently with another caller (a lost CREATE race is treated as success).
 */
export async function ensureCityDatabases(
  serverUrl: string,
  prefix: string = DEFAULT_DB_PREFIX,
  options: EnsureCityDatabasesOptions = {},
): Promise<Record<string, string>> {
  assertDbPrefix(prefix);
  const cities = options.cities ?? CITY_CODES;
  const client = new Client({ connectionString: serverUrl });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(`Cannot connect to PostgreSQL at ${redactUrl(serverUrl)}: ${(e as Error).message}`, { cause: e });
  }
  try {
    // Databases inherit template1; when that is not UTF-8 (an old SQL_ASCII cluster), ask for UTF-8 explicitly
    // from template0 with the C locale, which is compatible with every encoding.
    const enc = await client.query<{ encoding: string }>(
      "SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = 'template1'",
    );
    const createSuffix = enc.rows[0]?.encoding === 'UTF8' ? '' : " TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C'";
    const urls: Record<string, string> = {};
    for (const city of cities) {
      const name = cityDatabaseName(prefix, city);
      const ident = client.escapeIdentifier(name);
      if (options.fresh) {
        // WITH (FORCE) (PostgreSQL 13+) ends sessions left over from a previous, killed run.
        await client.query(`DROP DATABASE IF EXISTS ${ident} WITH (FORCE)`);
      }
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (exists.rowCount === 0) {
        try {
          await client.query(`CREATE DATABASE ${ident}${createSuffix}`);
        } catch (e) {
          if (!DUPLICATE_CODES.has((e as { code?: string }).code ?? '')) throw e;
        }
      }
      urls[city] = withDatabase(serverUrl, name);
    }
    return urls;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops `<prefix>_<city>` for every city (tests clean up after themselves). */
export async function dropCityDatabases(serverUrl: string, prefix: string, cities: readonly string[] = CITY_CODES): Promise<void> {
  assertDbPrefix(prefix);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    for (const city of cities) {
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(cityDatabaseName(prefix, city))} WITH (FORCE)`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
