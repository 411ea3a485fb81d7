import type { ExecutionEventBody } from '../../execution/index.js';
import { traceInputOf } from '../../runtime/execution-trace.js';
import type { TraceEventInput, TraceStore } from '../../traces/index.js';

/**
 * A realistic mission trace: the agent events the orchestrator writes and the execution events as
 * `recordExecution` stores them. s1 falsely completes once, is reflected on and retried reworded;
 * s2 is delegated to a person; an operator corrects and e-stops; the mission succeeds.
 */
export function fillSampleTrace(store: TraceStore, missionId = 'm-42'): void {
  let seq = 0;
  const exec = (simTime: number, body: ExecutionEventBody): TraceEventInput => traceInputOf({ ...body, missionId, seq: seq++, simTime } as Parameters<typeof traceInputOf>[0]);
  const agent = (kind: TraceEventInput['kind'], data: Record<string, unknown>, extra: Partial<TraceEventInput> = {}): TraceEventInput => ({ missionId, actor: { kind: 'agent', id: 'deliberative' }, kind, data, simTime: null, ...extra });
  store.appendMany([
    agent('instruction', { text: 'put the mug in the sink', speaker: 'alex' }),
    agent('question', { requestId: 'r1', kind: 'clarification', question: 'Which mug?', options: ['red mug', 'blue mug'] }),
    agent('answer', { requestId: 'r1', response: { type: 'respond', text: 'red mug' } }, { actor: { kind: 'person', id: 'alex' } }),
    agent('goal', { goal: { all: ['in(mug_1, sink_1)'] } }),
    agent('plan', { version: 1, source: 'builtin', calls: [
      { id: 's1', skill: 'pick', args: { object: 'mug_1' }, assignee: 'rover', dependsOn: [] },
      { id: 's2', skill: 'place', args: { object: 'mug_1', receptacle: 'sink_1' }, assignee: 'person:alex', dependsOn: ['s1'] },
    ] }),
    agent('validation', { ok: true, issues: [] }),
    agent('allocation', { assignments: { s1: 'rover', s2: 'person:alex' } }),
    exec(0, { type: 'mission_started', planId: 'p1', subgoals: ['s1', 's2'] }),
    exec(0, { type: 'subgoal_state', subgoalId: 's1', from: 'pending', to: 'dispatching' }),
    exec(0.1, { type: 'dispatch_recorded', subgoalId: 's1', goalId: 'g1', robotId: 'rover', instruction: 'pick up the red mug', attempt: 1 }),
    exec(1, { type: 'executor_event', subgoalId: 's1', goalId: 'g1', robotId: 'rover', kind: 'step', step: 10 }),
    exec(2, { type: 'verdict', subgoalId: 's1', goalId: 'g1', robotId: 'rover', kind: 'progress', score: 0.4, evidence: null }),
    exec(6, { type: 'verdict', subgoalId: 's1', goalId: 'g1', robotId: 'rover', kind: 'false_completion', code: 'grasp_failed', evidence: { holding: null, observed: 12 } }),
    exec(6, { type: 'failure', subgoalId: 's1', goalId: 'g1', code: 'false_completion', message: 'claimed done, mug not held', diagnosis: 'grasp_failed', evidence: null }),
    exec(6, { type: 'reflection_requested', subgoalId: 's1', code: 'false_completion', attempt: 1, remainingRetries: 2 }),
    agent('reflection', { subgoalId: 's1', failure: { code: 'grasp_failed', message: 'mug not held' }, choice: { kind: 'retry_reworded', why: 'the handle faces away' } }, { subgoalId: 's1' }),
    exec(6.2, { type: 'recovery_decided', subgoalId: 's1', decision: { kind: 'retry_reworded', instruction: 'grasp the red mug by its body' } }),
    exec(6.3, { type: 'dispatch_recorded', subgoalId: 's1', goalId: 'g2', robotId: 'rover', instruction: 'grasp the red mug by its body', attempt: 2 }),
    exec(9, { type: 'verdict', subgoalId: 's1', goalId: 'g2', robotId: 'rover', kind: 'succeeded', score: 1, evidence: { holding: 'mug_1', consecutive: 3 } }),
    exec(9, { type: 'subgoal_state', subgoalId: 's1', from: 'verifying', to: 'succeeded' }),
    exec(9.5, { type: 'human_request', subgoalId: 's2', kind: 'task', person: 'alex', text: 'please put the mug in the sink' }),
    exec(20, { type: 'human_response', subgoalId: 's2', kind: 'done' }),
    exec(20.5, { type: 'correction', subgoalId: 's2', goalId: 'g3', instruction: 'use the left basin' }),
    exec(21, { type: 'estop', reason: 'operator pressed stop', executors: ['rover'] }),
    exec(22, { type: 'estop_released' }),
    exec(23, { type: 'subgoal_state', subgoalId: 's2', from: 'awaiting_human', to: 'succeeded' }),
    exec(23, { type: 'mission_outcome', outcome: 'succeeded' }),
    agent('note', { weird: [1, 2, 3] }),
    agent('outcome', { status: 'succeeded', reason: 'the mug is in the sink' }),
  ]);
}
