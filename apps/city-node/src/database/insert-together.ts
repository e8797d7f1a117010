import type { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import { queryPrepared } from '@ypf/common';

/** One INSERT of `insertTogether`: rows of one entity. */
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
 *
 * A part's rows travel as one JSON parameter, read by `json_populate_recordset` into the table's own row type: the
 * text depends only on the tables and columns, not on the number of rows, so it runs as a prepared statement (see
 * `queryPrepared`), and building it costs next to nothing. Columns come from the entity's metadata; a property left
 * undefined in every row takes the column's default. A part this cannot carry exactly as TypeORM's insert builder
 * would (a value transformer, a column type outside the plain ones, rows that set different properties) is built by
 * that builder instead.
 */
export async function insertTogether(em: EntityManager, parts: readonly InsertPart[]): Promise<number[]> {
  if (parts.length === 0) return [];
  const steps: string[] = [];
  const params: unknown[] = [];
  let fixedText = true;
  parts.forEach((part, i) => {
    const rows = (Array.isArray(part.values) ? part.values : [part.values]) as ObjectLiteral[];
    const recordset = asRecordset(em, part.into, rows);
    if (recordset) {
      params.push(recordset.json);
      steps.push(`p${i} AS (${recordset.sql(params.length)}${part.orIgnore ? ' ON CONFLICT DO NOTHING' : ''} RETURNING 1)`);
      return;
    }
    let qb = em.createQueryBuilder().insert().into(part.into).values(part.values as ObjectLiteral).updateEntity(false).returning('1');
    if (part.orIgnore) qb = qb.orIgnore();
    const [sql, own] = qb.getQueryAndParameters();
    // TypeORM numbers each statement's parameters from $1; the combined statement numbers them in sequence.
    const offset = params.length;
    steps.push(`p${i} AS (${sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`);
    params.push(...own);
    if (rows.length > 1) fixedText = false;
  });
  const counts = parts.map((_, i) => `(SELECT count(*) FROM p${i})::int AS n${i}`).join(', ');
  const text = `WITH ${steps.join(', ')} SELECT ${counts}`;
  const [row] = fixedText ? await queryPrepared<Record<string, number>>(em, text, params) : (await em.query<Record<string, number>[]>(text, params));
  return parts.map((_, i) => row[`n${i}`]);
}

/** Column types whose values mean the same in JSON as in the driver's parameters (jsonb does not: a string is text there). */
const PLAIN_TYPES = new Set(['varchar', 'character varying', 'text', 'integer', 'int', 'int4', 'bigint', 'int8', 'smallint', 'timestamptz', 'timestamp with time zone', 'boolean', 'bool', 'uuid']);

/** What an entity's rows need to travel as JSON: its table and the columns an INSERT may write (null: it cannot). */
interface Shape {
  table: string;
  /** `json`: a jsonb column, carried as is when every row's value is an object or null (a string would be text). */
  columns: { property: string; name: string; plain: boolean; json: boolean }[];
}

const shapes = new WeakMap<EntityMetadata, Shape | null>();

function shapeOf(em: EntityManager, meta: EntityMetadata): Shape | null {
  let shape = shapes.get(meta);
  if (shape !== undefined) return shape;
  // What TypeORM's builder fills in or derives itself (versions, relations, embedded objects, trees, inheritance)
  // stays with it; so does a value transformer.
  const derived = meta.versionColumn || meta.discriminatorColumn || meta.treeLevelColumn || meta.relations.length || meta.embeddeds.length || meta.schema;
  // As the builder does: an auto-increment key is always the database's, a column marked insert: false never written.
  const insertable = meta.columns.filter((c) => c.isInsert && !(c.isGenerated && c.generationStrategy === 'increment'));
  const escape = (name: string) => em.connection.driver.escape(name);
  shape =
    derived || meta.columns.some((c) => c.isVirtual || c.isVirtualProperty || c.transformer)
      ? null
      : {
          table: escape(meta.tableName),
          columns: insertable.map((c) => ({ property: c.propertyName, name: c.databaseName, plain: typeof c.type === 'string' && PLAIN_TYPES.has(c.type), json: c.type === 'jsonb' })),
        };
  shapes.set(meta, shape);
  return shape;
}

function asRecordset(em: EntityManager, into: EntityTarget<ObjectLiteral>, rows: ObjectLiteral[]): { json: string; sql: (param: number) => string } | null {
  const shape = shapeOf(em, em.connection.getMetadata(into));
  if (!shape) return null;
  const columns = shape.columns.filter((c) => rows[0][c.property] !== undefined);
  if (columns.length === 0 || !columns.every((c) => c.plain || c.json)) return null;
  // Every row must set exactly these properties (the statement has one column list for all of them), to values JSON
  // carries as the driver would: an invalid date, a number that is not finite or a bigint goes to the builder, which
  // fails on it as before rather than writing null.
  const set = columns.length;
  for (const r of rows) {
    let n = 0;
    for (const c of shape.columns) if (r[c.property] !== undefined) n += 1;
    if (n !== set) return null;
    for (const c of columns) {
      const v: unknown = r[c.property];
      if (v === undefined || typeof v === 'bigint' || (typeof v === 'number' && !Number.isFinite(v)) || (v instanceof Date && Number.isNaN(v.getTime()))) return null;
      if (c.json && (typeof v !== 'object' || v instanceof Date || Array.isArray(v))) return null;
    }
  }
  // Keyed by column name; a Date becomes its ISO-8601 instant, which timestamptz reads back exactly.
  const json = JSON.stringify(
    rows.map((r) => {
      const o: Record<string, unknown> = {};
      for (const c of columns) o[c.name] = r[c.property];
      return o;
    }),
  );
  const names = columns.map((c) => em.connection.driver.escape(c.name)).join(', ');
  return { json, sql: (param) => `INSERT INTO ${shape.table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${shape.table}, $${param}::json)` };
}
