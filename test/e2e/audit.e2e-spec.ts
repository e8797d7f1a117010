import { gql, homeTokenFor, testEnv, tokenFor, withClient } from '@ypf/testing';

/** Oversight across the region: Taizhou's auditor sees who from other cities read its data, and the chain holds. */
describe('audit at Taizhou, through the gateway', () => {
  const verify = async () => {
    const r = await gql(testEnv.gatewayUrl(), '{ region { taizhou { auditChainVerification { ok checked firstBrokenSeq problem } } } }', { token: homeTokenFor('taizhou', 'AUDITOR') });
    expect(r.errors).toBeUndefined();
    return r.data!.region.taizhou.auditChainVerification;
  };

  it('records cross-city reads with who, city, role, purpose and level', async () => {
    await gql(testEnv.gatewayUrl(), '{ region { taizhou { intelligenceReport(id: "taizhou:demo-amber") { accessLevel } } } }', { token: tokenFor('changzhou', 'COORDINATOR'), purpose: 'CZ-2026-0099' });
    const r = await gql(testEnv.gatewayUrl(), '{ region { taizhou { auditTrail(filter: { actorCity: "changzhou" }) { entries { actorId actorRoles purpose action resourceIds accessLevel } } } } }', { token: homeTokenFor('taizhou', 'AUDITOR') });
    expect(r.data!.region.taizhou.auditTrail.entries).toContainEqual({
      actorId: 'changzhou:demo-coordinator',
      actorRoles: ['COORDINATOR'],
      purpose: 'CZ-2026-0099',
      action: 'intelligence.read',
      resourceIds: ['taizhou:demo-amber'],
      accessLevel: 'SUMMARY',
    });
  });

  it('verifies the chain, detects a tampered row, and verifies again once it is restored', async () => {
    expect(await verify()).toMatchObject({ ok: true, firstBrokenSeq: null });
    const db = testEnv.cityDatabaseUrls().taizhou;
    const tamper = (sql: string) =>
      withClient(db, async (c) => {
        await c.query('BEGIN');
        await c.query('ALTER TABLE audit_entry DISABLE TRIGGER USER');
        await c.query(sql);
        await c.query('ALTER TABLE audit_entry ENABLE TRIGGER USER');
        await c.query('COMMIT');
      });
    const original = await withClient(db, (c) => c.query('SELECT purpose FROM audit_entry WHERE seq = 2')).then((r) => r.rows[0].purpose as string | null);
    await tamper(`UPDATE audit_entry SET purpose = 'covered up' WHERE seq = 2`);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 2, problem: expect.stringMatching(/edited/) });
    await tamper(`UPDATE audit_entry SET purpose = ${original === null ? 'NULL' : `'${original}'`} WHERE seq = 2`);
    expect(await verify()).toMatchObject({ ok: true });
  });
});
