import { describe, expect, it } from 'vitest';
import { classifyMessage } from './classify.js';

const running = { missionRunning: true, pendingQuestion: false };
const asking = { missionRunning: true, pendingQuestion: true };
const kind = (text: string, ctx = running): string => classifyMessage(text, ctx).kind;

describe('classifyMessage', () => {
  it('recognises stop, emergency stop, pause and resume from words alone', () => {
    for (const t of ['stop', 'Stop!', 'please stop now', 'halt', 'cancel that', 'abort']) expect(kind(t), t).toBe('stop');
    for (const t of ['emergency!', 'EMERGENCY STOP', 'freeze', 'e-stop']) expect(kind(t), t).toBe('estop');
    for (const t of ['wait', 'hold on', 'hang on a second', 'pause', 'one moment', 'wait a bit']) expect(kind(t), t).toBe('pause');
    for (const t of ['continue', 'go on', 'carry on', 'keep going', 'resume', 'go ahead', "don't stop"]) expect(kind(t), t).toBe('resume');
  });
  it('control words win even while a question is pending', () => {
    expect(kind('stop', asking)).toBe('stop');
    expect(kind('wait', asking)).toBe('pause');
  });
  it('reads corrections of the running subgoal', () => {
    expect(classifyMessage('no, the other mug', running)).toEqual({ kind: 'correction', text: 'no, the other mug', referent: 'other' });
    expect(classifyMessage('not that one, the red one', running)).toMatchObject({ kind: 'correction', referent: 'attribute' });
    for (const t of ['a bit to the left', 'higher', 'lower, 5 cm', 'move it a little to the right', 'further forward'])
      expect(classifyMessage(t, running), t).toMatchObject({ kind: 'correction', referent: 'motion' });
  });
  it('tells a merged new goal from a replacing one', () => {
    expect(classifyMessage('also bring me the apple', running)).toEqual({ kind: 'new_goal', text: 'bring me the apple', mode: 'merge' });
    expect(classifyMessage('and then put the mug in the sink', running)).toMatchObject({ kind: 'new_goal', mode: 'merge' });
    expect(classifyMessage('instead, bring me a coke', running)).toMatchObject({ kind: 'new_goal', mode: 'replace' });
    expect(classifyMessage('forget that, bring me a coke', running)).toMatchObject({ kind: 'new_goal', mode: 'replace' });
    expect(classifyMessage('stop, put the mug down', running)).toEqual({ kind: 'new_goal', text: 'put the mug down', mode: 'replace' });
    expect(classifyMessage('could you also bring me an apple?', running)).toMatchObject({ kind: 'new_goal', mode: 'merge' });
    expect(classifyMessage('can I have a redbull please?', running)).toMatchObject({ kind: 'new_goal' });
    expect(classifyMessage('bring me a coke', { missionRunning: false, pendingQuestion: false })).toMatchObject({ kind: 'new_goal', mode: 'replace' });
  });
  it('reads questions and what they are about', () => {
    expect(classifyMessage('what are you doing?', running)).toMatchObject({ kind: 'question', about: 'doing' });
    expect(classifyMessage('why did you stop?', running)).toMatchObject({ kind: 'question', about: 'why_stopped' });
    expect(classifyMessage('what went wrong?', running)).toMatchObject({ kind: 'question', about: 'why_stopped' });
    expect(classifyMessage('where is the apple?', running)).toMatchObject({ kind: 'question', about: 'where' });
    expect(classifyMessage('status?', running)).toMatchObject({ kind: 'question', about: 'status' });
    expect(classifyMessage('how is it going?', running)).toMatchObject({ kind: 'question', about: 'status' });
    expect(classifyMessage('wait, what are you doing?', running)).toMatchObject({ kind: 'question', about: 'doing' });
  });
  it('takes a bare reply as the answer when a question is pending, as a correction otherwise', () => {
    expect(classifyMessage('the red one', asking)).toEqual({ kind: 'answer', text: 'the red one' });
    expect(classifyMessage('either is fine', asking)).toMatchObject({ kind: 'answer' });
    expect(classifyMessage('the one in the sink', asking)).toMatchObject({ kind: 'answer' });
    expect(classifyMessage('the red one', running)).toMatchObject({ kind: 'correction', referent: 'attribute' });
  });
});
