import { loadPrivateKey, signNodeToken } from '@ypf/auth';
import { gql, homeTokenFor, readTokenFor, testEnv, viaRegionEntity } from '@ypf/testing';
import type { DataSource } from 'typeorm';
import { eventually, startTestCluster, startTestNode, type TestCluster, type TestNode } from '../../testing/test-node.js';
import { type FeedSubscriber, subscribeFeed } from '../../testing/feed-client.js';
import { FEED_LISTENER_APP_NAME, FeedListener } from './feed-listener.js';

/**
 * The live feed at a city's home node over real WebSockets: Taizhou files assistance requests with Suzhou, whose
 * city runs two node processes (A, the cluster's, and B) on one database. Notifications are announced by the
 * database on commit (NOTIFY), so a subscriber on either process hears every event exactly once.
 */
describe('live feed at the home node', () => {
  let cluster: TestCluster;
  let processB: TestNode | null = null;
  const b = () => processB!;
  const open: FeedSubscriber[] = [];
  const a = () => cluster.nodes.suzhou;
  const liaison = (city: string) => homeTokenFor(city, 'LIAISON_OFFICER');

  const subscribe = (node: TestNode, token: string | null, opts: { since?: string } = {}) => {
    const s = subscribeFeed(node.url, token, opts);
    open.push(s);
    return s;
  };
  /** Waits until the node holds `count` subscriptions (events committed from then on reach them). */
  const registered = (node: TestNode, count: number) =>
    eventually(async () => node.app.get(FeedListener).subscriberCount === count, 10_000, `${count} subscription(s) at ${node.url}`);
  /** A notification row written as the modules write them (inside a transaction of `db`). */
  const notify = async (db: DataSource, role: string, reference: string, kind = 'test.marker') =>
    (
      await db.query<{ id: string }[]>(`INSERT INTO officer_notification (recipient_role, kind, text, reference, created_at) VALUES ($1, $2, $3, $4, now()) RETURNING id::text AS id`, [
        role,
        kind,
        `test notification ${reference}`,
        reference,
      ])
    )[0].id;
  /** Waits for `reference` at each subscriber; returns how many times each received it. */
  const arrived = async (reference: string, ...subscribers: FeedSubscriber[]) => {
    for (const s of subscribers) await eventually(async () => s.about(reference).length > 0, 15_000, `${reference} at a subscriber`);
    return subscribers.map((s) => s.about(reference).length);
  };

  const fileRequestWithSuzhou = async (title: string) => {
    const created = await gql(cluster.urls.taizhou, 'mutation($input: AssistanceRequestInput!) { taizhou { createAssistanceRequest(input: $input) { id } } }', {
      token: liaison('taizhou'),
      variables: {
        input: {
          kind: 'SPECIALIST_TEAM',
          title,
          description: 'Two K9 teams for the river-front festival, explosives search.',
          resourceType: 'K9',
          quantity: 2,
          location: 'Taizhou Fenghuang river front',
          startsAt: '2026-12-20T08:00:00+08:00',
          endsAt: '2026-12-20T20:00:00+08:00',
          servesReference: 'TZ-EVENT-2026-12',
          priority: 'URGENT',
          targetCities: ['suzhou'],
        },
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data!.taizhou.createAssistanceRequest.id as string;
    const submitted = await gql(cluster.urls.taizhou, `mutation { taizhou { submitAssistanceRequest(id: "${id}") { status } } }`, { token: liaison('taizhou') });
    expect(submitted.errors).toBeUndefined();
    return id;
  };

  beforeAll(async () => {
    const env = { DELIVERY_BACKOFF_MS: '100', DELIVERY_SWEEP_MS: '500', ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}) };
    cluster = await startTestCluster(['taizhou', 'suzhou'], { env });
    // A second process of Suzhou on the same database (peers know only A's URL, as behind a load balancer).
    processB = await startTestNode('suzhou', { databaseUrl: a().databaseUrl, env: { ...env, CITY_URLS: JSON.stringify(cluster.urls) } });
  }, 90_000);
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.dispose()));
    // Each test counts its own subscriptions: the previous ones must be gone at the nodes too.
    for (const node of [a(), ...(processB ? [processB] : [])]) await registered(node, 0);
  });
  afterAll(async () => {
    await processB?.close();
    await cluster?.close();
  }, 120_000);

  it('tells Suzhou liaison officers of a request filed by Taizhou exactly once, and officers of other roles not at all', async () => {
    const liaisonA = subscribe(a(), liaison('suzhou'));
    const analystA = subscribe(a(), homeTokenFor('suzhou', 'ANALYST'));
    await registered(a(), 2);

    const requestId = await fileRequestWithSuzhou('Dragon-boat festival crowd security');
    await arrived(requestId, liaisonA);
    const [incoming] = liaisonA.about(requestId);
    expect(incoming).toMatchObject({ kind: 'assistance.incoming', recipientRole: 'LIAISON_OFFICER', reference: requestId });
    expect(incoming.text).toMatch(/Dragon-boat festival/);
    // The parameters the console says it with, in the officer's language (issue 17).
    expect(Object.fromEntries(incoming.params.map((p) => [p.name, p.value]))).toEqual({
      priority: 'URGENT',
      requestKind: 'SPECIALIST_TEAM',
      from: 'taizhou',
      title: 'Dragon-boat festival crowd security',
      ackDueAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // The notifications query gives the same.
    const listed = await gql(a().url, viaRegionEntity('suzhou', '{ notifications { reference params { name value } } }'), { token: liaison('suzhou') });
    expect(listed.data!._entities[0].suzhou.notifications.find((n: { reference: string }) => n.reference === requestId).params).toEqual(incoming.params);
    expect(incoming.id).toMatch(/^\d+$/);
    expect(Number.isNaN(Date.parse(incoming.createdAt))).toBe(false);

    // Later events arrive after earlier ones: once these markers are in, nothing more of the request is on its way.
    await notify(a().db, 'LIAISON_OFFICER', 'marker-1');
    await notify(a().db, 'ANALYST', 'marker-1');
    expect(await arrived('marker-1', liaisonA, analystA)).toEqual([1, 1]);
    expect(liaisonA.about(requestId)).toHaveLength(1);
    expect(analystA.about(requestId)).toHaveLength(0);
    expect(analystA.errors).toEqual([]);
    expect(liaisonA.errors).toEqual([]);
  });

  it('reaches a subscriber on another process of the city: an event committed through process A arrives at process B', async () => {
    const onA = subscribe(a(), liaison('suzhou'));
    const onB = subscribe(b(), liaison('suzhou'));
    await registered(a(), 1);
    await registered(b(), 1);

    const requestId = await fileRequestWithSuzhou('Bridge closure traffic control');
    expect(await arrived(requestId, onA, onB)).toEqual([1, 1]);
    // And the other way round: a row committed through B reaches A's subscriber.
    await notify(b().db, 'LIAISON_OFFICER', 'from-b');
    expect(await arrived('from-b', onA, onB)).toEqual([1, 1]);
    await notify(a().db, 'LIAISON_OFFICER', 'after-both');
    expect(await arrived('after-both', onA, onB)).toEqual([1, 1]);
    expect(onA.about(requestId)).toHaveLength(1);
    expect(onB.about(requestId)).toHaveLength(1);
    expect(onB.events.map((e) => e.id)).toEqual(onA.events.map((e) => e.id));
  });

  it('announces nothing for a notification whose transaction rolled back', async () => {
    const onA = subscribe(a(), liaison('suzhou'));
    const onB = subscribe(b(), liaison('suzhou'));
    await registered(a(), 1);
    await registered(b(), 1);

    await expect(
      a().db.transaction(async (em) => {
        await em.query(`INSERT INTO officer_notification (recipient_role, kind, text, reference, created_at) VALUES ('LIAISON_OFFICER', 'test.marker', 'never', 'rolled-back', now())`);
        throw new Error('the business step failed');
      }),
    ).rejects.toThrow('the business step failed');
    await notify(a().db, 'LIAISON_OFFICER', 'committed-after');
    expect(await arrived('committed-after', onA, onB)).toEqual([1, 1]);
    expect(onA.about('rolled-back')).toEqual([]);
    expect(onB.about('rolled-back')).toEqual([]);
  });

  it('catches up what was committed while its database connection was down, still exactly once', async () => {
    const onA = subscribe(a(), liaison('suzhou'));
    const onB = subscribe(b(), liaison('suzhou'));
    await registered(a(), 1);
    await registered(b(), 1);
    await notify(a().db, 'LIAISON_OFFICER', 'before-drop');
    expect(await arrived('before-drop', onA, onB)).toEqual([1, 1]);

    // Both processes' LISTEN connections are cut; rows are committed before they are back (back-off ≥ 200 ms).
    const cut = await a().db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, [FEED_LISTENER_APP_NAME]);
    expect(cut).toHaveLength(2);
    for (const n of [1, 2, 3]) await notify(a().db, 'LIAISON_OFFICER', `while-down-${n}`);
    for (const n of [1, 2, 3]) expect(await arrived(`while-down-${n}`, onA, onB)).toEqual([1, 1]);
    await eventually(async () => a().app.get(FeedListener).listening && b().app.get(FeedListener).listening, 10_000, 'listeners back');
    await notify(a().db, 'LIAISON_OFFICER', 'after-reconnect');
    expect(await arrived('after-reconnect', onA, onB)).toEqual([1, 1]);
    for (const s of [onA, onB]) {
      const ids = s.events.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(s.events.map((e) => e.reference)).toEqual(['before-drop', 'while-down-1', 'while-down-2', 'while-down-3', 'after-reconnect']);
    }
  });

  it('replays with since the events missed, in order and once, then goes on live', async () => {
    const first = subscribe(a(), liaison('suzhou'));
    await registered(a(), 1);
    const seenId = await notify(a().db, 'LIAISON_OFFICER', 'seen');
    await arrived('seen', first);
    await first.dispose();

    // Missed while away: two for the liaison officer, one for another role in between.
    await notify(a().db, 'LIAISON_OFFICER', 'missed-1');
    await notify(a().db, 'COMMANDER', 'not-for-liaison');
    await notify(a().db, 'LIAISON_OFFICER', 'missed-2');

    const again = subscribe(a(), liaison('suzhou'), { since: seenId });
    await arrived('missed-2', again);
    await registered(a(), 1);
    await notify(a().db, 'LIAISON_OFFICER', 'live-after-replay');
    await arrived('live-after-replay', again);
    expect(again.events.map((e) => e.reference)).toEqual(['missed-1', 'missed-2', 'live-after-replay']);
    const ids = again.events.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => id > BigInt(seenId) && (i === 0 || id > ids[i - 1]))).toBe(true);

    const audited = await a().db.query(`SELECT actor_id, outcome, detail FROM audit_entry WHERE action = 'feed.subscribe' ORDER BY seq DESC LIMIT 1`);
    expect(audited[0]).toMatchObject({ actor_id: expect.stringMatching(/^suzhou:/), outcome: 'OK' });
    expect(audited[0].detail).toContain(seenId);

    const bad = subscribe(a(), liaison('suzhou'), { since: 'yesterday' });
    await eventually(async () => bad.errors.length > 0, 10_000, 'since refused');
    expect(bad.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'since' } });
    expect(bad.errors[0].message).toMatch(/since must be the id of a feed event/);
  });

  it('keeps each officer\'s read marker at the home node: unread since it, marked forward only, home tokens only (issue 17)', async () => {
    const marker = (token: string) => gql(a().url, viaRegionEntity('suzhou', '{ notificationsUnreadSince }'), { token });
    const since = async (token: string) => (await marker(token)).data!._entities[0].suzhou.notificationsUnreadSince as string;
    const mark = (token: string, upTo: string) => gql(a().url, 'mutation($u: ID!) { suzhou { markNotificationsRead(upTo: $u) } }', { token, variables: { u: upTo } });
    const commander = homeTokenFor('suzhou', 'COMMANDER');
    // Never marked: the replay starts before the officer's 20 newest notices (of their roles only).
    for (let i = 0; i < 22; i++) await notify(a().db, 'COMMANDER', `cmd-${i}`);
    const newest = await a().db.query(`SELECT id::text AS id FROM officer_notification WHERE recipient_role = 'COMMANDER' ORDER BY id DESC LIMIT 20`);
    expect(await since(commander)).toBe(String(BigInt(newest[19].id) - 1n));
    // Marked read up to one: the replay starts there; the marker never moves back; another officer keeps their own.
    const upTo = newest[5].id as string;
    const marked = await mark(commander, upTo);
    expect(marked.errors).toBeUndefined();
    expect(marked.data!.suzhou.markNotificationsRead).toBe(upTo);
    expect(await since(commander)).toBe(upTo);
    expect((await mark(commander, newest[10].id)).data!.suzhou.markNotificationsRead).toBe(upTo);
    expect(await since(commander)).toBe(upTo);
    expect(await since(liaison('suzhou'))).not.toBe(upTo);
    // What the console does with it: the feed from the marker replays exactly the unread notices.
    const replay = subscribe(a(), commander, { since: upTo });
    await arrived('cmd-21', replay);
    expect(replay.events.map((e) => e.reference)).toEqual(['cmd-17', 'cmd-18', 'cmd-19', 'cmd-20', 'cmd-21']);
    // Bad input is named; another city's read token is refused (the marker is the officer's own, at home).
    const bad = await mark(commander, 'latest');
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'upTo' } });
    expect((await mark(commander, '999999999999')).errors![0].message).toMatch(/^upTo: there is no notice 999999999999 at this node yet/);
    const away = await marker(readTokenFor('wuxi', 'COMMANDER', 'suzhou'));
    expect(away.errors?.[0].extensions?.code).toMatch(/HOME_NODE_ONLY|FORBIDDEN/);
  });

  it('refuses officers of other cities, node tokens, bad and expired tokens, with the reason', async () => {
    // A Taizhou officer's read token for Suzhou is valid here, but the feed is for Suzhou's own officers.
    const other = await subscribe(a(), readTokenFor('taizhou', 'LIAISON_OFFICER', 'suzhou')).closed;
    expect(other.code).toBe(4403);
    expect(other.reason).toMatch(/Officers subscribe at their home node: you are a taizhou officer and this is the suzhou node/);
    // A Taizhou home token belongs at Taizhou's node: refused, saying so.
    expect(await subscribe(a(), liaison('taizhou')).closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/Home tokens are valid only at the officer's own node: this taizhou token belongs at taizhou/) });
    // A Suzhou officer's read token (what the gateway forwards) does not open the feed of their notifications.
    expect(await subscribe(a(), readTokenFor('suzhou', 'LIAISON_OFFICER', 'suzhou')).closed).toMatchObject({ code: 4403, reason: expect.stringMatching(/home token/) });
    const denied = await a().db.query(`SELECT actor_id, outcome FROM audit_entry WHERE action = 'feed.subscribe' AND outcome = 'DENIED'`);
    expect(denied).toHaveLength(1);
    expect(denied[0].actor_id).toMatch(/^taizhou:/);

    const nodeToken = signNodeToken(loadPrivateKey(testEnv.keysDir(), 'taizhou'), 'taizhou', 'suzhou');
    for (const token of [nodeToken, 'not-a-token', null]) {
      const refused = await subscribe(a(), token).closed;
      expect(refused.code).toBe(4401);
      expect(refused.reason.length).toBeGreaterThan(10);
    }

    // An expired token is refused (the node's clock is past its expiry) ...
    const token = liaison('suzhou');
    a().clock.set(new Date(Date.now() + 20 * 60_000));
    try {
      const expired = await subscribe(a(), token).closed;
      expect(expired).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
    } finally {
      a().clock.set(new Date());
    }
    // ... and a connection ends when its token expires (here about three seconds after it opened).
    const shortLived = homeTokenFor('suzhou', 'LIAISON_OFFICER', 60);
    a().clock.set(new Date(Date.now() + 57_000));
    try {
      const s = subscribe(a(), shortLived);
      await registered(a(), 1);
      const started = Date.now();
      const ended = await s.closed;
      expect(ended).toMatchObject({ code: 4401, reason: expect.stringMatching(/expired/) });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      a().clock.set(new Date());
    }
    await eventually(async () => a().app.get(FeedListener).subscriberCount === 0, 5_000, 'no subscriptions left');
  });

  it('closes its subscribers promptly when a process shuts down', async () => {
    const onB = subscribe(b(), liaison('suzhou'));
    await registered(b(), 1);
    const started = Date.now();
    const closing = b();
    processB = null;
    await closing.app.close();
    expect((await onB.closed).code).toBe(1001);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
