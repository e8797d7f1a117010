/**
 * The gateway's own in-process subgraph: it owns the root `region` field and the directory of cities,
 * so that no single city sits on the root of every query plan (a dead city would otherwise null the whole region).
 */
export const REGION_SUBGRAPH_NAME = 'region';

export const REGION_SUBGRAPH_TYPE_DEFS = /* GraphQL */ `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable"])

type Query {
  "The Yangtze region: ask for the cities you need, e.g. { region { taizhou { code } suzhou { code } } }."
  region: Region!
}

type Region @key(fields: "id") {
  id: ID!
  name: String!
  "The cities of the region, as registered."
  cities: [CityDirectoryEntry!]!
}

type CityDirectoryEntry {
  code: String!
  nameEn: String!
  nameZh: String!
}
`;
