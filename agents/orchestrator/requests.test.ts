import { describe, expect, it } from 'vitest';
import type { HumanRequest } from '../../src/execution/index.js';
import { immediateIntent } from './messages.js';
import { humanRequestView, responseToAction } from './requests.js';
import type { MissionStateValue } from './state.js';

const approval: HumanRequest = { kind: 'approval', subgoalId: 'v1-heat', skill: 'heat', instruction: 'heat the potato in the microwave', robotId: 'rover' };
const task: HumanRequest = { kind: 'task', subgoalId: 'v1-slice', person: 'alex', instruction: 'slice the apple' };
const question: HumanRequest = { kind: 'question', subgoalId: 'v1-pick', question: 'Where is the mug?', failure: null };

describe('human requests', () => {
  it('gives every request one shape with options and allowed responses', () => {
    const s = { missionId: 'm-0001', requestSeq: 2 } as MissionStateValue;
    const v = humanRequestView(approval, s, '2026-01-01T00:00:00.000Z');
    expect(v).toMatchObject({ id: 'm-0001-r3', kind: 'approval', options: ['Approve', 'Reject'], subgoalId: 'v1-heat', assignedTo: null });
    expect(v.allowed).toContain('accept');
    const d = humanRequestView(task, s, '');
    expect(d).toMatchObject({ kind: 'delegation', assignedTo: 'alex' });
    expect(d.question).toMatch(/alex, please slice the apple, then press done/);
  });

  it('reads answers: approve or reject, done or could not, and never turns free text into a policy instruction', () => {
    expect(responseToAction(approval, { type: 'accept' })).toEqual({ kind: 'approve' });
    expect(responseToAction(approval, { type: 'respond', text: 'Reject' }).kind).toBe('reject');
    expect(responseToAction(approval, { type: 'respond', text: 'no, not now' }).kind).toBe('reject');
    expect(responseToAction(approval, { type: 'ignore' }).kind).toBe('reject');
    expect(responseToAction(task, { type: 'accept' })).toEqual({ kind: 'done' });
    expect(responseToAction(task, { type: 'respond', text: 'I could not do it' }).kind).toBe('failed');
    expect(responseToAction(question, { type: 'respond', text: 'either is fine' })).toEqual({ kind: 'answer', decision: { kind: 'retry' } });
    expect(responseToAction(question, { type: 'respond', text: 'skip it' })).toMatchObject({ kind: 'answer', decision: { kind: 'abort' } });
    expect(responseToAction(question, { type: 'edit', text: 'pick up the red mug' })).toEqual({ kind: 'answer', decision: { kind: 'retry_reworded', instruction: 'pick up the red mug' } });
  });
});

describe('immediate chat commands', () => {
  it('recognises stop, e-stop, pause and resume without any model, and nothing else', () => {
    expect(immediateIntent('stop!')).toEqual({ kind: 'stop' });
    expect(immediateIntent('E-stop')).toEqual({ kind: 'estop' });
    expect(immediateIntent('hold on')).toEqual({ kind: 'pause' });
    expect(immediateIntent('carry on')).toEqual({ kind: 'resume' });
    expect(immediateIntent('stop at the fridge and open it')).toBeNull();
    expect(immediateIntent('put the mug in the sink')).toBeNull();
  });
});
