export * from './errors.js';
export * from './validation.js';
export * from './clock.js';
export * from './process.js';
export * from './graphql-limits.js';
export * from './prepared.js';
export * from './semaphore.js';
export * from './json.js';
