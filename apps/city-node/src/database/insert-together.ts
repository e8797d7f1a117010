import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { queryPrepared } from '@ypf/common';

/** One INSERT of `insertTogether`: rows of one entity, built by TypeORM's insert builder (columns, defaults, types). */
export interface InsertPart<T extends ObjectLiteral = ObjectLiteral> {
  into: EntityTarget<T>;
  values: Partial<T> | Partial<T>[];
  /** ON CONFLICT DO NOTHING: a row whose key is already there is skipped (and not counted). */
  orIgnore?: boolean;
}

/**
 * Several INSERTs in one statement, so in one round trip: each part becomes one step of a WITH, and the steps run on
 * one snapshot and stand or fall together (a step that fails, e.g. on a key, fails the statement and nothing of it
 * stays). Returns the rows each part wrote, in order: with `orIgnore`, fewer than given when some were there already.
 * With one row per part the text is fixed for a call site, so it runs as a prepared statement (see `queryPrepared`).
 */
export async function insertTogether(em: EntityManager, parts: readonly InsertPart[]): Promise<number[]> {
  if (parts.length === 0) return [];
  const steps: string[] = [];
  const params: unknown[] = [];
  parts.forEach((part, i) => {
    let qb = em.createQueryBuilder().insert().into(part.into).values(part.values as ObjectLiteral).updateEntity(false).returning('1');
    if (part.orIgnore) qb = qb.orIgnore();
    const [sql, own] = qb.getQueryAndParameters();
    // TypeORM numbers each statement's parameters from $1; the combined statement numbers them in sequence.
    const offset = params.length;
    steps.push(`p${i} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    params.push(...own);
  });
  const counts = parts.map((_, i) => `(SELECT count(*) FROM p${i})::int AS n${i}`).join(', ');
  const text = `WITH ${steps.join(', ')} SELECT ${counts}`;
  const oneRowEach = parts.every((p) => !Array.isArray(p.values));
  const [row] = oneRowEach ? await queryPrepared<Record<string, number>>(em, text, params) : ((await em.query(text, params)) as Record<string, number>[]);
  return parts.map((_, i) => row[`n${i}`]);
}
