import type { TraceActor, TraceEvent, TraceEventKind } from './schema.js';
import type { TraceStore } from './store.js';

export interface TraceRecordExtra {
  subgoalId?: string;
  goalId?: string;
  /** Overrides the recorder's sim clock for this event (null: no sim time). */
  simTime?: number | null;
}

/**
 * Binds a mission and an actor so emitting code writes `recorder.record('dispatch', {...})`. The
 * append is synchronous and durable on return: record first, then perform the side effect.
 */
export class TraceRecorder {
  constructor(
    readonly store: TraceStore,
    readonly missionId: string,
    readonly actor: TraceActor,
    /** Reads the current simulated time, e.g. `() => ticker.simTime`; absent means null sim times. */
    private readonly simClock?: () => number | null,
  ) {}

  record(kind: TraceEventKind, data: Record<string, unknown> = {}, extra: TraceRecordExtra = {}): TraceEvent {
    const simTime = extra.simTime !== undefined ? extra.simTime : (this.simClock?.() ?? null);
    return this.store.append({
      missionId: this.missionId,
      actor: this.actor,
      kind,
      subgoalId: extra.subgoalId,
      goalId: extra.goalId,
      simTime,
      data,
    });
  }

  /** The same mission and sim clock, recorded as another actor (e.g. the verifier beside the machine). */
  as(actor: TraceActor): TraceRecorder {
    return new TraceRecorder(this.store, this.missionId, actor, this.simClock);
  }
}
