import Database from 'better-sqlite3';
import { matchesFilter, parseMemoryRow } from './rows.js';
import { identityOf, MemoryEntrySchema } from './schema.js';
import type { MemoryEntry, MemoryFilter } from './schema.js';
import type { DroppedRow, MemoryRead, MemoryStore } from './store.js';

/** The site memory in the missions' SQLite file, one row per entry, its JSON validated both ways. */
export class SqliteMemoryStore implements MemoryStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS orca_memory (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, site TEXT NOT NULL, identity TEXT NOT NULL,
      updated_at TEXT NOT NULL, entry TEXT NOT NULL)`);
  }

  list(filter: MemoryFilter = {}): MemoryRead {
    const rows = this.db.prepare('SELECT id, entry FROM orca_memory ORDER BY updated_at DESC, id').all();
    const entries: MemoryEntry[] = [];
    const dropped: DroppedRow[] = [];
    for (const raw of rows) {
      const r = parseMemoryRow(raw);
      if ('dropped' in r) dropped.push(r.dropped);
      else if (matchesFilter(r.entry, filter)) entries.push(r.entry);
    }
    for (const d of dropped) this.db.prepare('DELETE FROM orca_memory WHERE id = ?').run(d.id);
    return { entries, dropped };
  }

  get(id: string): MemoryEntry | null {
    const raw = this.db.prepare('SELECT id, entry FROM orca_memory WHERE id = ?').get(id);
    if (raw === undefined) return null;
    const r = parseMemoryRow(raw);
    return 'entry' in r ? r.entry : null;
  }

  put(entry: MemoryEntry): void {
    const e = MemoryEntrySchema.parse(entry);
    this.db
      .prepare(`INSERT INTO orca_memory (id, kind, site, identity, updated_at, entry) VALUES (@id, @kind, @site, @identity, @updatedAt, @entry)
        ON CONFLICT(id) DO UPDATE SET kind = excluded.kind, site = excluded.site, identity = excluded.identity, updated_at = excluded.updated_at, entry = excluded.entry`)
      .run({ id: e.id, kind: e.kind, site: e.site, identity: identityOf(e), updatedAt: e.confirmedAt, entry: JSON.stringify(e) });
  }

  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM orca_memory WHERE id = ?').run(id).changes > 0;
  }

  /** Tests only: writes a raw row as a corrupted file would hold it. */
  putRawForTest(id: string, entry: string): void {
    this.db.prepare(`INSERT OR REPLACE INTO orca_memory (id, kind, site, identity, updated_at, entry) VALUES (?, 'reference', 'home', ?, '9999', ?)`).run(id, id, entry);
  }

  close(): void {
    this.db.close();
  }
}
