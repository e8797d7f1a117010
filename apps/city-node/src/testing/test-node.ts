import 'reflect-metadata';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ypf/common';
import { createTestDatabase, testEnv } from '@ypf/testing';
import { createNodeApp } from '../create-node-app.js';
import { loadNodeConfig } from '../config/node-config.js';

/** Real time plus an offset that tests can move forward (deadlines, review dates) without waiting. */
export class TestClock extends Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  set(date: Date | string): void {
    this.offsetMs = new Date(date).getTime() - Date.now();
  }
  advanceDays(days: number): void {
    this.offsetMs += days * 86_400_000;
  }
}

export interface TestNode {
  city: string;
  url: string;
  app: INestApplication;
  db: DataSource;
  databaseUrl: string;
  clock: TestClock;
  close(): Promise<void>;
}

export interface TestNodeOptions {
  demoSeed?: boolean;
  env?: Record<string, string>;
  /** Reuse an existing database (a node restarted on its data) instead of a fresh one. */
  databaseUrl?: string;
  /** Listen on this port (peers know it from CITY_URLS); default: any free port. */
  port?: number;
}

/** One real city node in-process, on its own fresh database and a free port, for integration tests. */
export async function startTestNode(city: string, opts: TestNodeOptions = {}): Promise<TestNode> {
  const database = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => undefined } : await createTestDatabase(city);
  const config = loadNodeConfig({
    CITY: city,
    DATABASE_URL: database.url,
    KEYS_DIR: testEnv.keysDir(),
    POLICY_DIR: join(testEnv.repoRoot(), 'config/policies'),
    NODE_ENV: 'test',
    DEMO_SEED: opts.demoSeed === false ? 'false' : 'true',
    DB_POOL_SIZE: '4',
    // A test node starts on a fresh database, also as NODE_ENV=production (where migrating at start is off by default).
    MIGRATE_ON_START: 'true',
    // Test nodes never share queues with each other or with a running region (matters on a shared Redis).
    QUEUE_PREFIX: `t-${city}-${database.url.split('/').pop()!.slice(-8)}`,
    ...(opts.env ?? {}),
  });
  const clock = new TestClock();
  const app = await createNodeApp(config, { clock, logger: ['error'] });
  await app.listen(opts.port ?? 0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    city,
    url: `http://127.0.0.1:${address.port}/graphql`,
    app,
    db: app.get(DataSource),
    databaseUrl: database.url,
    clock,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export interface TestCluster {
  nodes: Record<string, TestNode>;
  urls: Record<string, string>;
  ports: Record<string, number>;
  /** Stops one node, keeping its database (a city going down). */
  stop(city: string): Promise<void>;
  /** Starts a stopped node again on the same port and database. */
  restart(city: string): Promise<TestNode>;
  close(): Promise<void>;
}

/**
 * Several real nodes in-process, each on its own database and port, that know each other's URLs: node-to-node
 * delivery runs over real HTTP with signed node tokens.
 */
export async function startTestCluster(cities: string[], opts: { env?: Record<string, string>; otherCityUrls?: Record<string, string>; demoSeed?: boolean } = {}): Promise<TestCluster> {
  const { findFreePort } = await import('@ypf/region-runner');
  const ports: Record<string, number> = {};
  for (const c of cities) ports[c] = await findFreePort();
  const urls = Object.fromEntries(cities.map((c) => [c, `http://127.0.0.1:${ports[c]}/graphql`]));
  const env = { ...(opts.env ?? {}), CITY_URLS: JSON.stringify({ ...(opts.otherCityUrls ?? {}), ...urls }) };
  const nodes: Record<string, TestNode> = {};
  const databases: Record<string, TestNode['databaseUrl']> = {};
  const drops: (() => Promise<void>)[] = [];
  for (const c of cities) {
    const db = await createTestDatabase(c);
    databases[c] = db.url;
    drops.push(db.drop);
    nodes[c] = await startTestNode(c, { env, databaseUrl: db.url, port: ports[c], demoSeed: opts.demoSeed });
  }
  const stopped = new Set<string>();
  return {
    nodes,
    urls,
    ports,
    async stop(city) {
      await nodes[city].app.close();
      stopped.add(city);
    },
    async restart(city) {
      nodes[city] = await startTestNode(city, { env, databaseUrl: databases[city], port: ports[city], demoSeed: opts.demoSeed });
      stopped.delete(city);
      return nodes[city];
    },
    async close() {
      for (const c of cities) if (!stopped.has(c)) await nodes[c].app.close();
      for (const drop of drops) await drop();
    },
  };
}

/** One polling helper for every tier (libs/testing). */
export { eventually } from '@ypf/testing';
