export * from './queue-backend.js';
