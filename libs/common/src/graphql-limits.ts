import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type GraphQLFormattedError, type ValidationContext, type ValidationRule } from 'graphql';
import { z } from 'zod';
import { DomainError } from './errors.js';

/**
 * How big one GraphQL operation may be, at the gateway and at every node (a node is reachable directly too).
 * Counted as graphql-armor counts them, with fragments flattened (a fragment is no extra level or cost):
 * depth = nesting of fields; aliases (`__typename` aliases are free); cost = 1 per scalar, 2 per object plus 1.5 × its
 * children; tokens = lexical tokens of the document (a string or a comment's text is one token or none); directives.
 */
export interface GraphqlLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  maxDirectives: number;
}

/**
 * The largest real operations of this region, measured on the supergraph: the schema's deepest path is 7
 * (region.<city>.searchIntelligence.results.report.grading.sourceReliability) and it has no cycles; two aliased
 * full report views plus a search for all eight cities (test/e2e/query-limits) take 24 aliases, ~850 tokens and
 * cost ~3,000; a full-field search of all eight cities costs ~2,000; the benchmark's 8-city search costs 242.
 * Roughly 1.5–3× headroom on each.
 */
export const DEFAULT_GATEWAY_GRAPHQL_LIMITS: GraphqlLimits = {
  maxDepth: 10,
  maxAliases: 40,
  maxCost: 10_000,
  maxTokens: 2_000,
  maxDirectives: 20,
};

/**
 * A node accepts whatever the gateway let through: the query planner sends a city's part inside an `_entities` wrapper
 * (the same depth with fragments flattened, the same aliases and directives, cost + 2 and ~30 more tokens).
 */
export const DEFAULT_NODE_GRAPHQL_LIMITS: GraphqlLimits = {
  ...DEFAULT_GATEWAY_GRAPHQL_LIMITS,
  maxCost: 10_100,
  maxTokens: 2_100,
};

/** The same variables for the gateway and the node; each app spreads this shape into its environment schema. */
export const graphqlLimitsEnvShape = (defaults: GraphqlLimits) => ({
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(3).max(100).default(defaults.maxDepth),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(defaults.maxAliases),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(100).max(1_000_000).default(defaults.maxCost),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(defaults.maxTokens),
  GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1000).default(defaults.maxDirectives),
});

export function graphqlLimitsFromEnv(e: { [K in keyof ReturnType<typeof graphqlLimitsEnvShape>]: number }): GraphqlLimits {
  return {
    maxDepth: e.GRAPHQL_MAX_DEPTH,
    maxAliases: e.GRAPHQL_MAX_ALIASES,
    maxCost: e.GRAPHQL_MAX_COST,
    maxTokens: e.GRAPHQL_MAX_TOKENS,
    maxDirectives: e.GRAPHQL_MAX_DIRECTIVES,
  };
}

export enum QueryLimitCode {
  QUERY_TOO_DEEP = 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES = 'TOO_MANY_ALIASES',
  QUERY_TOO_COSTLY = 'QUERY_TOO_COSTLY',
  TOO_MANY_TOKENS = 'TOO_MANY_TOKENS',
  TOO_MANY_DIRECTIVES = 'TOO_MANY_DIRECTIVES',
}

/** An operation over one of the limits: refused before anything runs (HTTP 400). */
export class QueryLimitError extends DomainError {
  constructor(code: QueryLimitCode, message: string) {
    super(code, message);
  }
}

const ADVICE: Record<QueryLimitCode, string> = {
  [QueryLimitCode.QUERY_TOO_DEEP]: 'ask for fewer nested levels',
  [QueryLimitCode.TOO_MANY_ALIASES]: 'use fewer aliases or split the operation',
  [QueryLimitCode.QUERY_TOO_COSTLY]: 'select fewer fields or cities, or split the operation',
  [QueryLimitCode.TOO_MANY_TOKENS]: 'send a shorter document (pass values as variables) or split the operation',
  [QueryLimitCode.TOO_MANY_DIRECTIVES]: 'use fewer directives',
};

const limitMessage = (code: QueryLimitCode, armorMessage: string) =>
  `${armorMessage.replace(/^Syntax Error: /, '').replace(/\.$/, '')}: ${ADVICE[code]}.`;

/** Reports the refusal as our own coded error (armor's default is a bare BAD_USER_INPUT). */
const reject =
  (code: QueryLimitCode) =>
  (ctx: ValidationContext | null, error: GraphQLError): void =>
    ctx?.reportError(new QueryLimitError(code, limitMessage(code, error.message)));

const armorCallbacks = (code: QueryLimitCode) => ({ onReject: [reject(code)], propagateOnRejection: false, exposeLimits: true });

/**
 * Apollo Server options enforcing the limits: validation rules (depth, aliases, cost, directives), the parser's own
 * token limit (graphql-js stops lexing at the limit, so a huge document costs no more than the limit), and no HTTP
 * batching (one operation per request: a JSON array body is refused with 400 BAD_REQUEST).
 */
export function queryLimitServerOptions(limits: GraphqlLimits): {
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
  allowBatchedHttpRequests: false;
} {
  const { validationRules } = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ...armorCallbacks(QueryLimitCode.QUERY_TOO_DEEP) },
    maxAliases: { n: limits.maxAliases, ...armorCallbacks(QueryLimitCode.TOO_MANY_ALIASES) },
    costLimit: { maxCost: limits.maxCost, flattenFragments: true, ...armorCallbacks(QueryLimitCode.QUERY_TOO_COSTLY) },
    maxDirectives: { n: limits.maxDirectives, ...armorCallbacks(QueryLimitCode.TOO_MANY_DIRECTIVES) },
    // Tokens: the parser's own limit (below). Field suggestions: Apollo's hideSchemaDetailsFromClientErrors in production.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { validationRules, parseOptions: { maxTokens: limits.maxTokens }, allowBatchedHttpRequests: false };
}

const TOKEN_LIMIT = /Document contains more tha[nt] (\d+) tokens/;

/**
 * The client's view of a limit refusal, or undefined for any other error. Apollo wraps validation errors as
 * GRAPHQL_VALIDATION_FAILED and parse errors as GRAPHQL_PARSE_FAILED; the limit's own code is restored here.
 */
export function formatQueryLimitError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof QueryLimitError) {
    return { message: original.message, locations: formatted.locations, extensions: { code: original.code } };
  }
  const tokens = formatted.extensions?.code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
  if (tokens) {
    const code = QueryLimitCode.TOO_MANY_TOKENS;
    return { message: `Token limit of ${tokens[1]} exceeded: ${ADVICE[code]}.`, extensions: { code } };
  }
  // graphql-js gives up on OverlappingFieldsCanBeMerged past its work budget (hundreds of copies of one field).
  if (formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && formatted.message === 'Validation aborted.') {
    const code = QueryLimitCode.QUERY_TOO_COSTLY;
    return { message: `The operation is too costly to validate (too many copies of the same fields): ${ADVICE[code]}.`, extensions: { code } };
  }
  return undefined;
}
