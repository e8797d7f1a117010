export * from './test-env.js';
export * from './graphql-client.js';
export * from './test-database.js';
export * from './query-limits.js';
export * from './limit-assertions.js';
