import { gql, homeTokenFor } from '@ypf/testing';
import { startTestNode, type TestNode } from '../../../testing/test-node.js';

/** The expiry job through the real queue (BullMQ on the node's PostgreSQL): overdue reports disappear, audited. */
describe('scheduled expiry of intelligence past its review date', () => {
  let node: TestNode;

  beforeAll(async () => {
    node = await startTestNode('suzhou', { env: { EXPIRY_SWEEP_MS: '300' } });
  });
  afterAll(async () => node?.close());

  it('purges a published report once its review date has passed, and only then', async () => {
    const analyst = homeTokenFor('suzhou', 'ANALYST');
    const reviewDate = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const created = await gql(node.url, 'mutation($input: IntelligenceReportInput!) { suzhou { createIntelligenceReport(input: $input) { id } } }', {
      token: analyst,
      variables: {
        input: { title: 'Canal theft ring', summary: 'Boats stripped at night.', body: 'Pattern along the Grand Canal.', category: 'THEFT_ROBBERY', sourceReliability: 'B', informationCredibility: 2, tlp: 'GREEN', scope: 'REGION', reviewDate, identifiers: [{ kind: 'PHONE', value: '13511112222' }] },
      },
    });
    const id = created.data!.suzhou.createIntelligenceReport.id as string;
    for (const [op, token] of [['submit', analyst], ['approve', homeTokenFor('suzhou', 'SUPERVISOR')], ['publish', analyst]] as const) {
      const r = await gql(node.url, `mutation { suzhou { ${op}IntelligenceReport(id: "${id}") { status } } }`, { token });
      expect(r.errors).toBeUndefined();
    }
    const status = async () => (await node.db.query('SELECT status FROM intelligence_report WHERE id = $1', [id]))[0].status;
    await new Promise((r) => setTimeout(r, 1500)); // several sweeps run
    expect(await status()).toBe('PUBLISHED');

    node.clock.advanceDays(4);
    const deadline = Date.now() + 15_000;
    while ((await status()) !== 'PURGED' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await status()).toBe('PURGED');
    const audit = await node.db.query(`SELECT actor_id, action FROM audit_entry WHERE action = 'intelligence.purge' AND $1 = ANY(resource_ids)`, [id]);
    expect(audit).toEqual([{ actor_id: 'suzhou:system', action: 'intelligence.purge' }]);
    const jobs = await node.db.query(`SELECT count(*)::int AS n FROM bullmq.job WHERE name = 'intelligence.expire-overdue' AND state = 'completed'`);
    expect(jobs[0].n).toBeGreaterThan(1);
  });
});
