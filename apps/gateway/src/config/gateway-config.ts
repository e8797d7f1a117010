import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { resolveCityUrls } from '@ypf/region';
import { describeZodError, DEFAULT_GATEWAY_GRAPHQL_LIMITS, graphqlLimitsEnvShape, graphqlLimitsFromEnv, type GraphqlLimits } from '@ypf/common';

const bool = z.enum(['true', 'false', '1', '0'], { error: () => 'must be true or false' }).transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CITY_URLS: z.string().optional(),
  SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(2000),
  SUBGRAPH_MUTATION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120000).default(15000),
  SUBGRAPH_MAX_CONNECTIONS: z.coerce.number().int().min(0).max(1024).default(0),
  SUPERGRAPH_FILE: z.string().min(1).default('apps/gateway/supergraph/supergraph.graphql'),
  CONSOLE_DIR: z.string().min(1).default('dist/console'),
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  YPF_EXIT_WITH_PARENT: bool.default(false),
  ...graphqlLimitsEnvShape(DEFAULT_GATEWAY_GRAPHQL_LIMITS),
});

export interface GatewayConfig {
  port: number;
  host: string;
  cityUrls: Record<string, string>;
  subgraphTimeoutMs: number;
  /** Writes get longer: aborting one at the gateway does not stop it at the node. */
  subgraphMutationTimeoutMs: number;
  /**
   * Sockets kept alive to each city at most (requests beyond wait at the gateway); 0: no cap, Node's shared
   * keep-alive pool.
   */
  subgraphMaxConnections: number;
  supergraphFile: string;
  /** The built officers' console (apps/console), served at `/` when it exists. */
  consoleDir: string;
  nodeEnv: 'development' | 'test' | 'production';
  production: boolean;
  exitWithParent: boolean;
  /** Depth, aliases, cost, tokens and directives of one operation (HTTP batching is off). */
  graphqlLimits: GraphqlLimits;
}

export class GatewayConfigError extends Error {}

export function loadGatewayConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new GatewayConfigError(`Invalid gateway configuration:\n${describeZodError(parsed.error)}`);
  const e = parsed.data;
  let cityUrls: Record<string, string>;
  try {
    cityUrls = resolveCityUrls(e.CITY_URLS);
  } catch (err) {
    throw new GatewayConfigError(`Invalid gateway configuration:\n  - CITY_URLS: ${(err as Error).message}`);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    cityUrls,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    subgraphMutationTimeoutMs: e.SUBGRAPH_MUTATION_TIMEOUT_MS,
    subgraphMaxConnections: e.SUBGRAPH_MAX_CONNECTIONS,
    supergraphFile: isAbsolute(e.SUPERGRAPH_FILE) ? e.SUPERGRAPH_FILE : resolve(cwd, e.SUPERGRAPH_FILE),
    consoleDir: isAbsolute(e.CONSOLE_DIR) ? e.CONSOLE_DIR : resolve(cwd, e.CONSOLE_DIR),
    nodeEnv: e.NODE_ENV,
    production: e.NODE_ENV === 'production',
    exitWithParent: e.YPF_EXIT_WITH_PARENT,
    graphqlLimits: graphqlLimitsFromEnv(e),
  };
}
