import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { EntityManager } from 'typeorm';
import { startTestNode, type TestNode } from '../../testing/test-node.js';
import { OutboxService, SWEEP_PAGE } from './outbox.service.js';
import { DELIVERY_QUEUE, SEND_MESSAGE_JOB, sendJobId } from './delivery.jobs.js';

/**
 * The sweeper on a real node and queue (PostgreSQL or Redis): it pages through all stuck outbox rows instead of
 * looking at the oldest page forever, and a message it re-enqueues keeps its attempt count (so it still goes DEAD
 * after DELIVERY_MAX_ATTEMPTS sends rather than retrying for ever).
 */
describe('outbox sweeper', () => {
  // Suzhou is configured at a port nothing listens on: every send fails; the scheduled sweep stays out of the way.
  const env = {
    CITY_URLS: JSON.stringify({ suzhou: 'http://127.0.0.1:9/graphql' }),
    DELIVERY_MAX_ATTEMPTS: '3',
    DELIVERY_BACKOFF_MS: '60000',
    DELIVERY_SWEEP_MS: '3600000',
    DELIVERY_TIMEOUT_MS: '500',
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  };
  let node: TestNode;
  const outbox = () => node.app.get(OutboxService);
  const queue = () => node.app.get<Queue>(getQueueToken(DELIVERY_QUEUE));
  const row = async (id: string) => (await node.db.query('SELECT status, attempts, dead_reason FROM outbox_message WHERE id = $1', [id]))[0] as { status: string; attempts: number; dead_reason: string | null };
  const enqueue = (n: number) =>
    node.db.transaction(async (em) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await outbox().enqueue(em, { target: 'suzhou', kind: 'test.noop', streamKey: `sweep-${i}`, payload: { i } }, { leaveToSweeper: true })).id);
      return ids;
    });
  /** Past the sweeper's grace period (one sweep period, here an hour) and any back-off, on the node's clock. */
  const later = () => node.clock.set(new Date(node.clock.now().getTime() + 2 * 3_600_000));

  afterEach(async () => node?.close(), 60_000);

  it('hands what a transaction wrote to the queue when it commits, and nothing of one that rolls back (the seam)', async () => {
    node = await startTestNode('taizhou', { demoSeed: false, env });
    const write = (n: number) => (em: EntityManager) => outbox().enqueue(em, { target: 'suzhou', kind: 'test.noop', streamKey: `seam-${n}`, payload: { n } });
    // Committed: its job exists as the transaction returns, with no dispatch call (the sweeper runs hourly here).
    const committed = await node.db.transaction(async (em) => (await write(1)(em)).id);
    expect(await queue().getJob(sendJobId(committed))).toBeDefined();
    // Inside a nested transaction (a savepoint) it waits for the outer commit.
    const nested = await node.db.transaction(async (em) => {
      const id = await em.transaction(async (inner) => (await write(2)(inner)).id);
      expect(await queue().getJob(sendJobId(id))).toBeUndefined();
      return id;
    });
    expect(await queue().getJob(sendJobId(nested))).toBeDefined();
    // Rolled back: no row, no job.
    let rolledBack = '';
    await expect(
      node.db.transaction(async (em) => {
        rolledBack = (await write(3)(em)).id;
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await node.db.query('SELECT id FROM outbox_message WHERE id = $1', [rolledBack])).toEqual([]);
    expect(await queue().getJob(sendJobId(rolledBack))).toBeUndefined();
    // Outside a transaction nothing is written: a message is sent when what it reports has committed.
    await expect(outbox().enqueue(node.db.manager, { target: 'suzhou', kind: 'test.noop', streamKey: 'seam-4', payload: {} })).rejects.toThrow(/inside a transaction/);
  }, 60_000);

  it('pages through more stuck rows than one sweep looks at', async () => {
    node = await startTestNode('taizhou', { demoSeed: false, env });
    await enqueue(SWEEP_PAGE + 50);
    // In the sweeper's order (ids made in one millisecond need not sort in the order they were made).
    const ids = (await node.db.query<{ id: string }[]>('SELECT id FROM outbox_message ORDER BY id')).map((r) => r.id);
    // The oldest page still has live (delayed) jobs; the 50 after it lost theirs.
    for (const id of ids.slice(0, SWEEP_PAGE)) {
      await queue().add(SEND_MESSAGE_JOB, { city: 'taizhou', messageId: id }, { jobId: sendJobId(id), delay: 3_600_000 });
    }
    later();
    expect(await outbox().sweep()).toBe(0);
    expect(await outbox().sweep()).toBe(50);
    for (const id of ids.slice(SWEEP_PAGE)) expect(await queue().getJob(sendJobId(id))).toBeDefined();
    // Back to the oldest page next time: its jobs are live, so nothing more to do.
    expect(await outbox().sweep()).toBe(0);
  }, 60_000);

  it('keeps a message\'s attempt count when its job is lost and re-created, so it still goes DEAD', async () => {
    node = await startTestNode('taizhou', { demoSeed: false, env });
    const [id] = await enqueue(1);
    await outbox().dispatch([{ id }]);
    let seen = 0;
    for (let round = 0; round < 6; round++) {
      const deadline = Date.now() + 15_000;
      let r = await row(id);
      while (r.status !== 'DEAD' && r.attempts <= seen && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        r = await row(id);
      }
      if (r.status === 'DEAD') break;
      expect(r.attempts).toBe(seen + 1);
      seen = r.attempts;
      // The job (waiting out its one-minute back-off) is lost; the sweeper re-creates it, and BullMQ counts from 1 again.
      await (await queue().getJob(sendJobId(id)))!.remove();
      later();
      expect(await outbox().sweep()).toBe(1);
    }
    const final = await row(id);
    expect(final.status).toBe('DEAD');
    expect(final.attempts).toBe(3);
    expect(final.dead_reason).toMatch(/^gave up after 3 attempts/);
  }, 120_000);
});
