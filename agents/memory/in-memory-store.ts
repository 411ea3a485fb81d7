import { MemoryEntrySchema } from './schema.js';
import type { MemoryEntry, MemoryFilter } from './schema.js';
import type { DroppedRow, MemoryRead, MemoryStore } from './store.js';

/** The site memory held in a map (fakes and unit tests); validated both ways like the SQLite store. */
export class InMemoryMemoryStore implements MemoryStore {
  private readonly rows = new Map<string, string>();

  list(filter: MemoryFilter = {}): MemoryRead {
    const entries: MemoryEntry[] = [];
    const dropped: DroppedRow[] = [];
    for (const [id, text] of this.rows) {
      const e = this.parse(text);
      if (!e || e.id !== id) {
        dropped.push({ id, reason: 'the entry does not validate' });
        continue;
      }
      if (filter.site && e.site !== filter.site) continue;
      if (filter.kind && e.kind !== filter.kind) continue;
      if (filter.person && (e.kind !== 'reference' || e.person !== filter.person)) continue;
      if (!filter.includeExpired && e.expired) continue;
      entries.push(e);
    }
    for (const d of dropped) this.rows.delete(d.id);
    return { entries: entries.sort((a, b) => b.confirmedAt.localeCompare(a.confirmedAt) || a.id.localeCompare(b.id)), dropped };
  }

  get(id: string): MemoryEntry | null {
    const text = this.rows.get(id);
    return text === undefined ? null : this.parse(text);
  }

  put(entry: MemoryEntry): void {
    const e = MemoryEntrySchema.parse(entry);
    this.rows.set(e.id, JSON.stringify(e));
  }

  remove(id: string): boolean {
    return this.rows.delete(id);
  }

  close(): void {
    this.rows.clear();
  }

  private parse(text: string): MemoryEntry | null {
    try {
      const r = MemoryEntrySchema.safeParse(JSON.parse(text));
      return r.success ? r.data : null;
    } catch {
      return null;
    }
  }
}
