import { OrcaError } from '../domain/failures.js';
import { makeTraceEvent, parseTraceEventInput } from './schema.js';
import type { TraceEvent, TraceEventInput } from './schema.js';
import { TraceObservers, freezeEvent, isoWallTime, parseMissionId, parseTraceQuery } from './store.js';
import type { NormalizedTraceQuery, TraceListener, TraceMissionSummary, TraceQuery, TraceStore, TraceStoreOptions } from './store.js';

/** In-process store with the same contract as SqliteTraceStore, for tests and throwaway runs. Not durable. */
export class MemoryTraceStore implements TraceStore {
  private readonly byMission = new Map<string, TraceEvent[]>();
  private readonly observers: TraceObservers;
  private readonly now: () => number;
  private closed = false;

  constructor(options: TraceStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.observers = new TraceObservers(options.onObserverError);
  }

  append(input: TraceEventInput): TraceEvent {
    const [event] = this.appendMany([input]);
    if (!event) throw new Error('unreachable: appendMany returned no event');
    return event;
  }

  appendMany(inputs: readonly TraceEventInput[]): TraceEvent[] {
    this.assertOpen();
    const valid = inputs.map(parseTraceEventInput);
    const wallTime = isoWallTime(this.now());
    const stored = valid.map((input) => {
      const list = this.byMission.get(input.missionId) ?? [];
      this.byMission.set(input.missionId, list);
      // makeTraceEvent builds fresh objects (data was cloned by validation), so freezing touches no caller object.
      const event = freezeEvent(makeTraceEvent(input, list.length + 1, wallTime));
      list.push(event);
      return event;
    });
    this.observers.notify(stored);
    return stored;
  }

  events(missionId: string, query: TraceQuery = {}): TraceEvent[] {
    this.assertOpen();
    const q = parseTraceQuery(query);
    const all = this.byMission.get(parseMissionId(missionId)) ?? [];
    const matched = all.filter((e) => matchesQuery(e, q));
    return q.limit === undefined ? matched : matched.slice(0, q.limit);
  }

  missions(): TraceMissionSummary[] {
    this.assertOpen();
    const out: TraceMissionSummary[] = [];
    for (const [missionId, list] of this.byMission) {
      const first = list[0];
      const last = list[list.length - 1];
      if (!first || !last) continue;
      out.push({ missionId, count: list.length, lastSeq: last.seq, firstWallTime: first.wallTime, lastWallTime: last.wallTime });
    }
    return out.sort((a, b) => a.firstWallTime.localeCompare(b.firstWallTime) || a.missionId.localeCompare(b.missionId));
  }

  count(missionId: string): number {
    this.assertOpen();
    return this.byMission.get(parseMissionId(missionId))?.length ?? 0;
  }

  subscribe(listener: TraceListener): () => void {
    return this.observers.add(listener);
  }

  close(): void {
    this.closed = true;
    this.observers.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new OrcaError('trace_store_closed', 'the trace store is closed');
  }
}

/** The reference semantics of a query; the SQLite store expresses the same filter in SQL. */
export function matchesQuery(e: TraceEvent, q: NormalizedTraceQuery): boolean {
  if (q.kinds && !q.kinds.includes(e.kind)) return false;
  if (q.subgoalId !== undefined && e.subgoalId !== q.subgoalId) return false;
  if (q.goalId !== undefined && e.goalId !== q.goalId) return false;
  if (q.actorKind !== undefined && e.actor.kind !== q.actorKind) return false;
  if (q.fromSeq !== undefined && e.seq < q.fromSeq) return false;
  if (q.afterSeq !== undefined && e.seq <= q.afterSeq) return false;
  const wall = Date.parse(e.wallTime);
  if (q.fromWall !== undefined && wall < q.fromWall) return false;
  if (q.toWall !== undefined && wall > q.toWall) return false;
  if (q.fromSim !== undefined || q.toSim !== undefined) {
    if (e.simTime === null) return false;
    if (q.fromSim !== undefined && e.simTime < q.fromSim) return false;
    if (q.toSim !== undefined && e.simTime > q.toSim) return false;
  }
  return true;
}
