import type { HumanRequestView, MissionView, SubgoalView } from '../../agents/orchestrator/types.js';
import { FakeOrchestrator } from '../../src/server/testing/fake-orchestrator.js';
import type { TraceEventInput } from '../../src/traces/index.js';

/**
 * The fake orchestrator plus missions given whole: a view exactly as a test needs it (a failed
 * plan, an empty replan, a delegation) with its trace, served by the real HTTP server.
 */
export class CannedOrchestrator extends FakeOrchestrator {
  private readonly canned = new Map<string, MissionView>();

  add(view: MissionView, trace: Array<Omit<TraceEventInput, 'missionId'>> = []): void {
    this.canned.set(view.id, view);
    for (const e of trace) this.traces.append({ ...e, missionId: view.id });
  }

  override getMission(id: string): MissionView | null {
    const view = this.canned.get(id);
    return view ? structuredClone(view) : super.getMission(id);
  }

  override listMissions(filter: { status?: MissionView['status']; limit?: number } = {}): MissionView[] {
    const mine = [...this.canned.values()].filter((m) => !filter.status || m.status === filter.status).map((m) => structuredClone(m));
    return [...mine, ...super.listMissions(filter)];
  }

  override pendingRequests(missionId?: string): HumanRequestView[] {
    const mine = [...this.canned.values()].filter((m) => !missionId || m.id === missionId).flatMap((m) => structuredClone(m.pending));
    return [...mine, ...(missionId && this.canned.has(missionId) ? [] : super.pendingRequests(missionId))];
  }
}

const at = '2026-01-01T12:00:00.000Z';

export function missionView(id: string, over: Partial<MissionView>): MissionView {
  return {
    id, instruction: 'put the mug in the sink', scene: 'home', status: 'running', reason: null, speaker: 'ada', goal: null, planVersion: 1, subgoals: [],
    questions: [], delegations: [], pending: [], messages: [{ from: 'user', text: 'put the mug in the sink', at }], createdAt: at, updatedAt: at, simTime: 0, ...over,
  };
}

export function subgoal(id: string, status: SubgoalView['status'], dependsOn: string[] = [], over: Partial<SubgoalView> = {}): SubgoalView {
  return { id, skill: 'pick', args: { object: 'mug_1' }, robot: 'robot-1', dependsOn, instruction: `step ${id}`, status, attempts: status === 'pending' ? 0 : 1, failureCodes: [], progress: null, ...over };
}

export function request(missionId: string, over: Partial<HumanRequestView>): HumanRequestView {
  return { id: `${missionId}-r1`, missionId, kind: 'clarification', question: 'Which mug?', options: [], allowed: ['respond'], subgoalId: null, assignedTo: null, createdAt: at, ...over };
}
