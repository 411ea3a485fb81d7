import { parseDatabaseLocator } from '../storage/locator.js';
import { PgTraceStore } from './pg-store.js';
import { SqliteTraceStore } from './sqlite-store.js';
import type { TraceStore, TraceStoreOptions } from './store.js';

/** The trace store of a database locator: a SQLite path, or a `postgres://` URL. */
export function openTraceStore(db: string, options: TraceStoreOptions = {}): TraceStore {
  const where = parseDatabaseLocator(db);
  return where.kind === 'postgres' ? new PgTraceStore(where.url, options) : new SqliteTraceStore(where.path, options);
}
