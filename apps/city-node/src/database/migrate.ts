import { DataSource, MigrationExecutor, type QueryRunner } from 'typeorm';
import { nodeDataSourceOptions } from './data-source.js';
import { NODE_MIGRATIONS } from './migrations/index.js';

/**
 * One lock per database for everything that changes its schema (pg_advisory_lock is per database): two processes or
 * two deploy jobs migrating at once take turns, and the second finds nothing left to do.
 */
const MIGRATION_LOCK = 7_240_319_001;

export class SchemaError extends Error {}

export interface SchemaStatus {
  /** The city the database belongs to (`node_identity`), or null before its first migration. */
  city: string | null;
  applied: string[];
  pending: string[];
  /** Migrations the database has that this build does not know: a newer build migrated it. */
  unknown: string[];
}

const BUILD_MIGRATIONS = NODE_MIGRATIONS.map((m) => (new (m as new () => { name: string })()).name);

/** What the database holds against this build, read without changing anything. */
export async function schemaStatus(ds: DataSource | QueryRunner): Promise<SchemaStatus> {
  const [{ migrations, identity }] = await ds.query(
    `SELECT to_regclass('schema_migration') IS NOT NULL AS migrations, to_regclass('node_identity') IS NOT NULL AS identity`,
  );
  const applied: string[] = migrations ? (await ds.query('SELECT name FROM schema_migration ORDER BY id')).map((r: { name: string }) => r.name) : [];
  const city: string | null = identity ? ((await ds.query('SELECT city FROM node_identity'))[0]?.city ?? null) : null;
  return {
    city,
    applied,
    pending: BUILD_MIGRATIONS.filter((n) => !applied.includes(n)),
    unknown: applied.filter((n) => !BUILD_MIGRATIONS.includes(n)),
  };
}

/** Refuses a database of another city, or one a newer build migrated. */
function assertOurs(status: SchemaStatus, city: string): void {
  if (status.city !== null && status.city !== city) {
    throw new SchemaError(`This database belongs to ${status.city}, not ${city}: check DATABASE_URL (each city has its own database; a node never opens another city's).`);
  }
  if (status.unknown.length) {
    throw new SchemaError(
      `The ${city} database was migrated by a newer build (${status.unknown.length} migration(s) this build does not know: ${status.unknown.join(', ')}). Run the newer build, or restore the database from before that upgrade.`,
    );
  }
}

/**
 * Applies this build's pending migrations to `city`'s database under the migration lock, each in its own transaction,
 * and claims the database for the city on its first migration. Returns the names applied (none when up to date).
 */
export async function migrateDatabase(ds: DataSource, city: string): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      assertOurs(await schemaStatus(runner), city);
      // On the connection that holds the lock (a pool of one has no other).
      const executor = new MigrationExecutor(ds, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      await runner.query('INSERT INTO node_identity (singleton, city) VALUES (true, $1) ON CONFLICT (singleton) DO NOTHING', [city]);
      assertOurs(await schemaStatus(runner), city);
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}

/** At a node's start: migrate (MIGRATE_ON_START), or refuse a schema that is behind, another city's or newer. */
export async function prepareSchema(ds: DataSource, city: string, migrateOnStart: boolean): Promise<void> {
  if (migrateOnStart) {
    await migrateDatabase(ds, city);
    return;
  }
  const status = await schemaStatus(ds);
  assertOurs(status, city);
  if (status.pending.length) {
    throw new SchemaError(
      `The ${city} database is behind this build: ${status.pending.length} migration(s) not applied (${status.pending.slice(0, 3).join(', ')}${status.pending.length > 3 ? ', …' : ''}). Run \`npm run admin -- migrate\` with this node's configuration (in docker-compose the migrate-${city} service) before starting it, or set MIGRATE_ON_START=true in development.`,
    );
  }
}

/** A DataSource on `databaseUrl`, migrated for `city` (tests, benchmarks, tools). */
export async function openMigratedDataSource(databaseUrl: string, poolSize = 10, city = 'nanjing'): Promise<DataSource> {
  const ds = new DataSource(nodeDataSourceOptions(databaseUrl, poolSize));
  await ds.initialize();
  await migrateDatabase(ds, city);
  return ds;
}
