export * from './cities.js';
export * from './ids.js';
