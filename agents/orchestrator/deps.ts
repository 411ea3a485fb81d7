import type { Goal } from '../../src/reasoning/goal.js';
import type { PlanningContext, PlanValidation, ProposedCall, Reasoner } from '../../src/reasoning/provider.js';
import type { TraceEventKind } from '../../src/traces/index.js';
import type { MissionMemory } from '../memory/mission-memory.js';
import type { Fleet } from './fleet.js';
import type { LiveMission } from './live.js';
import type { HumanRequestView, MissionStatus } from './types.js';

/** What the graph's nodes may use; the orchestrator provides it. Nodes hold no other state. */
export interface GraphDeps {
  fleet(scene: string): Fleet;
  reasoner: Reasoner;
  validatePlan(calls: readonly ProposedCall[], goal: Goal | null, ctx: PlanningContext): PlanValidation;
  /** Live runners of this process, by mission id. */
  live: Map<string, LiveMission>;
  /** Appends an agent event to the trace (committed before the node goes on). */
  trace(missionId: string, kind: TraceEventKind, node: string, data: Record<string, unknown>, subgoalId?: string): void;
  setStatus(missionId: string, status: MissionStatus, reason?: string | null): void;
  /** A chat line from orca to the user. */
  say(missionId: string, text: string): void;
  /** A human request was raised (for listings and live events). */
  requestRaised(request: HumanRequestView): void;
  requestClosed(missionId: string, requestId: string): void;
  /** Called once per runner so the orchestrator records its events and drives its clock. */
  attachRunner(missionId: string, live: LiveMission, fleet: Fleet): void;
  /** Before a finished runner is disposed: its last snapshot is folded into the mission's view. */
  runnerFinished(missionId: string, live: LiveMission): void;
  /** Subgoal ids the trace shows as succeeded in this mission (reconciliation after a restart). */
  succeededSubgoals(missionId: string): Set<string>;
  /** The highest goal sequence number the mission's trace shows dispatched (0 for none). */
  goalSeqUsed(missionId: string): number;
  /** The site memory: references for grounding, recoveries and robots to avoid; every use is traced. */
  memory: MissionMemory;
  ablation: { trustExecutorDone: boolean; recovery: 'full' | 'retry_only' | 'none'; asking: boolean };
  now(): string;
}
