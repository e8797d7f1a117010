export * from './cities.js';
export * from './ids.js';
export * from './capabilities.js';
export * from './notice-kinds.js';
export * from './vocabulary.js';
