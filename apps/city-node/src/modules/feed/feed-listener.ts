import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import pg from 'pg';
import { NODE_CONFIG, type NodeConfig } from '../../config/node-config.js';
import { FEED_CHANNEL, FEED_ID_PATTERN, type FeedEvent, type FeedSink } from './feed-event.js';
import { feedRepository, type RunQuery } from './feed.repository.js';

/** Shown in pg_stat_activity, so an operator (or a test) can find the feed's connection. */
export const FEED_LISTENER_APP_NAME = 'ypf-feed-listener';

const FIRST_BACKOFF_MS = 200;
const MAX_BACKOFF_MS = 10_000;
/** How many fanned-out ids are remembered to drop a row seen twice (live and in a catch-up). */
const REMEMBERED_IDS = 4096;
const CATCH_UP_PAGE = 1000;

/**
 * Hears the city's database announce each committed notification (LISTEN ypf_feed on one dedicated connection) and
 * fans it out to the subscriptions of this process. Every process of the city LISTENs on the same database, so each
 * subscriber hears each event, whichever process committed it. When the connection drops it reconnects with
 * back-off and catches up from the table (ids above those it has seen), so an event committed meanwhile is not lost;
 * remembered ids keep a row from being fanned out twice.
 */
@Injectable()
export class FeedListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Feed');
  private readonly sinks = new Set<FeedSink>();
  private client: pg.Client | null = null;
  private stopped = false;
  private hasConnected = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoffMs = FIRST_BACKOFF_MS;
  /** Work on the connection runs one step at a time, in order: catch-up, then the announced ids. */
  private chain: Promise<void> = Promise.resolve();
  private announced: string[] = [];
  private flushQueued = false;
  /** Ids fanned out (or wanted by nobody here), oldest first; bounded. */
  private readonly seen = new Set<string>();
  /** The highest id this process has dealt with (the catch-up floor when nothing is remembered). */
  private highest = 0n;

  constructor(@Inject(NODE_CONFIG) private readonly config: NodeConfig) {}

  /** Subscriptions of this process. */
  get subscriberCount(): number {
    return this.sinks.size;
  }

  /** Whether the LISTEN connection is up (health, tests). */
  get listening(): boolean {
    return this.client !== null;
  }

  /** Registers a subscription; returns what removes it. */
  add(sink: FeedSink): () => void {
    this.sinks.add(sink);
    return () => void this.sinks.delete(sink);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  /** After the feed's sockets closed (FeedServer, onModuleDestroy) and before the pools end. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const client = this.client;
    this.client = null;
    await this.chain;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({
      connectionString: this.config.databaseUrl,
      application_name: FEED_LISTENER_APP_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5000,
    });
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    client.on('notification', (m) => this.onNotification(m));
    try {
      await client.connect();
      await client.query(`LISTEN ${FEED_CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      this.logger.warn(`feed listener could not connect (${(e as Error).message}); retrying in ${this.backoffMs} ms`);
      this.scheduleReconnect();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.backoffMs = FIRST_BACKOFF_MS;
    const first = !this.hasConnected;
    // Listening before reading: a row committed from here on is either in the read or announced (or both; `seen`).
    await this.serial(() => (first ? this.start(client) : this.catchUp(client)));
  }

  /** The connection in use failed or ended: reconnect (the catch-up finds what was committed meanwhile). */
  private lost(client: pg.Client, error?: Error): void {
    if (client !== this.client) return;
    this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(`feed listener connection lost (${error?.message ?? 'ended'}); reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.backoffMs);
    this.reconnectTimer.unref();
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
  }

  private onNotification(message: pg.Notification): void {
    if (message.channel !== FEED_CHANNEL || !message.payload) return;
    let id: unknown;
    let role: unknown;
    try {
      ({ id, role } = JSON.parse(message.payload) as { id?: unknown; role?: unknown });
    } catch {
      return;
    }
    if (typeof id !== 'string' || !FEED_ID_PATTERN.test(id) || typeof role !== 'string' || this.seen.has(id)) return;
    // Nobody here has the role: no need to read the row.
    if (![...this.sinks].some((s) => s.roles.has(role))) return this.remember(id);
    this.announced.push(id);
    if (this.flushQueued) return;
    this.flushQueued = true;
    void this.serial(() => this.flush());
  }

  /** Reads the announced rows in one query and fans them out in the order they were announced (commit order). */
  private async flush(): Promise<void> {
    this.flushQueued = false;
    const ids = this.announced.splice(0).filter((id) => !this.seen.has(id));
    const client = this.client;
    if (ids.length === 0 || !client) return;
    let events: FeedEvent[];
    try {
      events = await feedRepository.byIds(runOn(client), ids);
    } catch (e) {
      // Reconnecting catches these up from the table.
      this.lost(client, e as Error);
      return;
    }
    const byId = new Map(events.map((e) => [e.id, e]));
    for (const id of ids) {
      const event = byId.get(id);
      if (event) this.fanOut(event);
    }
  }

  private async start(client: pg.Client): Promise<void> {
    const max = BigInt(await feedRepository.maxId(runOn(client)));
    if (max > this.highest) this.highest = max;
    this.hasConnected = true;
  }

  private async catchUp(client: pg.Client): Promise<void> {
    // From just below the oldest id remembered: a transaction that took its id earlier but committed later is found too.
    let floor = this.seen.size ? [...this.seen].reduce((m, id) => (BigInt(id) < m ? BigInt(id) : m), this.highest) - 1n : this.highest;
    let caught = 0;
    for (;;) {
      const page = await feedRepository.after(runOn(client), floor.toString(), CATCH_UP_PAGE);
      for (const event of page) {
        if (this.seen.has(event.id)) continue;
        this.fanOut(event);
        caught++;
      }
      if (page.length < CATCH_UP_PAGE) break;
      floor = BigInt(page[page.length - 1].id);
    }
    this.logger.log(`feed listener reconnected${caught ? `; caught up ${caught} event(s)` : ''}`);
  }

  private fanOut(event: FeedEvent): void {
    this.remember(event.id);
    for (const sink of this.sinks) if (sink.roles.has(event.recipientRole)) sink.push(event);
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > REMEMBERED_IDS) this.seen.delete(this.seen.values().next().value as string);
    const n = BigInt(id);
    if (n > this.highest) this.highest = n;
  }

  private serial(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((e: unknown) => {
      this.logger.error(`feed listener step failed: ${(e as Error).message}`);
      // A failed catch-up is retried on a fresh connection.
      if (this.client) this.lost(this.client, e as Error);
    });
    return this.chain;
  }
}

function runOn(client: pg.Client): RunQuery {
  return async (sql, params) => (await client.query(sql, params)).rows;
}
