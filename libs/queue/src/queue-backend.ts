import { createPostgresBackend, createRedisBackend, runMigrations, setDefaultBackendFactory } from 'bullmq';
import pg from 'pg';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueConnection {
  kind: QueueBackendKind;
  /** What BullMQ (and @nestjs/bullmq) get as `connection`: ioredis options, or one shared pg.Pool. */
  connection: Record<string, unknown> | pg.Pool;
  /** Key prefix (Redis) so several cities can share one Redis; PostgreSQL queues live in each city's own database. */
  prefix: string;
  /** Brings the queue schema up to date (PostgreSQL); call before any queue or worker connects. */
  prepare(): Promise<void>;
  /** Releases the shared pool (after the workers have closed). */
  close(): Promise<void>;
}

export const QUEUE_SCHEMA = 'bullmq';

/** BullMQ's ioredis options for a `redis://` or `rediss://` URL (user, password, database number, TLS). */
export function redisConnectionOptions(redisUrl: string): Record<string, unknown> {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    // BullMQ workers need blocking commands that never give up.
    maxRetriesPerRequest: null,
  };
}

/**
 * The queue engine behind the same BullMQ code: Redis when a REDIS_URL is configured, otherwise BullMQ 6's
 * PostgreSQL backend in the node's own database (the embedded default needs no Redis). Selecting PostgreSQL makes it
 * the process-wide default backend, so @nestjs/bullmq queues and workers use it without code changes.
 *
 * On PostgreSQL every queue and worker of the node shares one small pool (each worker keeps one LISTEN connection
 * from it), so eight nodes fit in a default PostgreSQL's 100 connections.
 */
export function configureQueueBackend(opts: { prefix: string; redisUrl?: string; databaseUrl: string; poolSize: number }): QueueConnection {
  const prefix = opts.prefix;
  if (opts.redisUrl) {
    setDefaultBackendFactory(createRedisBackend as never);
    return {
      kind: 'redis',
      prefix,
      connection: redisConnectionOptions(opts.redisUrl),
      prepare: async () => undefined,
      close: async () => undefined,
    };
  }
  setDefaultBackendFactory(createPostgresBackend as never);
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.poolSize,
    // A caller-supplied pool must pin the queue schema itself.
    options: `-c search_path=${QUEUE_SCHEMA}`,
    keepAlive: true,
    application_name: `ypf-queue-${prefix}`,
  });
  pool.on('error', () => undefined); // an idle client dropping is not fatal; the next checkout reconnects
  return {
    kind: 'postgres',
    prefix,
    connection: pool,
    prepare: async () => {
      const client = await pool.connect();
      try {
        await runMigrations(client, QUEUE_SCHEMA);
      } finally {
        client.release();
      }
    },
    // pool.end() waits for checked-out clients; a worker's LISTEN client may never be handed back, so do not wait long.
    close: () => Promise.race([pool.end().catch(() => undefined), new Promise<void>((r) => setTimeout(r, 2000).unref())]),
  };
}
