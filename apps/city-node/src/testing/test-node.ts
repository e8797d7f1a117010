import 'reflect-metadata';
import { join } from 'node:path';
import { type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Clock } from '@ypf/common';
import { createTestDatabase, testEnv } from '@ypf/testing';
import { AppModule } from '../app.module.js';
import { loadNodeConfig } from '../config/node-config.js';

/** A clock tests can move. */
export class TestClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(date: Date | string): void {
    this.current = new Date(date);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
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

/** One real city node in-process, on its own fresh database and a free port, for integration tests. */
export async function startTestNode(city: string, opts: { demoSeed?: boolean; env?: Record<string, string> } = {}): Promise<TestNode> {
  const database = await createTestDatabase(city);
  const config = loadNodeConfig({
    CITY: city,
    DATABASE_URL: database.url,
    KEYS_DIR: testEnv.keysDir(),
    POLICY_DIR: join(testEnv.repoRoot(), 'config/policies'),
    NODE_ENV: 'test',
    DEMO_SEED: opts.demoSeed === false ? 'false' : 'true',
    DB_POOL_SIZE: '4',
    ...(opts.env ?? {}),
  });
  const clock = new TestClock();
  const app = await NestFactory.create(AppModule.forConfig(config, { clock }), { logger: ['error'] });
  await app.listen(0, '127.0.0.1');
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
