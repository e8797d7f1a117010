import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { createTestDatabase } from '@ypf/testing';
import { openMigratedDataSource } from './migrate.js';
import { queryPrepared } from '@ypf/common';
import { insertTogether } from './insert-together.js';
import { AssistanceRequestEntity } from '../modules/assistance/entities/assistance-request.entity.js';
import { AssistanceAnswerEntity } from '../modules/assistance/entities/assistance-answer.entity.js';
import { OfficerNotificationEntity } from '../core/officer-notification.entity.js';
import { ResourceCatalogueEntryEntity } from '../modules/assistance/entities/resource-catalogue-entry.entity.js';

/** The statement helpers of the hot paths: several entities' rows in one statement, and prepared statements. */
describe('insertTogether and queryPrepared, on a migrated node database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;
  const at = new Date('2026-12-01T08:00:00Z');
  const request = (id: string): Partial<AssistanceRequestEntity> => ({
    id,
    requesterCity: 'taizhou',
    targetCities: ['suzhou'],
    kind: 'EQUIPMENT',
    title: 'Two drones',
    description: 'for the river festival',
    resourceType: 'DRONE',
    quantity: 2,
    catalogueEntryIds: [],
    location: 'Taizhou',
    startsAt: at,
    endsAt: null,
    servesReference: 'TZ-1',
    legalReference: null,
    priority: 'ROUTINE',
    status: 'SUBMITTED',
    cancelReason: null,
    createdById: 'taizhou:liaison',
    createdByName: 'Liaison',
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
    closedAt: null,
  });
  const answer = (requestId: string): Partial<AssistanceAnswerEntity> => ({ requestId, targetCity: 'suzhou', status: 'SUBMITTED', ackDueAt: at, answerDueAt: at, updatedAt: at });
  const notice = (reference: string): Partial<OfficerNotificationEntity> => ({ recipientRole: 'LIAISON_OFFICER', kind: 'assistance.incoming', text: 'x', reference, createdAt: at });
  const count = async (table: string, where: string, value: string) => Number((await ds.query(`SELECT count(*) AS n FROM ${table} WHERE ${where} = $1`, [value]))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase('insert_together');
    ds = await openMigratedDataSource(db.url, 2);
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  /** Runs `work` in a transaction and returns what it sent to the database (text and parameters), COMMIT included. */
  const sent = async <T>(work: (em: EntityManager) => Promise<T>) => {
    const statements: { text: string; values: unknown[] }[] = [];
    const result = await ds.transaction(async (em) => {
      const client = (await em.queryRunner!.connect()) as { query: (...args: unknown[]) => unknown };
      const query = client.query.bind(client);
      client.query = (q: unknown, values?: unknown) => {
        const c = typeof q === 'string' ? { text: q, values } : (q as { text: string; values?: unknown[] });
        statements.push({ text: c.text, values: (c.values as unknown[]) ?? [] });
        return query(q, values);
      };
      try {
        return await work(em);
      } finally {
        // the COMMIT is sent after this returns: counted through the wrapper still in place, then it goes
        setImmediate(() => (client.query = query));
      }
    });
    return { result, statements };
  };

  it('writes every part in one statement and counts the rows of each', async () => {
    const { result: counted, statements } = await sent((em) =>
      insertTogether(em, [
        { into: AssistanceRequestEntity, values: request('taizhou:R1'), orIgnore: true },
        { into: AssistanceAnswerEntity, values: answer('taizhou:R1') },
        { into: OfficerNotificationEntity, values: [notice('taizhou:R1'), notice('taizhou:R1')] },
      ]),
    );
    expect(counted).toEqual([1, 1, 2]);
    expect(statements.map((s) => s.text)).toEqual([expect.stringMatching(/^WITH p0 AS \(INSERT INTO "assistance_request"/), 'COMMIT']);
    const [row] = await ds.query(`SELECT title, quantity, starts_at, target_cities, catalogue_entry_ids, ends_at FROM assistance_request WHERE id = 'taizhou:R1'`);
    expect(row).toEqual({ title: 'Two drones', quantity: 2, starts_at: at, target_cities: ['suzhou'], catalogue_entry_ids: [], ends_at: null });
    expect(await count('assistance_answer', 'request_id', 'taizhou:R1')).toBe(1);
    const notes = await ds.query(`SELECT id, created_at FROM officer_notification WHERE reference = 'taizhou:R1'`);
    // the id was left undefined: the column's default (its sequence) numbered the rows
    expect(notes).toEqual([{ id: expect.stringMatching(/^\d+$/), created_at: at }, { id: expect.stringMatching(/^\d+$/), created_at: at }]);
  });

  it('sends one text for one row or many, each part\'s rows as one parameter (so the text is prepared once)', async () => {
    const one = await sent((em) => insertTogether(em, [{ into: OfficerNotificationEntity, values: notice('taizhou:N1') }]));
    const many = await sent((em) => insertTogether(em, [{ into: OfficerNotificationEntity, values: [notice('taizhou:N3'), notice('taizhou:N3'), notice('taizhou:N3')] }]));
    expect(one.result).toEqual([1]);
    expect(many.result).toEqual([3]);
    expect(many.statements[0].text).toBe(one.statements[0].text);
    expect(many.statements[0].values).toHaveLength(1);
    expect(JSON.parse(many.statements[0].values[0] as string)).toHaveLength(3);
  });

  it('leaves a part it cannot carry as JSON exactly to TypeORM\'s insert builder: a jsonb column, rows setting different properties', async () => {
    const entry = (id: string): Partial<ResourceCatalogueEntryEntity> => ({
      id,
      resourceType: 'DRONE',
      name: 'Drone team',
      description: 'two pilots',
      count: 2,
      unit: 'team',
      availability: [{ from: '2026-12-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }],
      contact: 'duty desk',
      updatedAt: at,
    });
    const { result, statements } = await sent((em) =>
      insertTogether(em, [
        { into: ResourceCatalogueEntryEntity, values: [entry('taizhou:C1'), entry('taizhou:C2')] },
        // only the first sets a legal reference: one column list cannot hold both, the builder writes DEFAULT for the second
        { into: AssistanceRequestEntity, values: [{ ...request('taizhou:R5'), legalReference: 'TZ-LEGAL-5' }, { ...request('taizhou:R6'), legalReference: undefined }] },
      ]),
    );
    expect(result).toEqual([2, 2]);
    expect(statements[0].text).toMatch(/^WITH p0 AS \(INSERT INTO "resource_catalogue_entry".* VALUES .*p1 AS \(INSERT INTO "assistance_request".* VALUES .*DEFAULT/s);
    const requests = await ds.query(`SELECT id, legal_reference FROM assistance_request WHERE id IN ('taizhou:R5', 'taizhou:R6') ORDER BY id`);
    expect(requests).toEqual([{ id: 'taizhou:R5', legal_reference: 'TZ-LEGAL-5' }, { id: 'taizhou:R6', legal_reference: null }]);
    const rows = await ds.query(`SELECT id, availability FROM resource_catalogue_entry WHERE id LIKE 'taizhou:C%' ORDER BY id`);
    expect(rows).toEqual([
      { id: 'taizhou:C1', availability: [{ from: '2026-12-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }] },
      { id: 'taizhou:C2', availability: [{ from: '2026-12-01T00:00:00Z', to: '2026-12-31T00:00:00Z' }] },
    ]);
  });

  it('carries a jsonb object (a notice\'s parameters) in the JSON statement, and reads it back as the object', async () => {
    const withParams = (reference: string, params: Record<string, string | number>) => ({ ...notice(reference), params });
    const { result, statements } = await sent((em) =>
      insertTogether(em, [{ into: OfficerNotificationEntity, values: [withParams('taizhou:P1', { title: '增援 "quoted"', seq: 3 }), withParams('taizhou:P2', { title: 'two' })] }]),
    );
    expect(result).toEqual([2]);
    expect(statements[0].text).toMatch(/json_populate_recordset/);
    const rows = await ds.query(`SELECT reference, params FROM officer_notification WHERE reference LIKE 'taizhou:P%' ORDER BY reference`);
    expect(rows).toEqual([
      { reference: 'taizhou:P1', params: { title: '增援 "quoted"', seq: 3 } },
      { reference: 'taizhou:P2', params: { title: 'two' } },
    ]);
  });

  it('counts a row skipped by orIgnore as not written', async () => {
    const counted = await ds.transaction((em) => insertTogether(em, [{ into: AssistanceRequestEntity, values: request('taizhou:R1'), orIgnore: true }, { into: OfficerNotificationEntity, values: notice('taizhou:R1') }]));
    expect(counted).toEqual([0, 1]);
  });

  it('stands or falls as one: a failing part leaves nothing of the others', async () => {
    await expect(
      ds.transaction((em) =>
        insertTogether(em, [
          { into: AssistanceRequestEntity, values: request('taizhou:R2') },
          { into: OfficerNotificationEntity, values: notice('taizhou:R2') },
          // the answer of R1 is there already: its key refuses this one
          { into: AssistanceAnswerEntity, values: answer('taizhou:R1') },
        ]),
      ),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await count('assistance_request', 'id', 'taizhou:R2')).toBe(0);
    expect(await count('officer_notification', 'reference', 'taizhou:R2')).toBe(0);
  });

  describe('queryPrepared', () => {
    const text = 'SELECT $1::int * 2 AS doubled';
    const prepared = (em: import('typeorm').EntityManager) =>
      em.query<{ name: string }[]>(`SELECT name, statement FROM pg_prepared_statements WHERE statement = $1`, [text]);

    it('runs a statement as one named prepared statement of the transaction\'s connection, whatever the values', async () => {
      await ds.transaction(async (em) => {
        expect(await queryPrepared(em, text, [2])).toEqual([{ doubled: 4 }]);
        expect(await queryPrepared(em, text, [21])).toEqual([{ doubled: 42 }]);
        const names = await prepared(em);
        expect(names).toHaveLength(1);
        expect(names[0].name).toMatch(/^ypf_[0-9a-f]{24}$/);
      });
    });

    it('runs as a plain query outside a transaction', async () => {
      // One connection, so the check below sees the session the query ran on.
      const single = await openMigratedDataSource(db.url, 1);
      try {
        const other = 'SELECT $1::int * 3 AS tripled';
        expect(await queryPrepared(single.manager, other, [5])).toEqual([{ tripled: 15 }]);
        expect(await single.query(`SELECT name FROM pg_prepared_statements WHERE statement = $1`, [other])).toEqual([]);
      } finally {
        await single.destroy();
      }
    });

    it('fails as TypeORM reports a failed query: a QueryFailedError with the SQLSTATE and the statement', async () => {
      const failed = ds.transaction((em) => queryPrepared(em, 'SELECT 1 / $1::int AS x', [0]));
      await expect(failed).rejects.toBeInstanceOf(QueryFailedError);
      await expect(failed).rejects.toMatchObject({ code: '22012', query: 'SELECT 1 / $1::int AS x', parameters: [0] });
    });
  });
});
