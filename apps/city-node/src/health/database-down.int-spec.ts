import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DELIVERY_QUEUE } from '../modules/delivery/delivery.jobs.js';
import { MAINTENANCE_QUEUE } from '../jobs/maintenance.js';
import { ASSISTANCE_QUEUE } from '../modules/assistance/jobs/sla.job.js';
import { createTestDatabase, gql, testEnv, readTokenFor, viaRegionEntity, withClient } from '@ypf/testing';
import { eventually, startTestNode, type TestNode } from '../testing/test-node.js';

interface Health {
  status: string;
  city: string;
  database: 'up' | 'down';
  reason?: string;
}

/**
 * A city's database stops answering: its node says so on GET /health (503, naming the database) within seconds, and
 * recovers by itself once the database is back: health 200 and GraphQL reads again, without restarting the node.
 * The database is made unavailable for real: new connections refused and every open one terminated by the server.
 */
describe('a city node whose database goes down', () => {
  let node: TestNode;
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const health = async () => {
    const res = await fetch(node.url.replace(/\/graphql$/, '/health'));
    return { status: res.status, body: (await res.json()) as Health };
  };
  const server = (sql: string) => withClient(testEnv.pgUrl(), (c) => c.query(sql));
  const read = () => gql(node.url, viaRegionEntity('taizhou', '{ searchIntelligence { total } }'), { token: readTokenFor('taizhou', 'ANALYST', 'taizhou') });

  beforeAll(async () => {
    database = await createTestDatabase('dbdown');
    node = await startTestNode('taizhou', { databaseUrl: database.url });
  });
  afterAll(async () => {
    await server(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await node?.close();
    await database?.drop();
  });

  it('has an error listener on every queue, so an outage is logged as one line, not as raw error objects', async () => {
    for (const name of [DELIVERY_QUEUE, MAINTENANCE_QUEUE, ASSISTANCE_QUEUE]) {
      expect([name, node.app.get<Queue>(getQueueToken(name)).listenerCount('error')]).toEqual([name, 1]);
    }
  });

  it('is healthy and answers reads while its database is up', async () => {
    expect(await health()).toEqual({ status: 200, body: expect.objectContaining({ status: 'ok', city: 'taizhou', database: 'up' }) });
    const r = await read();
    expect(r.errors).toBeUndefined();
    expect((r.data as any)._entities[0].taizhou.searchIntelligence.total).toBeGreaterThan(0);
  });

  it('reports 503 naming the database within a few seconds of the database going down', async () => {
    await server(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
    await server(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`);
    const down = Date.now();
    const h = await eventually(async () => {
      const r = await health();
      return r.status === 503 ? r : null;
    }, 5_000, 'health 503');
    expect(Date.now() - down).toBeLessThan(5_000);
    expect(h!.body).toEqual(expect.objectContaining({ status: 'unavailable', city: 'taizhou', database: 'down' }));
    expect(h!.body.reason).toContain(`database ${database.name} is unavailable`);
    // stays down (no stale success from a cached connection) while the database is refused
    expect((await health()).status).toBe(503);
    const r = await read();
    expect(r.status).toBe(200);
    expect(r.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(r.errors)).not.toMatch(/stacktrace|\.ts:\d+|\.js:\d+|ALLOW_CONNECTIONS|accepting connections/);
  });

  it('recovers by itself once the database is back: health 200, then reads work again', async () => {
    await server(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
    const back = Date.now();
    await eventually(async () => (await health()).status === 200, 10_000, 'health 200');
    expect(Date.now() - back).toBeLessThan(10_000);
    expect((await health()).body).toEqual(expect.objectContaining({ status: 'ok', database: 'up' }));
    const r = await eventually(async () => {
      const x = await read();
      return x.errors ? null : x;
    }, 10_000, 'a read without errors');
    expect((r!.data as any)._entities[0].taizhou.searchIntelligence.total).toBeGreaterThan(0);
  });
});
