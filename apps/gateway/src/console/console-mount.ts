import type { IncomingMessage, ServerResponse } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { GatewayConfig } from '../config/gateway-config.js';
import { nodeFeedUpgrade, nodeGraphqlProxy } from './node-proxy.js';

/** Paths the single-page fallback never answers: the API and health checks keep their own handlers. */
const API_PATH = /^\/(?:graphql|health|nodes)(?:[/?]|$)/;

/**
 * The officers' web console (apps/console, built by `npm run build` into CONSOLE_DIR) and its passage to the home
 * nodes. Called on the Nest application before listen(): the node proxy is put on the Express instance ahead of the
 * body parser (registered by init), so proxied bodies stream through untouched.
 */
export function mountConsole(app: NestExpressApplication, config: GatewayConfig): void {
  const logger = new Logger('Console');
  const express = app.getHttpAdapter().getInstance() as { use(handler: (req: IncomingMessage, res: ServerResponse, next: () => void) => void): void };
  const proxy = { cityUrls: config.cityUrls, timeoutMs: config.subgraphMutationTimeoutMs };
  express.use(nodeGraphqlProxy(proxy));
  const feed = nodeFeedUpgrade(proxy);
  app.getHttpServer().on('upgrade', (req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    // The gateway has no WebSocket endpoint of its own: anything but the feed passage is closed.
    if (!feed(req, socket, head)) socket.destroy();
  });

  const index = join(config.consoleDir, 'index.html');
  if (!existsSync(index)) {
    logger.warn(`no console at ${config.consoleDir} (run "npm run build"); serving the API only`);
    return;
  }
  const html = readFileSync(index);
  // Hashed asset names (Vite): cache for long; index.html: always revalidated.
  app.useStaticAssets(config.consoleDir, { index: false, maxAge: '7d', immutable: true, fallthrough: true });
  express.use((req, res, next) => {
    const path = req.url ?? '/';
    // A missing asset (a name with an extension) stays a 404 rather than turning into the page.
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATH.test(path) || /\.[a-z0-9]+(?:\?.*)?$/i.test(path)) return next();
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "frame-ancestors 'none'",
    });
    res.end(req.method === 'HEAD' ? undefined : html);
  });
  logger.log(`console served at / from ${config.consoleDir}`);
}
