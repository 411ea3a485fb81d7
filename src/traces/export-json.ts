import { z } from 'zod';
import { ValidationError } from '../domain/failures.js';
import { TraceEventSchema, orderTraceEvent } from './schema.js';
import type { TraceEvent } from './schema.js';
import type { TraceStore } from './store.js';

/** Every event of a mission in seq order, envelope keys in canonical order (`data` as recorded). */
export function exportJson(store: TraceStore, missionId: string): TraceEvent[] {
  return store.events(missionId).map(orderTraceEvent);
}

/** The exported file's text: stable, so two exports of the same mission are byte-identical. */
export function exportJsonText(store: TraceStore, missionId: string): string {
  return `${JSON.stringify(exportJson(store, missionId), null, 2)}\n`;
}

const ExportSchema = z.array(TraceEventSchema);

/** Reads an exported trace back, validating every event and its per-mission gapless order. */
export function parseJsonExport(text: string): TraceEvent[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`trace export is not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = ExportSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    throw new ValidationError('invalid trace export', issues);
  }
  const next = new Map<string, number>();
  for (const e of parsed.data) {
    const expected = next.get(e.missionId) ?? 1;
    if (e.seq !== expected) throw new ValidationError(`trace export: ${e.missionId} has seq ${e.seq} where ${expected} was expected`);
    next.set(e.missionId, expected + 1);
  }
  return parsed.data.map(orderTraceEvent);
}
