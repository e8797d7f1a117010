import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLSchema } from 'graphql';
import { gql } from 'graphql-tag';
import { CITIES, REGION_ID, REGION_NAME } from '@ypf/region';
import { REGION_SUBGRAPH_TYPE_DEFS } from '@ypf/contract';

/**
 * The gateway's in-process subgraph. It owns Query.region, so a query plan starts here and fans out to the cities
 * in parallel: a dead city costs only its own field, never the whole answer.
 */
export function buildRegionSubgraphSchema(): GraphQLSchema {
  const region = () => ({ id: REGION_ID });
  return buildSubgraphSchema([
    {
      typeDefs: gql(REGION_SUBGRAPH_TYPE_DEFS),
      resolvers: {
        Query: { region },
        Region: {
          __resolveReference: (ref: { id: string }) => (ref.id === REGION_ID ? region() : null),
          name: () => REGION_NAME,
          cities: () => CITIES.map((c) => ({ code: c.code, nameEn: c.nameEn, nameZh: c.nameZh })),
        },
      } as never,
    },
  ]);
}
