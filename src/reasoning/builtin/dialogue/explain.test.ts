import { describe, expect, it } from 'vitest';
import { classifyMessage } from './classify.js';
import { explain } from './explain.js';
import type { MissionFacts, QuestionIntent } from './explain.js';

const ask = (text: string): QuestionIntent => {
  const q = classifyMessage(text, { missionRunning: true, pendingQuestion: false });
  if (q.kind !== 'question') throw new Error(`not a question: ${text}`);
  return q;
};

const base: MissionFacts = {
  instruction: 'bring me the red mug',
  status: 'running',
  subgoals: [
    { instruction: 'pick up the red mug', robot: 'rover', status: 'done', attempts: 1 },
    { instruction: 'hand the red mug to Alex', robot: 'rover', status: 'running', attempts: 2 },
  ],
  lastFailure: { code: 'object_dropped', message: 'The mug slipped out of the gripper', subgoal: 'hand the red mug to Alex' },
  lastReflection: { decision: 'retry', why: 'The mug is still within reach' },
  locations: [{ name: 'red mug', where: 'held by rover' }, { name: 'apple', where: 'on the kitchen counter' }],
};

describe('explain', () => {
  it('says what is being done, by whom, and how far along', () => {
    const s = explain(ask('what are you doing?'), base);
    expect(s).toContain('rover is working on "hand the red mug to Alex" (attempt 2)');
    expect(s).toContain('1 of 2 steps done');
  });
  it('explains a stop from the facts: failure and decision, pause reason, emergency stop, end', () => {
    expect(explain(ask('why did you stop?'), base)).toMatch(/the mug slipped out of the gripper while trying to hand the red mug to Alex \(object dropped\)\. I decided to retry: the mug is still within reach/);
    expect(explain(ask('why did you stop?'), { ...base, status: 'paused', haltReason: 'You said "wait"' })).toBe('I paused because you said "wait". Say "continue" to go on.');
    expect(explain(ask('why did you stop?'), { ...base, status: 'estopped', haltReason: null })).toMatch(/emergency stop/);
    expect(explain(ask('why did you stop?'), { ...base, status: 'failed', outcome: { success: false, reason: 'No robot can reach the mug' } })).toMatch(/^I could not finish "bring me the red mug": no robot can reach the mug\./);
    expect(explain(ask('why did you stop?'), { ...base, status: 'asking', pendingQuestion: 'Which mug — the red one or the blue one?' })).toContain('Which mug');
  });
  it('gives a status line', () => {
    expect(explain(ask('status?'), { ...base, status: 'succeeded', subgoals: base.subgoals.map((s) => ({ ...s, status: 'done' as const })) })).toBe('Done: "bring me the red mug" — 2 of 2 steps done.');
  });
  it('answers where something is from believed locations', () => {
    expect(explain(ask('where is the apple?'), base)).toBe('I last saw the apple on the kitchen counter.');
    expect(explain(ask('where is the red mug?'), base)).toBe('I last saw the red mug held by rover.');
    expect(explain(ask('where are my keys?'), base)).toMatch(/^I don't know where the key/);
  });
});
