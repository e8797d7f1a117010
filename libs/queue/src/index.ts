export * from './queue-backend.js';
export * from './kept-scheduler.js';
export * from './bulk-adder.js';
