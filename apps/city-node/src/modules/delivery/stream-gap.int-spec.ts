import { gql, homeTokenFor } from '@ypf/testing';
import { eventually, startTestCluster, type TestCluster } from '../../testing/test-node.js';
import { DeliveryHandlers } from './delivery-handlers.js';
import { OutboxService } from './outbox.service.js';
import { deliverBatchByHand, deliverByHand } from '../../testing/deliver-by-hand.js';

/**
 * A stream with a gap: message 2 of a stream is dead at the sender while message 3 reaches the target. The target holds
 * 3 (it applies a stream in order); the sender shows 3 as BUFFERED with what it waits for, not as delivered, and shows
 * it DELIVERED once message 2 is re-driven and the target has applied both.
 */
describe('a stream held behind a dead message', () => {
  let cluster: TestCluster;
  const applied: number[] = [];

  beforeAll(async () => {
    cluster = await startTestCluster(['taizhou', 'suzhou'], {
      env: { DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) },
    });
    // A message kind only this test sends, applied at Suzhou by recording its number; Taizhou may send it (as the
    // lead of an operation Suzhou has never heard of, which the id names).
    cluster.nodes.suzhou.app.get(DeliveryHandlers).register('test.note', async (_em, _env, payload) => void applied.push(Number(payload.n)), undefined, {
      about: 'joint_operation',
      id: () => 'taizhou:01TESTNOTE0000000000000000',
      from: () => ['lead'],
      says: 'taizhou (test)',
    });
  }, 60_000);
  afterAll(async () => cluster?.close(), 60_000);

  const outboxRows = async (stream: string) =>
    await cluster.nodes.taizhou.db.query<{
      id: string;
      stream_seq: number;
      status: string;
      last_error: string | null;
    }[]>('SELECT id, stream_seq, status, last_error FROM outbox_message WHERE stream_key = $1 ORDER BY stream_seq', [stream]);

  it('shows the held message as BUFFERED with what it waits for, then DELIVERED once the gap is re-driven', async () => {
    const outbox = cluster.nodes.taizhou.app.get(OutboxService);
    const stream = 'notes-gap';
    const ids = await cluster.nodes.taizhou.db.transaction(async (em) => {
      const out: string[] = [];
      for (const n of [1, 2, 3]) out.push((await outbox.enqueue(em, { target: 'suzhou', kind: 'test.note', streamKey: stream, payload: { n } }, { leaveToSweeper: true })).id);
      return out;
    });
    // Message 2 never got through (as if it ran out of attempts while Suzhou was away).
    await cluster.nodes.taizhou.db.query("UPDATE outbox_message SET status = 'DEAD', attempts = 15, dead_reason = 'gave up after 15 attempts: test' WHERE id = $1", [ids[1]]);
    await outbox.dispatch([{ id: ids[0] }, { id: ids[2] }]);

    const held = (await eventually(async () => {
      const rows = await outboxRows(stream);
      return rows[0].status === 'DELIVERED' && rows[2].status === 'BUFFERED' ? rows : undefined;
    }, 20_000, 'message 3 held behind the dead message 2'))!;
    expect(held.map((r) => r.status)).toEqual(['DELIVERED', 'DEAD', 'BUFFERED']);
    expect(held[2].last_error).toBe('held by suzhou: waiting for message 2 of this stream');
    expect(applied).toEqual([1]);
    // The sender's officers see it in the delivery status, with what it waits for.
    const listed = await gql(
      cluster.urls.taizhou,
      '{ _entities(representations: [{ __typename: "Region", id: "yangtze-jiangsu" }]) { ... on Region { taizhou { outboxMessages(filter: { status: BUFFERED }) { id lastError } } } } }',
      { token: homeTokenFor('taizhou', 'ADMIN') },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!._entities[0].taizhou.outboxMessages).toEqual([{ id: ids[2], lastError: 'held by suzhou: waiting for message 2 of this stream' }]);
    // An admin re-drives message 2.
    const redrive = await gql(cluster.urls.taizhou, `mutation { taizhou { redriveMessage(id: "${ids[1]}") { status } } }`, { token: homeTokenFor('taizhou', 'ADMIN') });
    expect(redrive.errors).toBeUndefined();

    const done = (await eventually(async () => {
      const rows = await outboxRows(stream);
      return rows.every((r) => r.status === 'DELIVERED') ? rows : undefined;
    }, 20_000, 'the whole stream delivered after the re-drive'))!;
    expect(done.map((r) => r.last_error)).toEqual([null, null, null]);
    expect(applied).toEqual([1, 2, 3]);
  }, 60_000);

  it('applies a whole stream carried in one call in order, once, and leaves the stream at its last message', async () => {
    const outbox = cluster.nodes.taizhou.app.get(OutboxService);
    const stream = 'notes-one-call';
    await cluster.nodes.taizhou.db.transaction(async (em) => {
      for (const n of [11, 12, 13, 14]) await outbox.enqueue(em, { target: 'suzhou', kind: 'test.note', streamKey: stream, payload: { n } }, { leaveToSweeper: true });
    });
    // Sent newest first: the receiver orders a stream's messages itself.
    const rows = await cluster.nodes.taizhou.db.query(
      'SELECT id, target_city, kind, stream_key, stream_seq, payload, created_at FROM outbox_message WHERE stream_key = $1 ORDER BY stream_seq DESC',
      [stream],
    );
    const before = applied.length;
    const first = await deliverBatchByHand(cluster, 'taizhou', rows);
    expect(first.errors).toBeUndefined();
    expect(first.data!.map((r) => r.status)).toEqual(['APPLIED', 'APPLIED', 'APPLIED', 'APPLIED']);
    expect(applied.slice(before)).toEqual([11, 12, 13, 14]);
    const position = async () =>
      (await cluster.nodes.suzhou.db.query("SELECT last_applied_seq FROM inbox_stream WHERE source_city = 'taizhou' AND stream_key = $1", [stream]))[0].last_applied_seq;
    expect(await position()).toBe(4);
    const states = await cluster.nodes.suzhou.db.query("SELECT state, applied_at IS NOT NULL AS stamped FROM inbox_message WHERE source_city = 'taizhou' AND stream_key = $1", [stream]);
    expect(states).toEqual(Array(4).fill({ state: 'APPLIED', stamped: true }));
    // The same call again: every message a duplicate, nothing applied twice, the position unchanged.
    const again = await deliverBatchByHand(cluster, 'taizhou', rows);
    expect(again.data!.map((r) => r.status)).toEqual(['DUPLICATE', 'DUPLICATE', 'DUPLICATE', 'DUPLICATE']);
    expect(applied.slice(before)).toEqual([11, 12, 13, 14]);
    expect(await position()).toBe(4);
  }, 60_000);

  it('applies a successor buffered by the call it waited for: no stream is left holding a message', async () => {
    const outbox = cluster.nodes.taizhou.app.get(OutboxService);
    const streams = Array.from({ length: 20 }, (_, i) => `notes-race-${i}`);
    await cluster.nodes.taizhou.db.transaction(async (em) => {
      for (const stream of streams) for (const n of [1, 2, 3]) await outbox.enqueue(em, { target: 'suzhou', kind: 'test.note', streamKey: stream, payload: { n: 100 + n } }, { leaveToSweeper: true });
    });
    const rows = await cluster.nodes.taizhou.db.query(
      'SELECT id, target_city, kind, stream_key, stream_seq, payload, created_at FROM outbox_message WHERE stream_key = ANY($1) ORDER BY stream_key, stream_seq',
      [streams],
    );
    const of = (stream: string, seq: number) => rows.find((r: { stream_key: string; stream_seq: number }) => r.stream_key === stream && r.stream_seq === seq);
    for (const stream of streams) expect((await deliverByHand(cluster, 'taizhou', of(stream, 1))).status).toBe('APPLIED');
    // Message 3 and message 2 of every stream at once: 3 is held until 2 is applied, whichever call runs first.
    await Promise.all(streams.map((stream) => Promise.all([deliverByHand(cluster, 'taizhou', of(stream, 3)), deliverByHand(cluster, 'taizhou', of(stream, 2))])));
    const positions = await cluster.nodes.suzhou.db.query(
      "SELECT stream_key, last_applied_seq FROM inbox_stream WHERE source_city = 'taizhou' AND stream_key = ANY($1) ORDER BY stream_key",
      [streams],
    );
    expect(positions.filter((p: { last_applied_seq: number }) => p.last_applied_seq !== 3)).toEqual([]);
    const [{ held }] = await cluster.nodes.suzhou.db.query("SELECT count(*)::int AS held FROM inbox_message WHERE state = 'BUFFERED' AND stream_key = ANY($1)", [streams]);
    expect(held).toBe(0);
  }, 60_000);

  it('releases messages held by a process of an earlier version (no mark on the stream row)', async () => {
    const outbox = cluster.nodes.taizhou.app.get(OutboxService);
    const [later, repeat] = ['notes-legacy-later', 'notes-legacy-repeat'];
    await cluster.nodes.taizhou.db.transaction(async (em) => {
      for (const stream of [later, repeat]) for (const n of [1, 2, 3]) await outbox.enqueue(em, { target: 'suzhou', kind: 'test.note', streamKey: stream, payload: { n: 200 + n } }, { leaveToSweeper: true });
    });
    const rows = await cluster.nodes.taizhou.db.query(
      'SELECT id, target_city, kind, stream_key, stream_seq, payload, created_at FROM outbox_message WHERE stream_key = ANY($1) ORDER BY stream_key, stream_seq',
      [[later, repeat]],
    );
    const of = (stream: string, seq: number) => rows.find((r: { stream_key: string; stream_seq: number }) => r.stream_key === stream && r.stream_seq === seq);
    /** As an earlier version held a message: the inbox row only, the stream's mark untouched. */
    const holdAsBefore = (row: { id: string; kind: string; stream_key: string; stream_seq: number; payload: string }) =>
      cluster.nodes.suzhou.db.query(
        "INSERT INTO inbox_message (source_city, id, kind, stream_key, stream_seq, payload, state, received_at) VALUES ('taizhou', $1, $2, $3, $4, $5, 'BUFFERED', now())",
        [row.id, row.kind, row.stream_key, row.stream_seq, row.payload],
      );
    const position = async (stream: string) =>
      (await cluster.nodes.suzhou.db.query("SELECT last_applied_seq FROM inbox_stream WHERE source_city = 'taizhou' AND stream_key = $1", [stream]))[0].last_applied_seq;
    for (const stream of [later, repeat]) expect((await deliverByHand(cluster, 'taizhou', of(stream, 1))).status).toBe('APPLIED');

    // Message 3 held the old way; message 2 arrives: both are applied.
    await holdAsBefore(of(later, 3));
    expect((await deliverByHand(cluster, 'taizhou', of(later, 2))).status).toBe('APPLIED');
    expect(await position(later)).toBe(3);

    // Message 2 held the old way although 1 is applied (never released); its repeat applies it.
    await holdAsBefore(of(repeat, 2));
    expect((await deliverByHand(cluster, 'taizhou', of(repeat, 2))).status).toBe('APPLIED');
    expect(await position(repeat)).toBe(2);
    expect(applied.filter((n) => n > 200)).toEqual([201, 201, 202, 203, 202]);
  }, 60_000);
});
