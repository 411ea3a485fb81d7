import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/options.js';
import { repeatMarkdown, runRepeatSuite, SEQUENCES, summariseRepeat } from '../../bench/repeat/suite.js';
import type { RepeatMission } from '../../bench/repeat/suite.js';

const m = (memory: boolean, position: number, questions: number, status = 'succeeded'): RepeatMission => ({ sequence: 's', position, memory, seed: 1, status, questions, personRequests: 0, dispatches: 4 });

describe('bench: the repeat suite', () => {
  it('is chosen with --suites and by default', () => {
    expect(parseArgs(['--suites', 'repeat'])).toMatchObject({ repeat: true, suites: [] });
    expect(parseArgs(['--suites', 'household']).repeat).toBe(false);
    expect(parseArgs([]).repeat).toBe(true);
  });

  it('summarises questions per mission, by position, and success with memory on and off', () => {
    const arms = summariseRepeat([m(true, 0, 1), m(true, 1, 0), m(false, 0, 1), m(false, 1, 1, 'failed')]);
    expect(arms).toEqual([
      { memory: true, missions: 2, successRate: 1, questionsPerMission: 0.5, dispatchesPerMission: 4, questionsByPosition: [1, 0] },
      { memory: false, missions: 2, successRate: 0.5, questionsPerMission: 1, dispatchesPerMission: 4, questionsByPosition: [1, 1] },
    ]);
    expect(repeatMarkdown({ wallSeconds: 1, sequences: [], arms, missions: [] }).join('\n')).toMatch(/\| on \| 2 \| 0.50 \| 1.00 → 0.00 \|/);
  });

  it('runs every sequence with memory on and off in one run: memory asks fewer questions and succeeds as often', { timeout: 240_000 }, async () => {
    const r = await runRepeatSuite([1], () => {});
    const total = SEQUENCES.reduce((n, s) => n + s.steps.length, 0);
    const [on, off] = r.arms;
    expect(on).toMatchObject({ memory: true, missions: total });
    expect(off).toMatchObject({ memory: false, missions: total });
    expect(on!.questionsPerMission).toBeLessThan(off!.questionsPerMission);
    expect(on!.questionsByPosition[0]).toBe(off!.questionsByPosition[0]);
    expect(on!.successRate).toBeGreaterThanOrEqual(off!.successRate);
    expect(on!.dispatchesPerMission).toBeLessThan(off!.dispatchesPerMission);
  });
});
