import { z } from 'zod';
import { MemoryEntrySchema } from './schema.js';
import type { MemoryEntry, MemoryFilter } from './schema.js';
import type { DroppedRow } from './store.js';

const RowSchema = z.object({ id: z.string(), entry: z.string() });

/** One stored row, validated: the entry it holds, or why it cannot be used (then it is dropped). */
export function parseMemoryRow(raw: unknown): { entry: MemoryEntry } | { dropped: DroppedRow } {
  const row = RowSchema.safeParse(raw);
  const id = typeof raw === 'object' && raw !== null && 'id' in raw ? String((raw as { id: unknown }).id) : '?';
  if (!row.success) return { dropped: { id, reason: 'the row is malformed' } };
  let json: unknown;
  try {
    json = JSON.parse(row.data.entry);
  } catch {
    return { dropped: { id, reason: 'the entry is not JSON' } };
  }
  const entry = MemoryEntrySchema.safeParse(json);
  if (!entry.success) return { dropped: { id, reason: entry.error.issues.map((i) => `${i.path.join('.') || 'entry'}: ${i.message}`).join('; ').slice(0, 300) } };
  if (entry.data.id !== id) return { dropped: { id, reason: `the entry names another id (${entry.data.id})` } };
  return { entry: entry.data };
}

export function matchesFilter(e: MemoryEntry, filter: MemoryFilter): boolean {
  if (filter.site && e.site !== filter.site) return false;
  if (filter.kind && e.kind !== filter.kind) return false;
  if (filter.person && (e.kind !== 'reference' || e.person !== filter.person)) return false;
  return filter.includeExpired === true || !e.expired;
}
