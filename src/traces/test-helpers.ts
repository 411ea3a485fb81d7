import type { TraceEventInput, TraceEventKind } from './schema.js';

/** A wall clock that advances one second per reading, from a fixed epoch, so wall times are predictable. */
export function steppingClock(startIso = '2025-01-01T00:00:00.000Z', stepMs = 1000): () => number {
  let t = Date.parse(startIso) - stepMs;
  return () => (t += stepMs);
}

export function input(missionId: string, kind: TraceEventKind, extra: Partial<TraceEventInput> = {}): TraceEventInput {
  return { missionId, actor: { kind: 'machine', id: 'mission-machine' }, kind, data: {}, ...extra };
}
