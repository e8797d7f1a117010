import type { FeedEvent } from './feed-event.js';
import { FeedSubscription, type ReplayRows } from './feed-subscription.js';

const event = (id: number, role = 'LIAISON_OFFICER'): FeedEvent => ({
  id: String(id),
  kind: 'test',
  text: `event ${id}`,
  reference: `ref-${id}`,
  recipientRole: role,
  createdAt: new Date(0).toISOString(),
  params: [],
});

/** Rows 1..n in a table, read as the repository would (after an id, for roles, limited). */
const table = (rows: FeedEvent[], reads: string[] = []): ReplayRows => async (after, roles, limit) => {
  reads.push(after);
  return rows.filter((r) => BigInt(r.id) > BigInt(after) && roles.includes(r.recipientRole)).slice(0, limit);
};

const take = async (s: FeedSubscription, n: number) => {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(((await s.next()).value as FeedEvent).id);
  return ids;
};

describe('FeedSubscription', () => {
  it('replays the rows after since page by page, then the live events held meanwhile, each once', async () => {
    const rows = [1, 2, 3, 4, 5].map((i) => event(i));
    const reads: string[] = [];
    const s = new FeedSubscription(['LIAISON_OFFICER'], '1', table(rows, reads), { maxPending: 10, replayPage: 2, rememberSent: 100 });
    // Announced while the replay has not reached them yet (4, 5) or at all (6): held, then sent once.
    s.push(rows[3]);
    s.push(rows[4]);
    s.push(event(6));
    expect(await take(s, 5)).toEqual(['2', '3', '4', '5', '6']);
    expect(reads).toEqual(['1', '3', '5']);
    // Live from now on.
    setTimeout(() => s.push(event(7)), 10);
    expect(await take(s, 1)).toEqual(['7']);
    expect(s.lastSentId).toBe('7');
  });

  it('without since sends only live events, and ends when the client is gone', async () => {
    let detached = false;
    const s = new FeedSubscription(['ANALYST'], null, async () => {
      throw new Error('no replay without since');
    });
    s.onEnd(() => (detached = true));
    s.push(event(9, 'ANALYST'));
    expect(await take(s, 1)).toEqual(['9']);
    const pending = s.next();
    await s.return();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(detached).toBe(true);
    s.push(event(10, 'ANALYST'));
    expect((await s.next()).done).toBe(true);
  });

  it('ends a subscription that falls too far behind with FEED_LAGGING and the id to resume from', async () => {
    const s = new FeedSubscription(['ANALYST'], null, table([]), { maxPending: 2, replayPage: 10, rememberSent: 10 });
    s.push(event(1, 'ANALYST'));
    expect(await take(s, 1)).toEqual(['1']);
    for (const i of [2, 3, 4]) s.push(event(i, 'ANALYST'));
    const error = await s.next().then(() => null, (e: Error & { extensions: unknown }) => e);
    expect(error?.extensions).toEqual({ code: 'FEED_LAGGING' });
    expect(error?.message).toContain('subscribe again with since: "1"');
    expect((await s.next()).done).toBe(true);
  });

  it('turns a failed replay read into FEED_UNAVAILABLE without its details', async () => {
    const s = new FeedSubscription(['ANALYST'], '5', async () => {
      throw new Error('connection terminated unexpectedly at 10.0.0.7');
    });
    const error = await s.next().then(() => null, (e: Error & { extensions: unknown }) => e);
    expect(error?.extensions).toEqual({ code: 'FEED_UNAVAILABLE' });
    expect(error?.message).not.toContain('10.0.0.7');
  });
});
