import type { MemoryEntry, MemoryFilter } from './schema.js';

/** A stored row that failed validation: it is never returned as an entry. */
export interface DroppedRow {
  id: string;
  reason: string;
}

export interface MemoryRead {
  entries: MemoryEntry[];
  /** Rows that did not validate, already removed from the store. */
  dropped: DroppedRow[];
}

/**
 * Where the site memory lives: SQLite (`SqliteMemoryStore`) or PostgreSQL (`PgMemoryStore`), chosen by
 * `openMemoryStore`. Implementations validate every entry on write (a bad one throws, nothing is written) and
 * on read (a bad row is removed and reported in `dropped`, never returned or thrown).
 */
export interface MemoryStore {
  list(filter?: MemoryFilter): MemoryRead;
  get(id: string): MemoryEntry | null;
  /** Inserts or replaces the entry with this id. */
  put(entry: MemoryEntry): void;
  remove(id: string): boolean;
  close(): void;
}
