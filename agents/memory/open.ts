import { parseDatabaseLocator } from '../../src/storage/locator.js';
import { PgMemoryStore } from './pg-store.js';
import { SqliteMemoryStore } from './sqlite-store.js';
import type { MemoryStore } from './store.js';

/** The site memory of a database locator: a SQLite path (or `:memory:`) or a `postgres://` URL. */
export function openMemoryStore(db: string): MemoryStore {
  const where = parseDatabaseLocator(db);
  return where.kind === 'postgres' ? new PgMemoryStore(where.url) : new SqliteMemoryStore(where.path);
}
