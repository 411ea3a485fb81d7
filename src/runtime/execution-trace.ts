import type { ExecutionEvent } from '../execution/index.js';
import type { TraceActor, TraceEventInput, TraceEventKind, TraceStore } from '../traces/index.js';

/**
 * Which trace kind and actor an execution event becomes. Kept as one table so a reviewer can see
 * the whole mapping at once.
 */
function classify(e: ExecutionEvent): { kind: TraceEventKind; actor: TraceActor } {
  const machine: TraceActor = { kind: 'machine', id: 'mission' };
  switch (e.type) {
    case 'mission_started':
    case 'plan_changed':
      return { kind: 'plan', actor: machine };
    case 'mission_state':
    case 'subgoal_state':
    case 'stop_confirmed':
    case 'stop_unconfirmed':
      return { kind: 'transition', actor: machine };
    case 'dispatch_recorded':
      return { kind: 'dispatch', actor: machine };
    case 'executor_event':
      return { kind: e.kind === 'step' ? 'step' : 'transition', actor: { kind: 'executor', id: e.robotId ?? 'unknown' } };
    case 'verdict':
      return { kind: 'verdict', actor: { kind: 'verifier', id: e.robotId ?? 'person-report' } };
    case 'failure':
      return { kind: 'error', actor: machine };
    case 'reflection_requested':
    case 'recovery_decided':
      return { kind: 'reflection', actor: machine };
    case 'human_request':
      return { kind: e.kind === 'task' || e.kind === 'delegation' ? 'delegation' : 'question', actor: machine };
    case 'human_response':
      return { kind: 'answer', actor: { kind: 'person', id: 'operator' } };
    case 'correction':
      return { kind: 'correction', actor: { kind: 'person', id: 'operator' } };
    case 'estop':
      return { kind: 'estop', actor: machine };
    case 'estop_released':
      return { kind: 'estop_release', actor: machine };
    case 'paused':
      return { kind: 'pause', actor: machine };
    case 'resumed':
      return { kind: 'resume', actor: machine };
    case 'cancel_requested':
      return { kind: 'cancel', actor: machine };
    case 'mission_outcome':
      return { kind: 'outcome', actor: machine };
  }
}

/** The trace-store record of one execution event; the event itself (minus envelope fields) is the data. */
export function traceInputOf(e: ExecutionEvent, missionId = e.missionId): TraceEventInput {
  const { kind, actor } = classify(e);
  const { missionId: _m, seq: _s, simTime, ...data } = e;
  const subgoalId = 'subgoalId' in e && typeof e.subgoalId === 'string' ? e.subgoalId : undefined;
  const goalId = 'goalId' in e && typeof e.goalId === 'string' ? e.goalId : undefined;
  return {
    missionId,
    actor,
    kind,
    simTime,
    data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
    ...(subgoalId ? { subgoalId } : {}),
    ...(goalId ? { goalId } : {}),
  };
}

/**
 * Attaches the trace store to a runner's events as an observer (BehaviorTree.CPP style): nothing in
 * the machines knows it is being recorded. Events are emitted synchronously before their side
 * effect (a dispatch is emitted before the executor is told), and `append` commits before it
 * returns, so the trace holds each record before the action it describes happens.
 */
export function recordExecution(
  subscribe: (listener: (e: ExecutionEvent) => void) => () => void,
  store: TraceStore,
  missionId?: string,
  /** Adds to a record what the runner cannot know (the replay frame of a sampled step). */
  decorate?: (e: ExecutionEvent, input: TraceEventInput) => TraceEventInput,
): () => void {
  return subscribe((e) => {
    const input = traceInputOf(e, missionId);
    store.append(decorate ? decorate(e, input) : input);
  });
}
