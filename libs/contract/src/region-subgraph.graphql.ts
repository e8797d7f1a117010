import { REGION_ID } from '@ypf/region';

/**
 * The gateway's own in-process subgraph: it owns the root `region` field and the directory of cities,
 * so that no single city sits on the root of every query plan (a dead city would otherwise null the whole region).
 */
export const REGION_SUBGRAPH_NAME = 'region';

/** Region's description and its id's, the same in every subgraph that defines them (composition hints otherwise). */
export const REGION_DESCRIPTIONS = {
  type: `The Yangtze region (id \\"${REGION_ID}\\"). Every city adds its own nullable field, so one dead city nulls only its own.`,
  id: `The region's id, ${REGION_ID}: the key every subgraph resolves Region by.`,
} as const;

export const REGION_SUBGRAPH_TYPE_DEFS = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

"Reads. Writes go to Mutation.<city>, at the officer's home node."
type Query {
  "The Yangtze region: ask for the cities you need, e.g. { region { taizhou { code } suzhou { code } } }."
  region: Region!
}

"${REGION_DESCRIPTIONS.type}"
type Region @key(fields: "id") {
  "${REGION_DESCRIPTIONS.id}"
  id: ID!
  "The region's name."
  name: String!
  "The cities of the region, as registered."
  cities: [CityDirectoryEntry!]!
}

"A city of the region as the registry lists it (whether its node is up or not)."
type CityDirectoryEntry {
  "The city's code: its field on Region and Mutation."
  code: String!
  "Its name in English."
  nameEn: String!
  "Its name in Chinese."
  nameZh: String!
}
`;
