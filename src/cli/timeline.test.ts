import { describe, expect, it } from 'vitest';
import { MemoryTraceStore } from '../traces/index.js';
import { style } from './ansi.js';
import { fillSampleTrace } from './testing/sample-trace.js';
import { renderTimeline } from './timeline.js';

function timeline(all = false): string[] {
  const store = new MemoryTraceStore({ now: () => Date.parse('2026-03-01T10:00:00.000Z') });
  fillSampleTrace(store);
  return renderTimeline(store.events('m-42'), { style: style(false), all });
}

describe('renderTimeline', () => {
  it('lists the step-by-step directions an instruction came with, numbered', () => {
    const store = new MemoryTraceStore({ now: () => Date.parse('2026-03-01T10:00:00.000Z') });
    store.append({ missionId: 'm-1', actor: { kind: 'person', id: 'alex' }, kind: 'instruction', data: { text: 'put the tomato on the table', speaker: 'alex', steps: ['Pick up the tomato.', 'Chill it in the fridge.'] }, simTime: 0 });
    const text = renderTimeline(store.events('m-1'), { style: style(false), all: false }).join('\n');
    expect(text).toContain('alex: "put the tomato on the table"\n');
    expect(text).toContain('  1. Pick up the tomato.\n');
    expect(text).toContain('  2. Chill it in the fridge.');
  });

  it('tells the mission in order: question and answer, plan, attempts with verdicts and evidence, reflection, outcome', () => {
    const text = timeline().join('\n');
    const order = [
      'alex: "put the mug in the sink"',
      '? Which mug? [red mug | blue mug]',
      '→ "red mug"',
      'plan v1 (builtin)',
      's2 [person:alex] place(mug_1, sink_1) after s1',
      'plan valid',
      's1 attempt 1 → rover: "pick up the red mug" (g1)',
      's1 false_completion (likely grasp_failed)',
      'evidence: {"holding":null,"observed":12}',
      'false_completion: claimed done, mug not held (likely grasp_failed)',
      'reflecting on false_completion (attempt 1, 2 retries left)',
      'grasp_failed → retry_reworded: the handle faces away',
      'decision: retry_reworded — grasp the red mug by its body',
      's1 attempt 2 → rover',
      's1 succeeded',
      'task for alex: please put the mug in the sink',
      's2 done',
      '"use the left basin"',
      'E-STOP: operator pressed stop',
      'succeeded — the mug is in the sink',
    ];
    let at = -1;
    for (const piece of order) {
      const next = text.indexOf(piece, at + 1);
      expect(next, `"${piece}" after position ${at}`).toBeGreaterThan(at);
      at = next;
    }
    expect(text).toContain('{"weird":[1,2,3]}');
  });

  it('gives a verdict\'s reasons before anything else, never its observation stamps, and a code only when it adds something', () => {
    const store = new MemoryTraceStore({ now: () => Date.parse('2026-03-01T10:00:00.000Z') });
    const observations = Array.from({ length: 41 }, (_, i) => ({ seq: i, simTime: 82.74999999999744 + i }));
    const criteria = [
      { predicate: 'near(rover, fridge_1)', truth: 'false', reason: 'rover at planar distance 3.05 m (threshold 0.85 m)' },
      { predicate: 'handEmpty(rover)', truth: 'true', reason: 'gripper is empty' },
    ];
    store.append({ missionId: 'm-1', actor: { kind: 'verifier', id: 'rover' }, kind: 'verdict', subgoalId: 's1', data: { kind: 'false_completion', code: 'false_completion', evidence: { observations, criteria, consecutive: 0 } }, simTime: 90 });
    const text = renderTimeline(store.events('m-1'), { style: style(false), all: false }).join('\n');
    expect(text).not.toContain('false_completion (false_completion)');
    expect(text).toContain('evidence: near(rover, fridge_1): rover at planar distance 3.05 m (threshold 0.85 m)');
    expect(text).not.toContain('82.7499');
  });

  it('sums up each subgoal: attempts with their verdicts and the final state', () => {
    const lines = timeline();
    const summary = lines.slice(lines.indexOf('subgoals'));
    expect(summary).toEqual([
      'subgoals',
      '  s1 succeeded, 2 attempts',
      '    #1 rover: false_completion (grasp_failed), failure false_completion',
      '    #2 rover: succeeded',
      '  s2 succeeded, 1 attempt',
      '    #1 person:alex: reported done',
    ]);
  });

  it('hides steps, transitions and progress samples unless asked for everything', () => {
    const brief = timeline(false).join('\n');
    expect(brief).not.toMatch(/^\S+\s+step\b/m);
    expect(brief).not.toContain('progress');
    const all = timeline(true).join('\n');
    expect(all).toContain('progress');
    expect(all).toMatch(/transition\s+s1 pending → dispatching/);
    expect(all.split('\n').length).toBeGreaterThan(brief.split('\n').length);
  });

  it('stamps simulated seconds, or wall time for events without a sim clock', () => {
    const lines = timeline();
    expect(lines.find((l) => l.includes('Which mug?'))).toMatch(/^\[10:00:00\] question/);
    expect(lines.find((l) => l.includes('E-STOP'))).toMatch(/^\[\s+21\.0s\] estop/);
  });

  it('says so when a mission has no events', () => {
    expect(renderTimeline([], { style: style(false) })).toEqual(['(no events)']);
  });
});
