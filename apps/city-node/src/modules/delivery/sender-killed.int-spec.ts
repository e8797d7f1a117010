import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { CITY_NODE_SCRIPT, findFreePort, ManagedChild } from '@ypf/region-runner';
import { createTestDatabase, gql, homeTokenFor, testEnv, withClient } from '@ypf/testing';
import { eventually, startTestNode, type TestNode } from '../../testing/test-node.js';

const redisUrl = process.env.REDIS_URL;
/** What the queue backend is for this run: BullMQ on the sender's PostgreSQL, or on Redis when REDIS_URL is set. */
const backend = redisUrl ? `Redis (${redisUrl})` : 'PostgreSQL';

const SENDER = 'taizhou';
const RECEIVERS = ['suzhou', 'wuxi'] as const;
const REQUESTS = 200;
/** Requests filed side by side: enough to keep the sender's delivery behind its filing. */
const FILING_LANES = 8;

/**
 * A sender node killed in the middle of delivering (SIGKILL: jobs active, calls half-sent, outbox rows not yet marked)
 * and its queue state lost (Redis restarted without persistence, or the PostgreSQL queue tables emptied), then started
 * again on the same database: every message committed before the kill is applied exactly once at its receiver and
 * shown DELIVERED at the sender. Taizhou runs as a real child process (`dist/.../main.js`); Suzhou and Wuxi in-process.
 */
describe(`a sender node killed mid-delivery, its queue state lost (queue on ${backend})`, () => {
  let senderDb: { url: string; name: string; drop: () => Promise<void> };
  let sender: ManagedChild;
  let senderPool: pg.Pool;
  const receivers: Record<string, TestNode> = {};
  let senderUrl: string;
  let queuePrefix: string;

  beforeAll(async () => {
    const script = join(testEnv.repoRoot(), CITY_NODE_SCRIPT);
    if (!existsSync(script)) throw new Error(`${script} not found: build first (npm run build)`);
    const ports: Record<string, number> = {};
    for (const city of [SENDER, ...RECEIVERS]) ports[city] = await findFreePort();
    const cityUrls = Object.fromEntries(Object.entries(ports).map(([c, p]) => [c, `http://127.0.0.1:${p}/graphql`]));
    const env = {
      CITY_URLS: JSON.stringify(cityUrls),
      DELIVERY_BACKOFF_MS: '100',
      DELIVERY_SWEEP_MS: '500',
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    };
    for (const city of RECEIVERS) receivers[city] = await startTestNode(city, { env, port: ports[city] });

    senderDb = await createTestDatabase(SENDER);
    senderUrl = cityUrls[SENDER];
    queuePrefix = `t-${SENDER}-k-${senderDb.name.slice(-8)}`;
    senderPool = new pg.Pool({ connectionString: senderDb.url, max: 2 });
    sender = new ManagedChild(
      {
        name: SENDER,
        script,
        cwd: testEnv.repoRoot(),
        env: {
          PATH: process.env.PATH ?? '',
          NO_COLOR: '1',
          CITY: SENDER,
          PORT: String(ports[SENDER]),
          HOST: '127.0.0.1',
          DATABASE_URL: senderDb.url,
          KEYS_DIR: testEnv.keysDir(),
          POLICY_DIR: join(testEnv.repoRoot(), 'config/policies'),
          NODE_ENV: 'test',
          DEMO_SEED: 'true',
          DB_POOL_SIZE: '4',
          QUEUE_PREFIX: queuePrefix,
          // A few jobs at a time, so that a backlog builds while requests are filed and the kill finds work in flight.
          DELIVERY_CONCURRENCY: '4',
          // Dies with this test process even if Jest itself is killed.
          YPF_EXIT_WITH_PARENT: '1',
          ...env,
        },
        healthUrl: `http://127.0.0.1:${ports[SENDER]}/health`,
      },
      () => undefined,
      () => undefined,
    );
  }, 60_000);

  afterAll(async () => {
    await sender?.kill();
    await senderPool?.end();
    for (const node of Object.values(receivers)) await node.close();
    await senderDb?.drop();
  }, 60_000);

  const startSender = async () => {
    sender.start();
    await sender.waitHealthy(Date.now() + 30_000);
  };

  const liaison = homeTokenFor(SENDER, 'LIAISON_OFFICER');
  /** Files and submits one request to both receivers; resolves with its id once the submission was answered. */
  const fileRequest = async (i: number): Promise<string> => {
    const created = await gql(senderUrl, `mutation($input: AssistanceRequestInput!) { ${SENDER} { createAssistanceRequest(input: $input) { id } } }`, {
      token: liaison,
      variables: {
        input: {
          kind: 'PERSONNEL',
          title: `Yangtze bridge checkpoint shift ${i}`,
          description: 'Officers for the bridge checkpoint during the holiday traffic.',
          resourceType: 'PERSONNEL',
          quantity: 2,
          location: 'Taizhou Yangtze bridge north end',
          startsAt: '2026-12-20T08:00:00+08:00',
          servesReference: 'TZ-BRIDGE-2026-12',
          priority: 'ROUTINE',
          targetCities: [...RECEIVERS],
        },
      },
    });
    expect(created.errors).toBeUndefined();
    const id = created.data![SENDER].createAssistanceRequest.id as string;
    const submitted = await gql(senderUrl, `mutation { ${SENDER} { submitAssistanceRequest(id: "${id}") { status } } }`, { token: liaison });
    expect(submitted.errors).toBeUndefined();
    return id;
  };

  const outboxStatus = async (): Promise<Record<string, number>> => {
    const rows: { status: string; n: number }[] = (await senderPool.query(`SELECT status, count(*)::int AS n FROM outbox_message GROUP BY status`)).rows;
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  };
  /** Messages from the sender that each receiver has applied (its inbox). */
  const appliedAt = async (city: string): Promise<string[]> =>
    (await receivers[city].db.query(`SELECT id FROM inbox_message WHERE source_city = $1 AND state = 'APPLIED'`, [SENDER])).map((r: { id: string }) => r.id);

  /** What a restart without persistence leaves of the sender's queues: nothing. */
  const loseQueueState = async (): Promise<number> => {
    if (redisUrl) {
      const { Redis } = await import('ioredis');
      const redis = new Redis(redisUrl);
      try {
        let removed = 0;
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}:*`, 'COUNT', 500);
          cursor = next;
          if (keys.length) removed += await redis.del(...keys);
        } while (cursor !== '0');
        return removed;
      } finally {
        redis.disconnect();
      }
    }
    // The PostgreSQL backend keeps every queue of the node in the `bullmq` schema of the city's own database.
    return withClient(senderDb.url, async (c) => {
      const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM bullmq.job`);
      const tables = (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'bullmq' AND tablename <> 'migration'`)).rows;
      await c.query(`TRUNCATE ${tables.map((r) => `bullmq."${r.t}"`).join(', ')} CASCADE`);
      return rows[0].n;
    });
  };

  it(`applies each of ${REQUESTS} requests to two cities exactly once after a SIGKILL and a restart without the queue's state`, async () => {
    await startSender();

    // File the requests: a submission whose answer came back is committed at the sender, with one outbox row per city.
    const filed: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: FILING_LANES }, async () => {
        while (next < REQUESTS) filed.push(await fileRequest(next++));
      }),
    );
    const total = filed.length * RECEIVERS.length;

    // Kill while deliveries are under way: no graceful shutdown, whatever was in flight stays half-done.
    const seenBeforeKill = (await Promise.all(RECEIVERS.map(appliedAt))).flat().length;
    await sender.kill();
    expect(sender.running).toBe(false);
    // Calls the receivers had already taken finish there; give them a moment before counting what the kill left.
    await new Promise((r) => setTimeout(r, 500));
    const atKill = await outboxStatus();
    const appliedAtKill = new Set((await Promise.all(RECEIVERS.map(appliedAt))).flat());
    const appliedNotMarked = (await senderPool.query(`SELECT id FROM outbox_message WHERE status <> 'DELIVERED'`)).rows.filter((r: { id: string }) => appliedAtKill.has(r.id)).length;
    console.log(
      `[${backend}] at the kill: ${total} messages filed, receivers had applied ${seenBeforeKill} just before and ${appliedAtKill.size} once their calls ended; ` +
        `the sender's outbox: ${JSON.stringify(atKill)}; applied at a receiver but not marked DELIVERED: ${appliedNotMarked}`,
    );
    // Mid-delivery: some messages arrived, some had not.
    expect(appliedAtKill.size).toBeGreaterThan(0);
    expect(appliedAtKill.size).toBeLessThan(total);

    const lost = await loseQueueState();
    expect(lost).toBeGreaterThan(0);

    // Restarted on the same database and port; only the outbox remembers what is left to send.
    const restartedAt = Date.now();
    await startSender();
    let outboxNow: Record<string, number> = {};
    const deliveredAll = await eventually(
      async () => {
        outboxNow = await outboxStatus();
        return (outboxNow.DELIVERED ?? 0) === total && Object.keys(outboxNow).length === 1 ? outboxNow : null;
      },
      45_000,
      'every outbox row DELIVERED after the restart',
    ).catch((e: unknown) => {
      throw new Error(`${(e as Error).message}; the sender's outbox by status: ${JSON.stringify(outboxNow)}`);
    });
    const redriveMs = Date.now() - restartedAt;

    // Count. The sender: exactly one outbox row per (request, city), each DELIVERED, and nothing else.
    const outbox: { stream_key: string; target_city: string; n: number }[] = (
      await senderPool.query(`SELECT stream_key, target_city, count(*)::int AS n FROM outbox_message GROUP BY stream_key, target_city`)
    ).rows;
    expect(outbox.length).toBe(total);
    expect(outbox.every((r) => r.n === 1 && filed.includes(r.stream_key))).toBe(true);

    const counts: Record<string, Record<string, number>> = {};
    for (const city of RECEIVERS) {
      const db = receivers[city].db;
      // Per message id: applied once. Per request: one copy, one answer, one event, one notice, one audit entry.
      const perRequest = async (sql: string) => {
        const rows: { id: string; n: number }[] = await db.query(sql, [filed]);
        const n = new Map(rows.map((r) => [r.id, r.n]));
        return { lost: filed.filter((id) => !n.has(id)).length, twice: rows.filter((r) => r.n > 1).length };
      };
      const inbox = await perRequest(`SELECT stream_key AS id, count(*)::int AS n FROM inbox_message WHERE source_city = 'taizhou' AND state = 'APPLIED' AND stream_key = ANY($1) GROUP BY stream_key`);
      const requests = await perRequest(`SELECT id, count(*)::int AS n FROM assistance_request WHERE id = ANY($1) GROUP BY id`);
      const answers = await perRequest(`SELECT request_id AS id, count(*)::int AS n FROM assistance_answer WHERE request_id = ANY($1) GROUP BY request_id`);
      const events = await perRequest(`SELECT request_id AS id, count(*)::int AS n FROM assistance_event WHERE request_id = ANY($1) GROUP BY request_id`);
      const notices = await perRequest(`SELECT reference AS id, count(*)::int AS n FROM officer_notification WHERE kind = 'assistance.incoming' AND reference = ANY($1) GROUP BY reference`);
      const audits = await perRequest(
        `SELECT r.id, count(*)::int AS n FROM audit_entry a CROSS JOIN LATERAL unnest(a.resource_ids) AS r(id)
          WHERE a.action = 'assistance.received' AND r.id = ANY($1) GROUP BY r.id`,
      );
      const [{ n: inboxRows }] = await db.query(`SELECT count(*)::int AS n FROM inbox_message WHERE source_city = 'taizhou'`);
      counts[city] = {
        inboxRows,
        lost: inbox.lost + requests.lost + answers.lost + events.lost + notices.lost + audits.lost,
        appliedTwice: inbox.twice + requests.twice + answers.twice + events.twice + notices.twice + audits.twice,
      };
      expect({ city, inbox, requests, answers, events, notices, audits }).toEqual({
        city,
        inbox: { lost: 0, twice: 0 },
        requests: { lost: 0, twice: 0 },
        answers: { lost: 0, twice: 0 },
        events: { lost: 0, twice: 0 },
        notices: { lost: 0, twice: 0 },
        audits: { lost: 0, twice: 0 },
      });
      // The receiver holds exactly the sender's messages to it, no more.
      expect(inboxRows).toBe(filed.length);
    }
    console.log(
      `[${backend}] after the restart (all delivered ${redriveMs} ms after it began): ${filed.length} requests, ${total} messages, sender outbox ${JSON.stringify(deliveredAll)}, ` +
        `${lost} queue entries lost with the queue state; per receiver ${JSON.stringify(counts)}`,
    );
  }, 120_000);
});
