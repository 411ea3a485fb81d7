import type { SnapshotFrom } from 'xstate';
import type { AttemptRecord } from './decisions.js';
import type { SubgoalStateName } from './events.js';
import type { missionMachine } from './mission-machine.js';

export interface SubgoalSnapshot {
  id: string;
  state: SubgoalStateName;
  /** Robot id, or `person:<id>`. */
  assignee: string;
  dependsOn: string[];
  instruction: string;
  failureCount: number;
  retries: number;
  attempts: AttemptRecord[];
  /** Latest verifier progress score of the running attempt, if any. */
  progress: number | null;
  lastFailure: { code: string; message: string } | null;
  pendingHuman: { kind: string; text: string } | null;
  reason: string | null;
}

/** Plain JSON view of a mission for APIs and tests; never holds live objects. */
export interface MissionSnapshot {
  missionId: string;
  planId: string;
  planVersion: number;
  state: string;
  estopLatched: boolean;
  outcome: string | null;
  reason: string | null;
  subgoals: SubgoalSnapshot[];
  retired: { id: string; state: string }[];
}

export function buildSnapshot(missionId: string, snap: SnapshotFrom<typeof missionMachine>, latched: boolean): MissionSnapshot {
  const c = snap.context;
  const subgoals: SubgoalSnapshot[] = c.order.map((id) => {
    const child = c.refs[id]?.getSnapshot();
    const sc = child?.context;
    const sg = sc?.subgoal ?? c.subgoals[id];
    const human = sc?.human ?? null;
    const awaiting = c.states[id] === 'awaiting_human' || c.states[id] === 'awaiting_approval';
    return {
      id,
      state: c.states[id] ?? 'pending',
      assignee: sg ? (sg.assignee.kind === 'robot' ? sg.assignee.id : `person:${sg.assignee.id}`) : '?',
      dependsOn: [...(c.subgoals[id]?.dependsOn ?? [])],
      instruction: sg?.instruction ?? '',
      failureCount: sc?.failureCount ?? 0,
      retries: sg?.retries ?? 0,
      attempts: (sc?.attempts ?? []).map((a) => ({ ...a })),
      progress: sc?.progress ?? null,
      lastFailure: sc?.failure ? { code: sc.failure.code, message: sc.failure.message } : null,
      pendingHuman:
        awaiting && human && c.states[id] === 'awaiting_human'
          ? { kind: human.kind, text: human.kind === 'question' ? human.question : human.instruction }
          : awaiting && c.states[id] === 'awaiting_approval'
            ? { kind: 'approval', text: sg?.instruction ?? '' }
            : null,
      reason: sc?.reason ?? null,
    };
  });
  return {
    missionId,
    planId: c.planId,
    planVersion: c.planVersion,
    state: typeof snap.value === 'string' ? snap.value : JSON.stringify(snap.value),
    estopLatched: latched,
    outcome: c.outcome,
    reason: c.reason,
    subgoals,
    retired: c.retired.map((r) => ({ ...r })),
  };
}
