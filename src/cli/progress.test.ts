import { describe, expect, it } from 'vitest';
import type { MissionView, SubgoalView } from '../../agents/orchestrator/types.js';
import type { TraceEvent } from '../traces/index.js';
import { style } from './ansi.js';
import { ProgressRenderer } from './progress.js';

const sg = (id: string, status: SubgoalView['status'], attempts = 1): SubgoalView => ({
  id, skill: 'pick', args: { object: 'mug_1' }, robot: 'rover', dependsOn: id === 's2' ? ['s1'] : [], instruction: `pick up the mug (${id})`, status, attempts, failureCodes: status === 'failed' ? ['grasp_failed'] : [], progress: null,
});
const mission = (planVersion: number, subgoals: SubgoalView[]): MissionView => ({
  id: 'm1', instruction: 'x', scene: 'home', status: 'running', reason: null, speaker: 'alex', goal: null, planVersion, subgoals,
  questions: [], delegations: [], pending: [], messages: [], createdAt: '', updatedAt: '', simTime: 0,
});
let seq = 0;
const trace = (kind: TraceEvent['kind'], data: TraceEvent['data'], subgoalId?: string): TraceEvent => ({
  missionId: 'm1', seq: ++seq, actor: { kind: 'machine', id: 'mission' }, kind, wallTime: '2026-01-01T00:00:00.000Z', simTime: 1, data, ...(subgoalId ? { subgoalId } : {}),
});

describe('ProgressRenderer', () => {
  it('says the plan in one line per version and only where each step ended up', () => {
    const p = new ProgressRenderer(style(false));
    const ev = (m: MissionView) => p.lines({ type: 'mission', missionId: 'm1', mission: m });
    expect(ev(mission(1, [sg('s1', 'pending'), sg('s2', 'pending')]))).toEqual(['plan v1 (2 steps, rover): pick(mug_1) → pick(mug_1)']);
    expect(ev(mission(1, [sg('s1', 'running'), sg('s2', 'pending')]))).toEqual([]);
    expect(ev(mission(1, [sg('s1', 'verifying'), sg('s2', 'pending')]))).toEqual([]);
    expect(ev(mission(1, [sg('s1', 'succeeded'), sg('s2', 'pending')]))).toEqual(['  ✓ pick up the mug (s1)']);
    // A new version lists what is left to do, not the steps already done.
    expect(ev(mission(2, [sg('s1', 'succeeded'), sg('s2', 'running', 2)]))).toEqual(['plan v2 (1 step, rover): pick(mug_1)']);
    expect(ev(mission(2, [sg('s1', 'succeeded'), sg('s2', 'failed', 3)]))).toEqual(['  ✗ pick up the mug (s2) (attempt 3) — grasp_failed']);
  });

  it('with verbose, lists every step of the plan and every status change', () => {
    const p = new ProgressRenderer(style(false), { verbose: true });
    const ev = (m: MissionView) => p.lines({ type: 'mission', missionId: 'm1', mission: m });
    expect(ev(mission(1, [sg('s1', 'pending'), sg('s2', 'pending')]))).toEqual(['plan v1:', '  s1 [rover] pick(mug_1)', '  s2 [rover] pick(mug_1) after s1']);
    expect(ev(mission(1, [sg('s1', 'running'), sg('s2', 'pending')]))).toEqual(['s1 running — pick up the mug (s1)']);
    expect(p.traceLines(trace('dispatch', { robotId: 'rover', attempt: 1, instruction: 'pick up the mug' }, 's1'))).toEqual(['  dispatch s1: rover attempt 1: pick up the mug']);
    expect(p.traceLines(trace('verdict', { kind: 'progress', score: 0.2 }, 's1'))).toEqual([]);
    expect(p.traceLines(trace('verdict', { kind: 'false_completion', code: 'grasp_failed' }, 's1'))).toEqual(['  verdict s1: false_completion (grasp_failed)']);
  });

  it('says a reflection in one line, cause then decision, and leaves the runner bookkeeping to verbose', () => {
    const p = new ProgressRenderer(style(false));
    expect(p.traceLines(trace('verdict', { kind: 'false_completion', code: 'grasp_failed' }, 's1'))).toEqual([]);
    expect(p.traceLines(trace('dispatch', { robotId: 'rover', attempt: 1 }, 's1'))).toEqual([]);
    expect(p.traceLines(trace('reflection', { type: 'reflection_requested', code: 'stalled', attempt: 1 }, 's1'))).toEqual([]);
    expect(p.traceLines(trace('reflection', { failure: { code: 'stalled', message: 'no progress towards the success criteria' }, choice: { kind: 'retry_reworded', instruction: 'grasp the mug by its body' } }, 's1'))).toEqual([
      '  reflection s1: stalled (no progress towards the success criteria) → retry_reworded: grasp the mug by its body',
    ]);
  });

  it('prints a question once, and the outcome once however orca words it', () => {
    const p = new ProgressRenderer(style(false));
    const say = (text: string) => p.lines({ type: 'message', missionId: 'm1', from: 'orca', text });
    expect(say('Which mug do you mean, the red one or the blue one?')).toEqual(['orca: Which mug do you mean, the red one or the blue one?']);
    expect(p.hasSaid('Which mug do you mean, the red one or the blue one?')).toBe(true);
    expect(say('Which mug do you mean, the red one or the blue one?')).toEqual([]);
    expect(p.traceLines(trace('outcome', { type: 'mission_outcome', outcome: 'succeeded' }))).toEqual([]);
    expect(p.traceLines(trace('outcome', { status: 'succeeded', reason: 'Alex has the red mug' }))).toEqual(['succeeded: Alex has the red mug']);
    expect(say('Done: Alex has the red mug.')).toEqual([]);
  });
});
