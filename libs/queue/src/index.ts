export * from './queue-backend.js';
export * from './kept-scheduler.js';
