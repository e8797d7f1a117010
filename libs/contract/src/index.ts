export * from './city-subgraph.graphql.js';
export * from './region-subgraph.graphql.js';
