import { errorCodes, gql, homeTokenFor, readTokenFor, viaRegionEntity } from '@ypf/testing';
import { AuditLog } from '@ypf/audit';
import { startTestNode, type TestNode } from '../../testing/test-node.js';

/** The audit log is append-only and hash-chained; verification finds edits, deletions, insertions and reordering. */
describe('audit chain at a node', () => {
  let node: TestNode;
  const verify = async () => {
    const r = await gql(node.url, viaRegionEntity('taizhou', '{ auditChainVerification { ok checked headSeq firstBrokenSeq problem } }'), {
      token: homeTokenFor('taizhou', 'AUDITOR'),
    });
    expect(r.errors).toBeUndefined();
    return r.data!._entities[0].taizhou.auditChainVerification;
  };
  /** Simulates someone with database access: the append-only trigger is switched off around the change. */
  const tamper = async (sql: string, params: unknown[] = []) => {
    await node.db.transaction(async (em) => {
      await em.query('ALTER TABLE audit_entry DISABLE TRIGGER USER');
      await em.query(sql, params);
      await em.query('ALTER TABLE audit_entry ENABLE TRIGGER USER');
    });
  };

  beforeEach(async () => {
    node = await startTestNode('taizhou');
    // some traffic: logins, a cross-city search
    await gql(node.url, 'mutation { taizhou { login(username: "taizhou.analyst", password: "yangtze-demo") { token } } }');
    await gql(node.url, viaRegionEntity('taizhou', '{ searchIntelligence { total } }'), { token: readTokenFor('wuxi', 'ANALYST', 'taizhou'), purpose: 'WX-9' });
  });
  afterEach(async () => node?.close());

  it('verifies an untouched chain', async () => {
    const v = await verify();
    expect(v).toMatchObject({ ok: true, firstBrokenSeq: null, problem: null });
    expect(v.checked).toBeGreaterThanOrEqual(5);
  });

  it('keeps one unbroken chain while two processes of the city append at once', async () => {
    const second = await startTestNode('taizhou', { databaseUrl: node.databaseUrl });
    try {
      const before = (await verify()).checked as number;
      const search = viaRegionEntity('taizhou', '{ searchIntelligence { total } }');
      const results = await Promise.all(
        Array.from({ length: 40 }, (_, i) => gql(i % 2 ? second.url : node.url, search, { token: readTokenFor('wuxi', 'ANALYST', 'taizhou'), purpose: `WX-${i}` })),
      );
      // A head read before the lock was held would give two entries the same sequence number: a failed request.
      expect(results.filter((r) => r.errors)).toEqual([]);
      const after = await verify();
      expect(after).toMatchObject({ ok: true, problem: null });
      // the 40 searches and the first verification (an auditor's read is audited too)
      expect(after.checked).toBe(before + 41);
    } finally {
      await second.close();
    }
  });

  it('writes a transaction\'s 2,500 held records (more than one statement can carry) as one unbroken stretch', async () => {
    const before = (await verify()).checked as number;
    const audit = node.app.get(AuditLog);
    await node.db.transaction(async (em) => {
      const held = audit.defer(em);
      for (let i = 0; i < 2500; i++) await audit.append(em, { actor: { id: 'taizhou:bulk', city: 'taizhou', roles: ['ADMIN'] }, action: 'test.bulk', detail: { i } });
      await held.flush();
    });
    const after = await verify();
    expect(after).toMatchObject({ ok: true, problem: null });
    // the 2,500 records and the first verification
    expect(after.checked).toBe(before + 2501);
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the database itself', async () => {
    await expect(node.db.query(`UPDATE audit_entry SET actor_id = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(node.db.query('DELETE FROM audit_entry WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(node.db.query('TRUNCATE audit_entry')).rejects.toThrow(/append-only/);
  });

  it('detects an edited entry', async () => {
    await tamper(`UPDATE audit_entry SET actor_city = 'nanjing' WHERE seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3, problem: expect.stringMatching(/edited/) });
  });

  it('detects a deleted entry', async () => {
    await tamper('DELETE FROM audit_entry WHERE seq = 2');
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3 });
  });

  it('detects an inserted entry', async () => {
    await tamper(`INSERT INTO audit_entry SELECT 1000, at, actor_id, actor_city, actor_roles, purpose, action, resource_kind, resource_ids, access_level, outcome, detail, hash, hash FROM audit_entry ORDER BY seq DESC LIMIT 1`);
    const v = await verify();
    expect(v.ok).toBe(false);
    expect(v.firstBrokenSeq).toBe(1000);
  });

  it('detects reordered entries', async () => {
    await tamper('UPDATE audit_entry SET seq = -seq WHERE seq IN (2, 3)');
    await tamper('UPDATE audit_entry SET seq = 3 WHERE seq = -2');
    await tamper('UPDATE audit_entry SET seq = 2 WHERE seq = -3');
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('shows auditors who from other cities accessed the data, and nobody else', async () => {
    const r = await gql(node.url, viaRegionEntity('taizhou', '{ auditTrail(filter: { crossCityOnly: true }) { entries { actorCity action purpose resourceIds } } }'), {
      token: homeTokenFor('taizhou', 'AUDITOR'),
    });
    expect(r.data!._entities[0].taizhou.auditTrail.entries).toEqual([
      expect.objectContaining({ actorCity: 'wuxi', action: 'intelligence.search', purpose: 'WX-9' }),
    ]);
    const other = await gql(node.url, viaRegionEntity('taizhou', '{ auditTrail { entries { seq } } }'), { token: readTokenFor('wuxi', 'AUDITOR', 'taizhou') });
    expect(errorCodes(other)).toEqual(['HOME_NODE_ONLY']);
  });
});
