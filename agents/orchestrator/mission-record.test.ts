import { describe, expect, it } from 'vitest';
import type { MissionSnapshot } from '../../src/execution/index.js';
import type { ProposedCall } from '../../src/reasoning/provider.js';
import { MissionRecord } from './mission-record.js';
import type { MissionStateValue } from './state.js';
import type { MissionView } from './types.js';

const view = (): MissionView => ({
  id: 'm-1', instruction: 'bring me the mug', scene: 'home', status: 'running', reason: null, speaker: 'alex', goal: null, planVersion: 0, subgoals: [],
  questions: [], delegations: [], pending: [], messages: [], createdAt: '', updatedAt: '', simTime: 0,
});
const call = (id: string, dependsOn: string[] = []): ProposedCall => ({ id, skill: 'pick', args: { object: 'mug_red' }, assignee: { kind: 'robot', id: 'rover' }, dependsOn });
/** Only the fields `fromGraph` reads; the rest of the graph state does not concern the view. */
const graphState = (planVersion: number, calls: ProposedCall[]) => ({ planVersion, calls, goal: null, questions: [] }) as unknown as MissionStateValue;
const snapshot = (states: Record<string, string>, attempts: Record<string, number>) =>
  ({ subgoals: Object.entries(states).map(([id, state]) => ({ id, state, assignee: 'rover', dependsOn: [], instruction: id, attempts: Array.from({ length: attempts[id] ?? 0 }), progress: null })) }) as unknown as MissionSnapshot;

describe('MissionRecord', () => {
  it('keeps an earlier plan\'s failed step in view after a replan, beside its successes', () => {
    const rec = new MissionRecord(view());
    rec.fromGraph(graphState(1, [call('navigate'), call('pick', ['navigate']), call('place', ['pick'])]));
    rec.fromRunner(snapshot({ 'v1-navigate': 'succeeded', 'v1-pick': 'failed', 'v1-place': 'pending' }, { 'v1-navigate': 1, 'v1-pick': 3 }));
    rec.fromGraph(graphState(2, []));
    expect(rec.view.planVersion).toBe(2);
    expect(rec.view.subgoals.map((s) => [s.id, s.status])).toEqual([
      ['v1-navigate', 'succeeded'],
      ['v1-pick', 'failed'],
    ]);
  });

  it('keeps a step a correction stopped mid-attempt, and drops steps that never started', () => {
    const rec = new MissionRecord(view());
    rec.fromGraph(graphState(1, [call('navigate'), call('pick', ['navigate'])]));
    rec.fromRunner(snapshot({ 'v1-navigate': 'cancelled', 'v1-pick': 'cancelled' }, { 'v1-navigate': 1 }));
    rec.fromGraph(graphState(2, [call('navigate_other')]));
    expect(rec.view.subgoals.map((s) => [s.id, s.status])).toEqual([
      ['v1-navigate', 'cancelled'],
      ['v2-navigate_other', 'pending'],
    ]);
  });

  it('keeps a step running while its robot is being stopped after the verdict, instead of showing it pending again', () => {
    const rec = new MissionRecord(view());
    rec.fromGraph(graphState(1, [call('navigate')]));
    const seen: string[] = [];
    for (const [from, to] of [['pending', 'dispatching'], ['dispatching', 'executing'], ['executing', 'stopping'], ['stopping', 'succeeded']] as const) {
      rec.onExecutionEvent({ type: 'subgoal_state', subgoalId: 'v1-navigate', from, to, missionId: 'm-1', seq: 0, simTime: 0 } as Parameters<MissionRecord['onExecutionEvent']>[0]);
      seen.push(rec.view.subgoals[0]!.status);
    }
    expect(seen).toEqual(['running', 'running', 'running', 'succeeded']);
  });
});
