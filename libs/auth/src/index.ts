export * from './roles.js';
export * from './key-registry.js';
export * from './tokens.js';
