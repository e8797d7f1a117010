import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloGatewayDriver, type ApolloGatewayDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { readFileSync } from 'node:fs';
import { REGION_SUBGRAPH_NAME } from '@ypf/contract';
import { queryLimitServerOptions } from '@ypf/common';
import type { GatewayConfig } from './config/gateway-config.js';
import { CityDataSource } from './city-data-source.js';
import { SessionExchange } from './session-exchange.js';
import { buildRegionSubgraphSchema } from './region/region-subgraph.js';
import { RegionDataSource } from './region/region-data-source.js';
import { formatGatewayError } from './format-error.js';
import { HealthController } from './health/health.controller.js';
import { GATEWAY_CONFIG } from './tokens.js';

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig): DynamicModule {
    const supergraphSdl = readFileSync(config.supergraphFile, 'utf8');
    const regionSchema = buildRegionSubgraphSchema();
    const sessions = new SessionExchange(config.cityUrls, config.subgraphTimeoutMs);
    return {
      module: GatewayModule,
      imports: [
        GraphQLModule.forRoot<ApolloGatewayDriverConfig>({
          driver: ApolloGatewayDriver,
          server: {
            path: '/graphql',
            context: ({ req }: { req: unknown }) => ({ req }),
            introspection: !config.production,
            playground: false,
            includeStacktraceInErrorResponses: false,
            hideSchemaDetailsFromClientErrors: config.production,
            formatError: formatGatewayError,
            plugins: [ApolloServerPluginInlineTraceDisabled()],
            // Depth, aliases, cost, tokens, directives; one operation per request (no HTTP batching).
            ...queryLimitServerOptions(config.graphqlLimits),
          },
          gateway: {
            supergraphSdl,
            buildService: ({ name, url }) => {
              if (name === REGION_SUBGRAPH_NAME) return new RegionDataSource(regionSchema);
              // Subgraph URLs come from this gateway's configuration, not from the committed supergraph.
              return new CityDataSource(name, config.cityUrls[name] ?? url!, config.subgraphTimeoutMs, config.subgraphMutationTimeoutMs, config.subgraphMaxConnections, sessions);
            },
          },
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }],
    };
  }
}
