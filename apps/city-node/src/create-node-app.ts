import { NestFactory } from '@nestjs/core';
import type { LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Clock } from '@ypf/common';
import { MAX_BATCH_PAYLOAD_BYTES } from '@ypf/delivery';
import type { NodeConfig } from './config/node-config.js';
import { AppModule } from './app.module.js';
import { FeedServer } from './modules/feed/feed.server.js';

/** Request bodies up to a full delivery batch plus its envelopes' fields and JSON escaping. */
const BODY_LIMIT_BYTES = 2 * MAX_BATCH_PAYLOAD_BYTES + 512 * 1024;

/** The city node application as main, the test nodes and the benchmarks start it. */
export async function createNodeApp(config: NodeConfig, opts: { clock?: Clock; logger: LogLevel[] }): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config, opts.clock ? { clock: opts.clock } : {}), {
    logger: opts.logger,
    bodyParser: false,
    // A failed start throws to the caller (main exits with its message; a test fails alone) instead of Nest ending the
    // whole process: a test node that could not connect took the rest of the test run down with it.
    abortOnError: false,
  });
  app.useBodyParser('json', { limit: BODY_LIMIT_BYTES });
  // Answers are POST responses nobody revalidates; hashing each one for an ETag was pure cost per request.
  app.set('etag', false);
  // The caller's address for login throttling: X-Forwarded-For only from the gateway (TRUSTED_PROXIES).
  app.set('trust proxy', config.trustedProxies);
  // The HTTP server exists from here on; the live feed (its own schema, beside the subgraph) answers WebSocket upgrades on /feed once the app listens.
  app.get(FeedServer).attach(app.getHttpServer());
  return app;
}
