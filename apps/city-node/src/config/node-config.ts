import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { CITY_CODES, getCity, resolveCityUrls } from '@ypf/region';
import { describeZodError, DEFAULT_NODE_GRAPHQL_LIMITS, graphqlLimitsEnvShape, graphqlLimitsFromEnv, type GraphqlLimits } from '@ypf/common';
import type { Priority } from '@ypf/region';
import { parseSlaPolicy, type SlaClock } from './sla-policy.js';
import { parseWatchReviewDays, type WatchCategory } from '../modules/watch/watch-domain.js';

const bool = z
  .enum(['true', 'false', '1', '0'], { error: () => 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

/** The node's whole configuration, read from the environment once and validated; nothing else reads process.env. */
export const DEFAULT_DELIVERY_CONCURRENCY = 256;

const envSchema = z.object({
  CITY: z.enum(CITY_CODES as [string, ...string[]], { error: () => `must be one of ${CITY_CODES.join(', ')}` }),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL of this city\'s database'),
  KEYS_DIR: z.string().min(1, 'must name the key directory (public keys of every city, this city\'s private and audit keys)'),
  POLICY_DIR: z.string().min(1).default('config/policies'),
  PLANS_DIR: z.string().min(1).optional(),
  CITY_URLS: z.string().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
  QUEUE_PREFIX: z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be 1-40 lower-case letters, digits or dashes').optional(),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  DEMO_SEED: bool.default(false),
  MIGRATE_ON_START: bool.optional(),
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  TRUSTED_PROXIES: z
    .string()
    .regex(/^[\w.:/, -]{1,500}$/, 'must be "loopback", "none", or a comma-separated list of addresses or CIDR ranges (e.g. 10.0.0.5, 10.1.0.0/16)')
    .default('loopback'),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24).default(12),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(480).default(30),
  EXPIRY_SWEEP_MS: z.coerce.number().int().min(200).max(86_400_000).default(3_600_000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(15),
  DELIVERY_BACKOFF_MS: z.coerce.number().int().min(10).max(600_000).default(1000),
  DELIVERY_SWEEP_MS: z.coerce.number().int().min(200).max(3_600_000).default(15_000),
  DELIVERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(DEFAULT_DELIVERY_CONCURRENCY),
  SLA_POLICY: z.string().optional(),
  SLA_SWEEP_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),
  ASSISTANCE_COMMANDER_THRESHOLD: z.coerce.number().int().min(0).max(10_000).default(10),
  ASSISTANCE_REQUESTER_GRACE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  WATCH_SWEEP_MS: z.coerce.number().int().min(200).max(86_400_000).default(600_000),
  WATCH_MAX_REVIEW_DAYS: z.string().optional(),
  WATCH_REVIEW_WARNING_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WATCH_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  WATCH_REPLICA_SYNC_MS: z.coerce.number().int().min(200).max(3_600_000).default(5_000),
  WATCH_REPLICA_STALE_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(30_000),
  WARNING_EVAL_MS: z.coerce.number().int().min(200).max(86_400_000).default(300_000),
  INDEX_EVALUATIONS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(1200),
  IDENTIFIER_CHECKS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(120),
  AUDIT_HEAD_GATHER_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  AUDIT_HEAD_PUBLISH_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(60_000),
  OVERSIGHT_SCAN_MS: z.coerce.number().int().min(200).max(86_400_000).default(300_000),
  OVERSIGHT_WINDOW_MINUTES: z.coerce.number().int().min(5).max(1440).refine((m) => 1440 % m === 0, 'must divide a day (e.g. 15, 30, 60, 120)').default(60),
  OVERSIGHT_BASELINE_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  OVERSIGHT_MIN_HISTORY: z.coerce.number().int().min(1).max(1000).default(5),
  OVERSIGHT_FLOOR: z.coerce.number().min(1).max(100_000).default(20),
  OVERSIGHT_MULTIPLIER: z.coerce.number().min(1).max(1000).default(5),
  OVERSIGHT_MIN_COUNT: z.coerce.number().int().min(1).max(1_000_000).default(50),
  OVERSIGHT_PURPOSE_WINDOW_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  OVERSIGHT_PURPOSE_MIN_CITIES: z.coerce.number().int().min(2).max(CITY_CODES.length - 1).default(3),
  OVERSIGHT_PURPOSE_MIN_COUNT: z.coerce.number().int().min(1).max(1_000_000).default(100),
  OVERSIGHT_PURPOSE_REPORT_MIN: z.coerce.number().int().min(1).max(100_000).default(5),
  OVERSIGHT_MAX_ENTRIES_PER_RUN: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  QUEUE_DB_POOL_SIZE: z.coerce.number().int().min(4, 'must be at least 4 (each of the three workers keeps one connection)').max(100).default(6),
  YPF_EXIT_WITH_PARENT: bool.default(false),
  ...graphqlLimitsEnvShape(DEFAULT_NODE_GRAPHQL_LIMITS),
});

/**
 * The maths of misuse detection, kept pure so it can be read and tested on its own (the scan only gathers the counts).
 *
 * An officer's **typical window** is the median of their busy windows (those with at least one access) over the
 * baseline days: what an hour of their work usually looks like. Idle hours are left out, or every officer's median
 * would be 0; the median, not a mean or an EWMA, so that one earlier burst does not raise the bar for the next. An
 * officer with fewer busy windows than `minHistoryWindows` has no baseline yet and is measured against `floor`, a
 * typical busy officer's window.
 *
 * A window is **far above baseline** when its count reaches `multiplier` × the typical window, and at least
 * `minCount` (so a quiet officer going from 1 to 6 is not an alert).
 */
export interface OversightSettings {
  /** Length of one counting window, in minutes (divides a day). */
  windowMinutes: number;
  /** How far back the baseline looks. */
  baselineDays: number;
  /** Busy windows needed before an officer's own median counts. */
  minHistoryWindows: number;
  /** The typical window assumed for an officer without enough history. */
  floor: number;
  multiplier: number;
  minCount: number;
  /** Purposes are summed per officer over windows of this many hours (aligned to the region's midnight). */
  purposeWindowHours: number;
  /** A purpose used at this many data-owning cities ... */
  purposeMinCities: number;
  /** ... this many times in all within one purpose window is an alert at the officer's home city. */
  purposeMinCount: number;
  /** An owner tells the officer's home city of a purpose once the officer used it this often there in the purpose window. */
  purposeReportMin: number;
  /** Audit entries one scan reads at most (the rest wait for the next run). */
  maxEntriesPerRun: number;
}

export interface NodeConfig {
  city: string;
  port: number;
  host: string;
  databaseUrl: string;
  keysDir: string;
  policyDir: string;
  /** The region's contingency plans (contingency-plans.json); default: config/plans beside the policy directory. */
  plansDir: string;
  cityUrls: Record<string, string>;
  redisUrl?: string;
  /** Redis key prefix of this city's queues (default ypf-<city>); every process of one city must share it. */
  queuePrefix: string;
  nodeEnv: 'development' | 'test' | 'production';
  production: boolean;
  demoSeed: boolean;
  /**
   * Apply pending migrations at start (under the migration lock): on by default outside production (`npm start`);
   * in production a one-shot `migrate` step runs first and a node whose schema is behind refuses to start.
   */
  migrateOnStart: boolean;
  tokenTtlSeconds: number;
  /** Whose X-Forwarded-For the node believes (the gateway's address): Express's trust proxy, or false for none. */
  trustedProxies: string | false;
  /** How long a login lasts through renewals (a shift) before the password is asked again. */
  sessionMaxHours: number;
  /** How long the console may sit idle before it stops renewing and asks for the password again. */
  sessionIdleMinutes: number;
  dbPoolSize: number;
  /** The shared pool of the node's queues on PostgreSQL (three workers each keep one LISTEN connection). */
  queueDbPoolSize: number;
  /** Delivery: attempts before a message is dead, first back-off (doubling), sweeper period, per-call timeout. */
  deliveryMaxAttempts: number;
  deliveryBackoffMs: number;
  deliverySweepMs: number;
  deliveryTimeoutMs: number;
  /** Delivery jobs run at once; those running together share one call per target (so this bounds a batch). */
  deliveryConcurrency: number;
  /** Assistance SLA clocks per priority (region-wide), the sweep period, and the commitment size needing a COMMANDER. */
  slaPolicy: Record<Priority, SlaClock>;
  slaSweepMs: number;
  assistanceCommanderThreshold: number;
  /** How long after a target's acknowledgement deadline the requester escalates on its own when it heard nothing. */
  assistanceRequesterGraceSeconds: number;
  /** How often the expiry job looks for reports past their review date. */
  expirySweepMs: number;
  /** Joint watch: the period of its maintenance job (review warnings, expiry, deletion, hit escalation), the longest
   * review period per category, how early the lead city is warned, and how long closed entries keep personal data. */
  watchSweepMs: number;
  watchMaxReviewDays: Record<WatchCategory, number>;
  watchReviewWarningDays: number;
  watchRetentionDays: number;
  /** The region-wide check's copy of every city's blind indexes: how often it is brought up to date from each city,
   * and how old a city's copy may be before the check asks that city live instead. */
  watchReplicaSyncMs: number;
  watchReplicaStaleMs: number;
  /** How often the early-warning rules are evaluated. */
  warningEvalMs: number;
  /**
   * Blind-index evaluations this node performs for each other city per minute (all its officers together, every
   * process of this city counted): what a guess at one of this city's indexes costs a node that wants to guess.
   */
  indexEvaluationsPerMinute: number;
  /** Identifiers one officer may check per minute at the home node (watch and intelligence, every city counted once). */
  identifierChecksPerMinute: number;
  /** The signed audit chain head: published to the other cities this long after entries are written (changes in
   * between go together), and on this schedule (a new head if the chain grew, and to every city without the latest). */
  auditHeadGatherMs: number;
  auditHeadPublishMs: number;
  /** Misuse detection: how often the audit log is scanned, and the baseline and alert settings (docs/capabilities.md, oversight). */
  oversightScanMs: number;
  oversight: OversightSettings;
  exitWithParent: boolean;
  /** Depth, aliases, cost, tokens and directives of one operation (HTTP batching is off); at least the gateway's. */
  graphqlLimits: GraphqlLimits;
}

export const NODE_CONFIG = Symbol('NODE_CONFIG');

export class ConfigError extends Error {}

export function loadNodeConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): NodeConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(`Invalid city-node configuration:\n${describeZodError(parsed.error)}`);
  }
  const e = parsed.data;
  let cityUrls: Record<string, string>;
  try {
    cityUrls = resolveCityUrls(e.CITY_URLS);
  } catch (err) {
    throw new ConfigError(`Invalid city-node configuration:\n  - CITY_URLS: ${(err as Error).message}`);
  }
  let watchMaxReviewDays: Record<WatchCategory, number>;
  try {
    watchMaxReviewDays = parseWatchReviewDays(e.WATCH_MAX_REVIEW_DAYS);
  } catch (err) {
    throw new ConfigError(`Invalid city-node configuration:\n  - WATCH_MAX_REVIEW_DAYS: ${(err as Error).message}`);
  }
  let slaPolicy: Record<Priority, SlaClock>;
  try {
    slaPolicy = parseSlaPolicy(e.SLA_POLICY);
  } catch (err) {
    throw new ConfigError(`Invalid city-node configuration:\n  - ${(err as Error).message}`);
  }
  if (e.WATCH_REPLICA_STALE_MS <= e.WATCH_REPLICA_SYNC_MS) {
    throw new ConfigError(
      `Invalid city-node configuration:\n  - WATCH_REPLICA_STALE_MS (${e.WATCH_REPLICA_STALE_MS}) must be longer than WATCH_REPLICA_SYNC_MS (${e.WATCH_REPLICA_SYNC_MS}), or every copy counts as out of date between syncs; a few sync periods is usual.`,
    );
  }
  if (e.AUDIT_HEAD_GATHER_MS >= e.AUDIT_HEAD_PUBLISH_MS) {
    throw new ConfigError(
      `Invalid city-node configuration:\n  - AUDIT_HEAD_GATHER_MS (${e.AUDIT_HEAD_GATHER_MS}) must be shorter than AUDIT_HEAD_PUBLISH_MS (${e.AUDIT_HEAD_PUBLISH_MS}): changes are published after the gather time, and the schedule is the safety net behind it.`,
    );
  }
  if ((e.OVERSIGHT_PURPOSE_WINDOW_HOURS * 60) % e.OVERSIGHT_WINDOW_MINUTES !== 0) {
    throw new ConfigError(
      `Invalid city-node configuration:\n  - OVERSIGHT_PURPOSE_WINDOW_HOURS (${e.OVERSIGHT_PURPOSE_WINDOW_HOURS}) must be a whole number of OVERSIGHT_WINDOW_MINUTES windows (${e.OVERSIGHT_WINDOW_MINUTES} min): purposes are summed over whole windows.`,
    );
  }
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  return {
    city: e.CITY,
    port: e.PORT ?? getCity(e.CITY).localPort,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    keysDir: abs(e.KEYS_DIR),
    policyDir: abs(e.POLICY_DIR),
    plansDir: e.PLANS_DIR ? abs(e.PLANS_DIR) : resolve(abs(e.POLICY_DIR), '..', 'plans'),
    cityUrls,
    redisUrl: e.REDIS_URL,
    queuePrefix: e.QUEUE_PREFIX ?? `ypf-${e.CITY}`,
    nodeEnv: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    demoSeed: e.DEMO_SEED,
    migrateOnStart: e.MIGRATE_ON_START ?? e.NODE_ENV !== 'production',
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    trustedProxies: e.TRUSTED_PROXIES.trim() === 'none' ? false : e.TRUSTED_PROXIES,
    sessionMaxHours: e.SESSION_MAX_HOURS,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    dbPoolSize: e.DB_POOL_SIZE,
    queueDbPoolSize: e.QUEUE_DB_POOL_SIZE,
    deliveryMaxAttempts: e.DELIVERY_MAX_ATTEMPTS,
    deliveryBackoffMs: e.DELIVERY_BACKOFF_MS,
    deliverySweepMs: e.DELIVERY_SWEEP_MS,
    deliveryTimeoutMs: e.DELIVERY_TIMEOUT_MS,
    deliveryConcurrency: e.DELIVERY_CONCURRENCY,
    slaPolicy,
    slaSweepMs: e.SLA_SWEEP_MS,
    assistanceCommanderThreshold: e.ASSISTANCE_COMMANDER_THRESHOLD,
    assistanceRequesterGraceSeconds: e.ASSISTANCE_REQUESTER_GRACE_SECONDS,
    expirySweepMs: e.EXPIRY_SWEEP_MS,
    watchSweepMs: e.WATCH_SWEEP_MS,
    watchMaxReviewDays,
    watchReviewWarningDays: e.WATCH_REVIEW_WARNING_DAYS,
    watchRetentionDays: e.WATCH_RETENTION_DAYS,
    watchReplicaSyncMs: e.WATCH_REPLICA_SYNC_MS,
    watchReplicaStaleMs: e.WATCH_REPLICA_STALE_MS,
    warningEvalMs: e.WARNING_EVAL_MS,
    indexEvaluationsPerMinute: e.INDEX_EVALUATIONS_PER_MINUTE,
    identifierChecksPerMinute: e.IDENTIFIER_CHECKS_PER_MINUTE,
    auditHeadGatherMs: e.AUDIT_HEAD_GATHER_MS,
    auditHeadPublishMs: e.AUDIT_HEAD_PUBLISH_MS,
    oversightScanMs: e.OVERSIGHT_SCAN_MS,
    oversight: {
      windowMinutes: e.OVERSIGHT_WINDOW_MINUTES,
      baselineDays: e.OVERSIGHT_BASELINE_DAYS,
      minHistoryWindows: e.OVERSIGHT_MIN_HISTORY,
      floor: e.OVERSIGHT_FLOOR,
      multiplier: e.OVERSIGHT_MULTIPLIER,
      minCount: e.OVERSIGHT_MIN_COUNT,
      purposeWindowHours: e.OVERSIGHT_PURPOSE_WINDOW_HOURS,
      purposeMinCities: e.OVERSIGHT_PURPOSE_MIN_CITIES,
      purposeMinCount: e.OVERSIGHT_PURPOSE_MIN_COUNT,
      purposeReportMin: e.OVERSIGHT_PURPOSE_REPORT_MIN,
      maxEntriesPerRun: e.OVERSIGHT_MAX_ENTRIES_PER_RUN,
    },
    exitWithParent: e.YPF_EXIT_WITH_PARENT,
    graphqlLimits: graphqlLimitsFromEnv(e),
  };
}
