import { createPostgresBackend, createRedisBackend, setDefaultBackendFactory } from 'bullmq';

export type QueueBackendKind = 'redis' | 'postgres';

export interface QueueConnection {
  kind: QueueBackendKind;
  /** What BullMQ (and @nestjs/bullmq) get as `connection`: ioredis options, or the PostgreSQL URL. */
  connection: Record<string, unknown> | string;
  /** Key prefix (Redis) so several cities can share one Redis; PostgreSQL queues live in each city's own database. */
  prefix: string;
}

/**
 * The queue engine behind the same BullMQ code: Redis when a REDIS_URL is configured, otherwise BullMQ 6's
 * PostgreSQL backend in the node's own database (the embedded default needs no Redis). Selecting PostgreSQL makes it
 * the process-wide default backend, so @nestjs/bullmq queues and workers use it without code changes.
 */
export function configureQueueBackend(opts: { prefix: string; redisUrl?: string; databaseUrl: string }): QueueConnection {
  const prefix = opts.prefix;
  if (opts.redisUrl) {
    setDefaultBackendFactory(createRedisBackend as never);
    const url = new URL(opts.redisUrl);
    return {
      kind: 'redis',
      prefix,
      connection: {
        host: url.hostname,
        port: Number(url.port || 6379),
        username: url.username ? decodeURIComponent(url.username) : undefined,
        password: url.password ? decodeURIComponent(url.password) : undefined,
        db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0,
        tls: url.protocol === 'rediss:' ? {} : undefined,
        // BullMQ workers need blocking commands that never give up.
        maxRetriesPerRequest: null,
      },
    };
  }
  setDefaultBackendFactory(createPostgresBackend as never);
  // Queues live in the `bullmq` schema of the city's own database; the schema is created on first use.
  return { kind: 'postgres', prefix, connection: { connectionString: opts.databaseUrl, schema: 'bullmq', migrate: true, max: 3 } };
}
