export * from './outbox-message.entity.js';
export * from './inbox-message.entity.js';
export * from './envelope.js';
