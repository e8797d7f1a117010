import { type DataSource, QueryFailedError } from 'typeorm';
import { createTestDatabase } from '@ypf/testing';
import { openMigratedDataSource } from './data-source.js';
import { queryPrepared } from '@ypf/common';
import { insertTogether } from './insert-together.js';
import { AssistanceRequestEntity } from '../modules/assistance/entities/assistance-request.entity.js';
import { AssistanceAnswerEntity } from '../modules/assistance/entities/assistance-answer.entity.js';
import { OfficerNotificationEntity } from '../modules/assistance/entities/officer-notification.entity.js';

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

  it('writes every part in one statement and counts the rows of each', async () => {
    const statements: string[] = [];
    const counted = await ds.transaction(async (em) => {
      const query = em.queryRunner!.query.bind(em.queryRunner);
      em.queryRunner!.query = ((sql: string, ...rest: never[]) => (statements.push(sql), query(sql, ...rest))) as typeof query;
      return insertTogether(em, [
        { into: AssistanceRequestEntity, values: request('taizhou:R1'), orIgnore: true },
        { into: AssistanceAnswerEntity, values: answer('taizhou:R1') },
        { into: OfficerNotificationEntity, values: [notice('taizhou:R1'), notice('taizhou:R1')] },
      ]);
    });
    expect(counted).toEqual([1, 1, 2]);
    // BEGIN is sent before the wrapper is in place; what the work sent is the one statement and the COMMIT.
    expect(statements).toEqual([expect.stringMatching(/^WITH p0 AS \(INSERT INTO "assistance_request"/), 'COMMIT']);
    const [row] = await ds.query(`SELECT title, quantity, starts_at, target_cities FROM assistance_request WHERE id = 'taizhou:R1'`);
    expect(row).toEqual({ title: 'Two drones', quantity: 2, starts_at: at, target_cities: ['suzhou'] });
    expect(await count('assistance_answer', 'request_id', 'taizhou:R1')).toBe(1);
    expect(await count('officer_notification', 'reference', 'taizhou:R1')).toBe(2);
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
      em.query(`SELECT name, statement FROM pg_prepared_statements WHERE statement = $1`, [text]) as Promise<{ name: string }[]>;

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
