export * from './schema.js';
export type { DroppedRow, MemoryRead, MemoryStore } from './store.js';
export { SqliteMemoryStore } from './sqlite-store.js';
export { PgMemoryStore } from './pg-store.js';
export { openMemoryStore } from './open.js';
export { SiteMemory, AVOID_FAILURE_RATE, AVOID_MIN_FAILURES, ROBOT_FAILURES } from './site-memory.js';
export type { ReferenceRead, StatsKey } from './site-memory.js';
export { InMemoryMemoryStore } from './in-memory-store.js';
