/**
 * Reference gateways for `npm run bench`, one per child process, over the same committed supergraph as ours:
 *   apollo            plain @apollo/server + ApolloGateway({ supergraphSdl }) with default settings
 *   hive              Hive Gateway (@graphql-hive/gateway-runtime) with its defaults: identical in-flight subgraph
 *                     requests (same URL, body and headers, so the same Authorization) are sent once
 *   hive-dedup        the same, plus inbound deduplication of identical in-flight client requests keyed on Authorization
 *   hive-nodedup      no deduplication at all (every client request reaches the cities, as in ours)
 *   hive-rust         Hive Gateway defaults with the Rust query planner (@graphql-hive/router-runtime)
 * Each adds only what the nodes need: the officer's Authorization and X-Purpose headers forwarded to the cities.
 * The supergraph's `region` subgraph (Query.region, Region.cities) runs in-process, as in our gateway.
 *
 * Usage (from the bench): REF_GATEWAY_KIND=<kind> REF_PORT=<port> REF_SUPERGRAPH_FILE=<file> node dist/bench/reference-gateways.js
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, LocalGraphQLDataSource, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { createGatewayRuntime } from '@graphql-hive/gateway-runtime';
import { unifiedGraphHandler as rustQueryPlanner } from '@graphql-hive/router-runtime';
import { createDefaultExecutor } from '@graphql-mesh/transport-common';
import type { IncomingMessage } from 'node:http';
import { REGION_SUBGRAPH_NAME } from '@ypf/contract';
import { buildRegionSubgraphSchema } from '../apps/gateway/src/region/region-subgraph.js';

const REFERENCE_GATEWAY_KINDS = ['apollo', 'hive', 'hive-dedup', 'hive-nodedup', 'hive-rust'] as const;
type ReferenceGatewayKind = (typeof REFERENCE_GATEWAY_KINDS)[number];

const FORWARDED = ['authorization', 'x-purpose'] as const;

class HeaderForwardingDataSource extends RemoteGraphQLDataSource<{ req: IncomingMessage }> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<{ req: IncomingMessage }>): void {
    for (const name of FORWARDED) {
      const value = context.req?.headers[name];
      if (typeof value === 'string') request.http?.headers.set(name, value);
    }
  }
}

async function startApollo(port: number, supergraphSdl: string): Promise<void> {
  const regionSchema = buildRegionSubgraphSchema();
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => (name === REGION_SUBGRAPH_NAME ? new LocalGraphQLDataSource(regionSchema) : new HeaderForwardingDataSource({ url })),
  });
  const server = new ApolloServer({ gateway });
  await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' }, context: async ({ req }) => ({ req }) });
}

function startHive(port: number, supergraphSdl: string, kind: Exclude<ReferenceGatewayKind, 'apollo'>): Promise<void> {
  const regionSchema = buildRegionSubgraphSchema();
  const httpTransport = import('@graphql-mesh/transport-http');
  const gateway = createGatewayRuntime({
    supergraph: () => supergraphSdl,
    logging: 'error',
    // The region subgraph is a local schema, as in our gateway and the Apollo reference.
    transportEntries: {
      [REGION_SUBGRAPH_NAME]: { kind: 'local' },
      ...(kind === 'hive-nodedup' ? { '*.http': { options: { deduplicateInflightRequests: false } } } : {}),
    },
    transports: (transportKind) =>
      transportKind === 'local' ? { getSubgraphExecutor: () => createDefaultExecutor(regionSchema) } : httpTransport,
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }) => Object.fromEntries(FORWARDED.map((h) => [h, request.headers.get(h)])),
    },
    inboundInflightRequestDeduplication: kind === 'hive-dedup' ? { shouldIncludeHeader: (name) => name.toLowerCase() === 'authorization' } : false,
    ...(kind === 'hive-rust' ? { unifiedGraphHandler: rustQueryPlanner } : {}),
  });
  // The gateway answers on its own; the server only hands it each request.
  return new Promise((resolve) => createServer((req, res) => void gateway(req, res)).listen(port, '127.0.0.1', () => resolve()));
}

async function main(): Promise<void> {
  const kind = process.env.REF_GATEWAY_KIND as ReferenceGatewayKind;
  const port = Number(process.env.REF_PORT);
  const file = process.env.REF_SUPERGRAPH_FILE;
  if (!REFERENCE_GATEWAY_KINDS.includes(kind) || !port || !file) {
    throw new Error(`REF_GATEWAY_KIND (${REFERENCE_GATEWAY_KINDS.join('|')}), REF_PORT and REF_SUPERGRAPH_FILE are required`);
  }
  const sdl = readFileSync(file, 'utf8');
  if (kind === 'apollo') await startApollo(port, sdl);
  else await startHive(port, sdl, kind);
  // Leave with the bench: it holds our stdin.
  process.stdin.on('close', () => process.exit(0)).resume();
  console.log(`${kind} reference gateway on http://127.0.0.1:${port}/graphql`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
