import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { CITY_CODES, localCityUrl } from '@ypf/region';
import { citySubgraphTypeDefs, REGION_SUBGRAPH_NAME, REGION_SUBGRAPH_TYPE_DEFS } from '@ypf/contract';

/** The URL recorded for the in-process region subgraph; the gateway serves it locally, never over HTTP. */
export const REGION_SUBGRAPH_URL = 'http://region.gateway.local/graphql';

/** Composes the region subgraph and the eight city subgraphs into the supergraph SDL. */
export function composeRegionSupergraph(): string {
  const result = composeServices([
    { name: REGION_SUBGRAPH_NAME, typeDefs: parse(REGION_SUBGRAPH_TYPE_DEFS), url: REGION_SUBGRAPH_URL },
    ...CITY_CODES.map((code) => ({ name: code, typeDefs: parse(citySubgraphTypeDefs(code)), url: localCityUrl(code) })),
  ]);
  if (result.errors?.length) {
    throw new Error(`Supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  const hints = result.hints ?? [];
  if (hints.length) {
    throw new Error(`Supergraph composition produced hints (the region pattern composes with none):\n${hints.map((h) => `  - ${h.toString()}`).join('\n')}`);
  }
  if (!result.supergraphSdl) throw new Error('Supergraph composition returned no SDL.');
  return result.supergraphSdl;
}

export const SUPERGRAPH_PATH = 'apps/gateway/supergraph/supergraph.graphql';
