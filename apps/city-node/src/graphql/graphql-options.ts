import { Logger } from '@nestjs/common';
import type { ApolloFederationDriverConfig } from '@nestjs/apollo';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { citySubgraphTypeDefs } from '@ypf/contract';
import { getCity } from '@ypf/region';
import { DomainError, formatQueryLimitError, queryLimitServerOptions } from '@ypf/common';
import type { NodeConfig } from '../config/node-config.js';
import { guardEntityRepresentations } from './entity-representations.js';

const logger = new Logger('GraphQL');

/** Codes clients may see as they are; anything else is an internal error and is reported without detail. */
const PASS_THROUGH_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'BAD_REQUEST']);

export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const limit = formatQueryLimitError(formatted, error);
  if (limit) return limit;
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof DomainError) {
    return { message: original.message, path: formatted.path, locations: formatted.locations, extensions: { ...original.extensions } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  logger.error(`unexpected error at ${formatted.path?.join('.') ?? '(root)'}: ${(original as Error)?.stack ?? String(original)}`);
  return { message: 'Internal error at the node; it has been logged.', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export function graphqlOptions(config: NodeConfig): Omit<ApolloFederationDriverConfig, 'driver'> {
  const city = getCity(config.city);
  const cityRoot = () => ({ code: city.code, nameEn: city.nameEn, nameZh: city.nameZh });
  return {
    typeDefs: citySubgraphTypeDefs(config.city),
    // The city's own Region and Mutation fields are named after the city, so they are wired here, not by decorator.
    resolvers: { Region: { [city.code]: cityRoot }, Mutation: { [city.code]: cityRoot } },
    // _entities with a type that has no @key (or none at all) is the caller's mistake, answered as one.
    transformSchema: guardEntityRepresentations,
    path: '/graphql',
    context: ({ req }: { req: unknown }) => ({ req }),
    fieldResolverEnhancers: ['guards'],
    playground: false,
    // Subgraph introspection stays on outside production; the gateway uses the committed supergraph, not introspection.
    introspection: !config.production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: config.production,
    formatError,
    // No ftv1 traces: nothing consumes them and they cost time on every request.
    plugins: [ApolloServerPluginInlineTraceDisabled()],
    // Depth, aliases, cost, tokens, directives; one operation per request (no HTTP batching).
    ...queryLimitServerOptions(config.graphqlLimits),
  };
}
