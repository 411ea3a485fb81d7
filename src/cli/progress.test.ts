import { describe, expect, it } from 'vitest';
import type { MissionView, SubgoalView } from '../../agents/orchestrator/types.js';
import { style } from './ansi.js';
import { ProgressRenderer } from './progress.js';

const sg = (id: string, status: SubgoalView['status'], attempts = 1): SubgoalView => ({
  id, skill: 'pick', args: { object: 'mug_1' }, robot: 'rover', dependsOn: id === 's2' ? ['s1'] : [], instruction: `pick up the mug (${id})`, status, attempts, failureCodes: [], progress: null,
});
const mission = (planVersion: number, subgoals: SubgoalView[]): MissionView => ({
  id: 'm1', instruction: 'x', scene: 'home', status: 'running', reason: null, speaker: 'alex', goal: null, planVersion, subgoals,
  questions: [], delegations: [], pending: [], messages: [], createdAt: '', updatedAt: '', simTime: 0,
});

describe('ProgressRenderer', () => {
  it('prints the plan once per version and each subgoal status change once', () => {
    const p = new ProgressRenderer(style(false));
    const ev = (m: MissionView) => p.lines({ type: 'mission', missionId: 'm1', mission: m });
    expect(ev(mission(1, [sg('s1', 'pending'), sg('s2', 'pending')]))).toEqual(['plan v1:', '  s1 [rover] pick(mug_1)', '  s2 [rover] pick(mug_1) after s1']);
    expect(ev(mission(1, [sg('s1', 'running'), sg('s2', 'pending')]))).toEqual(['s1 running — pick up the mug (s1)']);
    expect(ev(mission(1, [sg('s1', 'running'), sg('s2', 'pending')]))).toEqual([]);
    expect(ev(mission(2, [sg('s1', 'running', 2), sg('s2', 'pending')]))).toEqual(['plan v2:', '  s1 [rover] pick(mug_1)', '  s2 [rover] pick(mug_1) after s1']);
    expect(ev(mission(2, [sg('s1', 'succeeded', 2), sg('s2', 'pending')]))).toEqual(['s1 succeeded (attempt 2) — pick up the mug (s1)']);
  });

  it('shows notable trace events but not steps or progress samples', () => {
    const p = new ProgressRenderer(style(false));
    const tr = (kind: string, summary: string) => p.lines({ type: 'trace', missionId: 'm1', seq: 1, kind, subgoalId: 's1', summary });
    expect(tr('step', 'step 10')).toEqual([]);
    expect(tr('verdict', 'progress 0.4')).toEqual([]);
    expect(tr('verdict', 'false_completion (grasp_failed)')).toEqual(['  verdict s1: false_completion (grasp_failed)']);
    expect(tr('reflection', 'grasp_failed → retry')).toEqual(['  reflection s1: grasp_failed → retry']);
  });
});
