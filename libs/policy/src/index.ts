export * from './policy.schema.js';
export * from './access-policy.js';
