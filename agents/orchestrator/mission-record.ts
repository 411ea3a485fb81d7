import type { ExecutionEvent, MissionSnapshot, SubgoalStateName } from '../../src/execution/index.js';
import type { ProposedCall } from '../../src/reasoning/provider.js';
import { subgoalIdOf } from './nodes-execute.js';
import type { MissionStateValue } from './state.js';
import type { HumanRequestView, MissionStatus, MissionView, SubgoalView } from './types.js';

/** Every state of the subgoal machine, so a new one cannot fall through to "pending" unnoticed. */
const SUBGOAL_STATUS: Record<SubgoalStateName, SubgoalView['status']> = {
  pending: 'pending',
  awaiting_approval: 'awaiting_human',
  dispatching: 'running',
  executing: 'running',
  verifying: 'verifying',
  // Confirming the robot stopped after a verdict: still this step's work, not back to waiting.
  stopping: 'running',
  reflecting: 'running',
  awaiting_human: 'awaiting_human',
  paused: 'paused',
  cancelling: 'running',
  estopped: 'estopped',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

/** The in-memory record behind a MissionView: the surfaces only ever see copies. */
export class MissionRecord {
  view: MissionView;
  readonly pending = new Map<string, HumanRequestView>();
  private calls = new Map<string, ProposedCall & { subgoalId: string }>();
  private failures = new Map<string, string[]>();

  constructor(view: MissionView) {
    this.view = view;
    for (const r of view.pending) this.pending.set(r.id, r);
  }

  get status(): MissionStatus {
    return this.view.status;
  }

  touch(now: string): void {
    this.view = { ...this.view, updatedAt: now, pending: [...this.pending.values()] };
  }

  /** Folds the graph's checkpointed state in (goal, plan, questions). */
  fromGraph(s: MissionStateValue): void {
    this.calls = new Map(s.calls.map((c) => [subgoalIdOf(s.planVersion, c.id), { ...c, subgoalId: subgoalIdOf(s.planVersion, c.id) }]));
    const planned: SubgoalView[] = [...this.calls.values()].map((c) => {
      const prior = this.view.subgoals.find((x) => x.id === c.subgoalId);
      return (
        prior ?? {
          id: c.subgoalId,
          skill: c.skill,
          args: { ...c.args },
          robot: c.assignee.kind === 'robot' ? c.assignee.id : `person:${c.assignee.id}`,
          dependsOn: c.dependsOn.map((d) => subgoalIdOf(s.planVersion, d)),
          instruction: '',
          status: 'pending',
          attempts: 0,
          failureCodes: [],
          progress: null,
        }
      );
    });
    // What an earlier plan did stays in view: its successes, and the steps that were tried and
    // failed or stopped (a replan must not leave a failed mission drawn all green).
    const kept = this.view.subgoals.filter((x) => !this.calls.has(x.id) && (x.status === 'succeeded' || x.status === 'failed' || x.attempts > 0));
    this.view = { ...this.view, goal: s.goal, planVersion: s.planVersion, questions: s.questions.map((q) => ({ ...q })), subgoals: [...kept, ...planned] };
  }

  /** Folds the executive tier's snapshot in (subgoal states, attempts, inserted recovery subgoals). */
  fromRunner(snap: MissionSnapshot): void {
    const byId = new Map(this.view.subgoals.map((x) => [x.id, x]));
    for (const sg of snap.subgoals) {
      const prior = byId.get(sg.id);
      const failureCodes = this.failures.get(sg.id) ?? prior?.failureCodes ?? [];
      const status = sg.assignee.startsWith('person:') && sg.state === 'awaiting_human' ? 'delegated' : (SUBGOAL_STATUS[sg.state] ?? 'pending');
      byId.set(sg.id, {
        id: sg.id,
        skill: prior?.skill ?? sg.id.replace(/^.*-fix\d+-(\d+-)?/, '').replace(/^v\d+-/, ''),
        args: prior?.args ?? {},
        robot: sg.assignee,
        dependsOn: [...sg.dependsOn],
        instruction: sg.instruction,
        status,
        attempts: sg.attempts.length,
        failureCodes,
        progress: sg.progress,
      });
    }
    this.view = { ...this.view, subgoals: [...byId.values()] };
  }

  onExecutionEvent(e: ExecutionEvent): void {
    if (e.type === 'subgoal_state') {
      const status = SUBGOAL_STATUS[e.to] ?? 'pending';
      this.view = { ...this.view, subgoals: this.view.subgoals.map((x) => (x.id === e.subgoalId ? { ...x, status: x.robot.startsWith('person:') && status === 'awaiting_human' ? 'delegated' : status } : x)) };
    }
    if (e.type === 'failure') {
      const list = this.failures.get(e.subgoalId) ?? [];
      this.failures.set(e.subgoalId, [...list, e.code]);
    }
    if (e.type === 'human_request' && (e.kind === 'task' || e.kind === 'delegation')) {
      this.view = {
        ...this.view,
        delegations: [...this.view.delegations, { subgoalId: e.subgoalId, person: e.person ?? 'person', instruction: e.text, status: 'requested' }],
      };
    }
    if (e.type === 'human_response' && (e.kind === 'done' || e.kind === 'failed')) {
      this.view = {
        ...this.view,
        delegations: this.view.delegations.map((d) => (d.subgoalId === e.subgoalId && d.status === 'requested' ? { ...d, status: e.kind } : d)),
      };
    }
  }
}
