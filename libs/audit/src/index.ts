export * from './audit-entry.entity.js';
export * from './audit-chain.js';
export * from './audit.service.js';
export * from './canonical-json.js';
export * from './audit-head.js';
