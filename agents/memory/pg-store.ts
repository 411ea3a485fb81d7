import { migratePg } from '../../src/storage/pg-migrations.js';
import { SyncPg } from '../../src/storage/sync-pg.js';
import { matchesFilter, parseMemoryRow } from './rows.js';
import { identityOf, MemoryEntrySchema } from './schema.js';
import type { MemoryEntry, MemoryFilter } from './schema.js';
import type { DroppedRow, MemoryRead, MemoryStore } from './store.js';

/** Byte order, as SQLite compares text, so both backends list entries in the same order. */
const LIST_SQL = 'SELECT id, entry FROM orca_memory ORDER BY updated_at COLLATE "C" DESC, id COLLATE "C"';

const UPSERT_SQL = `INSERT INTO orca_memory (id, kind, site, identity, updated_at, entry) VALUES ($1, $2, $3, $4, $5, $6)
  ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, site = excluded.site, identity = excluded.identity, updated_at = excluded.updated_at, entry = excluded.entry`;

/** The site memory on PostgreSQL, one row per entry, its JSON validated both ways; shared by every process of the site. */
export class PgMemoryStore implements MemoryStore {
  private readonly db: SyncPg;

  constructor(url: string) {
    this.db = new SyncPg(url, 'orca-memory');
    migratePg(this.db);
  }

  list(filter: MemoryFilter = {}): MemoryRead {
    const entries: MemoryEntry[] = [];
    const dropped: DroppedRow[] = [];
    const corrupt: [string, string][] = [];
    for (const raw of this.db.query(LIST_SQL)) {
      const r = parseMemoryRow(raw);
      if ('entry' in r) {
        if (matchesFilter(r.entry, filter)) entries.push(r.entry);
        continue;
      }
      dropped.push(r.dropped);
      corrupt.push([r.dropped.id, String(raw['entry'])]);
    }
    // Only the row as it was read: another process may have written a good entry under that id since.
    for (const [id, entry] of corrupt) this.db.run('DELETE FROM orca_memory WHERE id = $1 AND entry = $2', [id, entry]);
    return { entries, dropped };
  }

  get(id: string): MemoryEntry | null {
    const [raw] = this.db.query('SELECT id, entry FROM orca_memory WHERE id = $1', [id]);
    if (raw === undefined) return null;
    const r = parseMemoryRow(raw);
    return 'entry' in r ? r.entry : null;
  }

  put(entry: MemoryEntry): void {
    const e = MemoryEntrySchema.parse(entry);
    this.db.run(UPSERT_SQL, [e.id, e.kind, e.site, identityOf(e), e.confirmedAt, JSON.stringify(e)]);
  }

  remove(id: string): boolean {
    return this.db.run('DELETE FROM orca_memory WHERE id = $1', [id]) > 0;
  }

  /** Tests only: writes a raw row as a corrupted database would hold it. */
  putRawForTest(id: string, entry: string): void {
    this.db.run(UPSERT_SQL, [id, 'reference', 'home', id, '9999', entry]);
  }

  close(): void {
    this.db.close();
  }
}
