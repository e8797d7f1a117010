import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { OfficerIdentity } from '@ypf/auth';
import { Clock, DomainError } from '@ypf/common';
import { FEED_PATH } from './feed-event.js';
import { FeedCloseCode, FeedRefusal } from './feed.exception.js';
import { buildFeedSchema, type FeedContext } from './feed-schema.js';
import { FeedService } from './feed.service.js';

/** Small: clients send only connection_init and subscribe messages. */
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Ping interval (and pong deadline) that ends connections whose client vanished. */
const KEEP_ALIVE_MS = 15_000;
/** How long clients get to answer the close at shutdown before their sockets are cut. */
const CLOSE_GRACE_MS = 1000;
/** setTimeout's ceiling. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface FeedConnection extends Record<PropertyKey, unknown> {
  officer: OfficerIdentity;
  expiry: NodeJS.Timeout;
}

/**
 * The live feed's graphql-ws server on the node's HTTP server at /feed, beside (not in) the federation subgraph.
 * A connection is admitted once, from its connectionParams, and closed when the officer's token expires, so a
 * subscription never outlives its authorisation (the client reconnects with a fresh token and `since`).
 */
@Injectable()
export class FeedServer implements OnModuleDestroy {
  private readonly logger = new Logger('Feed');
  private wss: WebSocketServer | null = null;
  private http: HttpServer | null = null;

  constructor(
    private readonly feed: FeedService,
    private readonly clock: Clock,
  ) {}

  attach(http: HttpServer): void {
    if (this.wss) throw new Error('the feed is already attached');
    const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
    const schema = buildFeedSchema({ info: (ctx) => this.feed.info(ctx), subscribe: (ctx, since) => this.feed.subscribe(ctx, since) });
    useServer<Record<string, unknown>, FeedConnection>(
      {
        schema,
        context: (ctx): FeedContext => ({ officer: ctx.extra.officer! }),
        onConnect: async (ctx) => {
          try {
            const officer = await this.feed.admit(ctx.connectionParams);
            const socket = ctx.extra.socket;
            const ms = Math.min(Math.max(officer.exp * 1000 - this.clock.now().getTime(), 0), MAX_TIMER_MS);
            // The client may have gone while the token was checked (onClose has run then: no timer to clear later).
            if (socket.readyState !== socket.OPEN) return false;
            ctx.extra.officer = officer;
            ctx.extra.expiry = setTimeout(() => socket.close(FeedCloseCode.UNAUTHORIZED, 'Your officer token expired: reconnect with a fresh one (since resumes).'), ms);
            ctx.extra.expiry.unref();
            return true;
          } catch (e) {
            const refusal = e instanceof FeedRefusal ? e : new FeedRefusal(FeedCloseCode.UNAUTHORIZED, 'The connection could not be admitted; try again.');
            if (!(e instanceof FeedRefusal)) this.logger.error(`feed admission failed: ${(e as Error).message}`);
            // Closed here with the reason; graphql-ws's own generic close that follows is then ignored.
            ctx.extra.socket.close(refusal.closeCode, closeReason(refusal.reason));
            return false;
          }
        },
        onClose: (ctx) => {
          if (ctx.extra.expiry) clearTimeout(ctx.extra.expiry);
        },
        // Expected errors keep their message and code; anything else is logged, never sent with its details.
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors ? { ...result, errors: result.errors.map((e) => publicError(e, this.logger)) } : undefined,
        onError: (_ctx, _id, _payload, errors) => errors.map((e) => publicError(e, this.logger)),
      },
      wss,
      KEEP_ALIVE_MS,
    );
    http.on('upgrade', this.onUpgrade);
    this.wss = wss;
    this.http = http;
  }

  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const wss = this.wss;
    if (!wss || new URL(req.url ?? '/', 'http://node').pathname !== FEED_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };

  /** First in the shutdown: the sockets close (their subscriptions end) before the listener and the pools stop. */
  async onModuleDestroy(): Promise<void> {
    const wss = this.wss;
    this.wss = null;
    this.http?.off('upgrade', this.onUpgrade);
    if (!wss) return;
    for (const client of wss.clients) client.close(1001, 'The node is shutting down.');
    const cut = setTimeout(() => {
      for (const client of wss.clients) client.terminate();
    }, CLOSE_GRACE_MS);
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    clearTimeout(cut);
  }
}

/** A close reason is at most 123 bytes of UTF-8. */
function closeReason(reason: string): string {
  let r = reason;
  while (Buffer.byteLength(r) > 123) r = `${r.slice(0, r.length - 2)}…`;
  return r;
}

function publicError(error: GraphQLError, logger: Logger): ReturnType<GraphQLError['toJSON']> {
  const original = error.originalError;
  if (!original || original instanceof DomainError || original instanceof GraphQLError) return error.toJSON();
  logger.error(`feed operation failed: ${original.message}`);
  return new GraphQLError('The feed could not complete this operation.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } }).toJSON();
}
