import { Client } from 'pg';
import { CITY_CODES } from '@ypf/region';
import { dropCityDatabases, ensureCityDatabases } from './databases.js';

/** The machine's PostgreSQL, as in CI (.ci/run starts it): trust auth for postgres on 127.0.0.1:5432. */
const SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const databasesWithPrefix = (prefix: string) =>
  withClient(SERVER_URL, async (c) =>
    (await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1 || '\\_%' ORDER BY datname", [prefix])).rows.map(
      (r) => r.datname,
    ),
  );

describe('ensureCityDatabases (machine PostgreSQL)', () => {
  const prefix = `ypf_it_${process.pid}_${Date.now().toString(36)}`;

  afterAll(async () => {
    await dropCityDatabases(SERVER_URL, prefix);
    expect(await databasesWithPrefix(prefix)).toEqual([]);
  });

  it('creates one database per city and returns their URLs', async () => {
    const urls = await ensureCityDatabases(SERVER_URL, prefix);
    expect(Object.keys(urls)).toEqual([...CITY_CODES]);
    expect(urls.taizhou).toBe(`postgres://postgres@127.0.0.1:5432/${prefix}_taizhou`);
    expect(await databasesWithPrefix(prefix)).toEqual(CITY_CODES.map((c) => `${prefix}_${c}`).sort());
    const encoding = await withClient(urls.nanjing, async (c) => (await c.query<{ server_encoding: string }>('SHOW server_encoding')).rows[0].server_encoding);
    expect(encoding).toBe('UTF8');
  });

  it('keeps existing databases and their data on a second run', async () => {
    await withClient(`postgres://postgres@127.0.0.1:5432/${prefix}_wuxi`, (c) => c.query('CREATE TABLE kept (v int); INSERT INTO kept VALUES (7)'));
    const urls = await ensureCityDatabases(SERVER_URL, prefix);
    const rows = await withClient(urls.wuxi, async (c) => (await c.query<{ v: number }>('SELECT v FROM kept')).rows);
    expect(rows).toEqual([{ v: 7 }]);
  });

  it('fresh: drops and recreates, even with a session still connected', async () => {
    const lingering = new Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${prefix}_wuxi` });
    lingering.on('error', () => undefined); // it is about to be terminated
    await lingering.connect();
    try {
      const urls = await ensureCityDatabases(SERVER_URL, prefix, { fresh: true });
      const tables = await withClient(urls.wuxi, async (c) => (await c.query("SELECT 1 FROM pg_tables WHERE tablename = 'kept'")).rowCount);
      expect(tables).toBe(0);
      expect(await databasesWithPrefix(prefix)).toHaveLength(CITY_CODES.length);
    } finally {
      await lingering.end().catch(() => undefined);
    }
  });

  it('tolerates concurrent callers', async () => {
    const other = `${prefix}_c`;
    try {
      const results = await Promise.all([ensureCityDatabases(SERVER_URL, other), ensureCityDatabases(SERVER_URL, other)]);
      expect(results[0]).toEqual(results[1]);
      expect(await databasesWithPrefix(other)).toHaveLength(CITY_CODES.length);
    } finally {
      await dropCityDatabases(SERVER_URL, other);
    }
  });

  it('says which server it could not reach, without its password', async () => {
    await expect(ensureCityDatabases('postgres://postgres:hunter2@127.0.0.1:1/postgres', prefix)).rejects.toThrow(
      'Cannot connect to PostgreSQL at postgres://postgres:***@127.0.0.1:1/postgres',
    );
  });
});
