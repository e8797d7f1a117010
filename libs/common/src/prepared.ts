import { createHash } from 'node:crypto';
import { type EntityManager, QueryFailedError } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

const names = new Map<string, string>();

/**
 * Runs a statement as a named prepared statement of the caller's connection: PostgreSQL parses it once per connection
 * and, after a few runs, keeps a generic plan. For statements run for every message or every audited read, whose
 * planning cost more than their execution (measured with pg_stat_statements on a delivery drain).
 *
 * Only for texts fixed in the code (the values vary): each distinct text stays prepared on each connection that ran
 * it, for the connection's life. Outside a transaction (no query runner) it runs as a plain query. A failure is a
 * QueryFailedError with the driver's SQLSTATE `code`, as from `EntityManager.query`.
 */
export async function queryPrepared<T = Record<string, unknown>>(em: EntityManager, text: string, values: unknown[]): Promise<T[]> {
  const runner = em.queryRunner;
  if (!runner || runner.isReleased) return em.query<T[]>(text, values);
  let name = names.get(text);
  if (!name) {
    name = `ypf_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  const client = (await runner.connect()) as PgClient;
  try {
    return (await client.query({ name, text, values })).rows as T[];
  } catch (e) {
    // As TypeORM reports a failed query: the statement and values with the driver's error (its `code` kept).
    throw new QueryFailedError(text, values, e as Error);
  }
}
