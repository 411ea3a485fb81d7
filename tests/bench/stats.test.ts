import { describe, expect, it } from 'vitest';
import { summarise, compare } from '../../bench/aggregate.js';
import type { MissionRecord } from '../../bench/driver.js';
import { falseCompletionsOf } from '../../bench/driver.js';
import { saycanGoal, planSteps } from '../../bench/saycan.js';
import { diff, mean, percentile, ratio, tally, taskLevelRate, wilson } from '../../bench/stats.js';
import { emptyTally, matchAnswer, scriptedResponse } from '../../bench/user.js';
import { parsePredicate } from '../../bench/schema.js';
import { loadBuiltinScene } from '../../src/world/index.js';
import type { TraceEvent } from '../../src/traces/index.js';

describe('statistics helpers', () => {
  it('percentile uses the nearest rank and ignores input order', () => {
    const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(xs, 50)).toBe(5);
    expect(percentile(xs, 99)).toBe(10);
    expect(percentile(xs, 0)).toBe(1);
    expect(percentile(xs, 10)).toBe(1);
    expect(percentile(xs, 11)).toBe(2);
    expect(Number.isNaN(percentile([], 50))).toBe(true);
    expect(() => percentile(xs, 101)).toThrow();
  });
  it('ratio and diff are NaN rather than Infinity on missing data', () => {
    expect(ratio(0.9, 0.6)).toBeCloseTo(1.5);
    expect(Number.isNaN(ratio(1, 0))).toBe(true);
    expect(diff(0.9, 0.6)).toBeCloseTo(0.3);
    expect(Number.isNaN(diff(Number.NaN, 1))).toBe(true);
    expect(mean([1, 2, 3])).toBe(2);
  });
  it('wilson brackets the observed rate and narrows with more samples', () => {
    const [lo, hi] = wilson(8, 10);
    expect(lo).toBeLessThan(0.8);
    expect(hi).toBeGreaterThan(0.8);
    const [lo2, hi2] = wilson(80, 100);
    expect(hi2 - lo2).toBeLessThan(hi - lo);
    expect(wilson(10, 10)[1]).toBe(1);
    expect(tally(['a', 'b', 'a'])).toEqual({ a: 2, b: 1 });
  });
});

function rec(p: Partial<MissionRecord> & Pick<MissionRecord, 'taskId' | 'config' | 'seed'>, success: boolean, simTime: number): MissionRecord {
  return {
    suite: 'household', family: 'pick_and_place', tags: [], ambiguous: false, preset: p.config === 'oracle' ? 'off' : 'default', status: success ? 'succeeded' : 'failed', reason: null,
    score: { success, clausesMet: success ? 1 : 0, clauses: 1, personReported: 0, undecidable: [] },
    user: emptyTally(), subgoals: 2, subgoalsSucceeded: success ? 2 : 1, recoveries: {}, falseCompletions: null, wrongSuccess: false, verifierFooled: false, perceptionFaults: null, simTime, wallMs: 10, traceEvents: 5, ...p,
  };
}

describe('success over tasks, seeds nested', () => {
  const outcomes = (tasks: number, seeds: number, ok: (task: number, seed: number) => boolean) =>
    Array.from({ length: tasks * seeds }, (_, i) => ({ task: `t${Math.floor(i / seeds)}`, success: ok(Math.floor(i / seeds), i % seeds) }));
  it('counts tasks, not missions: many seeds of two tasks do not narrow the interval', () => {
    const r = taskLevelRate(outcomes(2, 50, (t) => t === 0));
    expect(r.rate).toBe(0.5);
    expect(r.tasks).toBe(2);
    expect(r.ci).toEqual(wilson(1, 2));
    const [lo, hi] = wilson(50, 100);
    expect(r.ci[0]).toBeLessThan(lo - 0.2);
    expect(r.ci[1]).toBeGreaterThan(hi + 0.2);
  });
  it('averages within a task first, so a task with more seeds weighs no more', () => {
    const r = taskLevelRate([...outcomes(1, 9, () => true).map((o) => ({ ...o, task: 'many' })), { task: 'one', success: false }]);
    expect(r.rate).toBe(0.5);
    expect(r.distribution).toEqual({ all: 1, some: 0, none: 1 });
  });
  it('keeps a width on a saturated suite and reports the per-task distribution', () => {
    const all = taskLevelRate(outcomes(50, 5, () => true));
    expect(all.rate).toBe(1);
    expect(all.ci[1]).toBe(1);
    expect(all.ci[0]).toBeCloseTo(0.929, 3);
    const mixed = taskLevelRate(outcomes(4, 5, (t, s) => t === 0 || (t === 1 && s < 2)));
    expect(mixed.distribution).toEqual({ all: 1, some: 1, none: 2 });
    expect(mixed.rate).toBeCloseTo((1 + 0.4) / 4);
    expect(Number.isNaN(taskLevelRate([]).rate)).toBe(true);
  });
  it('the cell summaries carry the interval over tasks', () => {
    const rs = Array.from({ length: 20 }, (_, i) => rec({ taskId: i < 10 ? 'a' : 'b', config: 'full', seed: i }, i < 10, 10));
    const cell = summarise(rs)[0]!;
    expect(cell.successRate).toBe(0.5);
    expect(cell.successCI).toEqual(wilson(1, 2));
    expect(cell.taskSuccess).toEqual({ all: 1, some: 0, none: 1 });
  });
});

describe('aggregation', () => {
  it('computes success rates, sim time relative to oracle and full-vs-baseline ratios', () => {
    const rs = [
      rec({ taskId: 'a', config: 'full', seed: 1 }, true, 20),
      rec({ taskId: 'b', config: 'full', seed: 1 }, true, 30),
      rec({ taskId: 'a', config: 'open-loop', seed: 1 }, true, 10),
      rec({ taskId: 'b', config: 'open-loop', seed: 1 }, false, 10),
      rec({ taskId: 'a', config: 'oracle', seed: 1 }, true, 10),
      rec({ taskId: 'b', config: 'oracle', seed: 1 }, true, 10),
    ];
    const cells = summarise(rs);
    const full = cells.find((c) => c.config === 'full')!;
    expect(full.successRate).toBe(1);
    expect(full.simTimeVsOracle).toBe(2);
    const cmp = compare(cells).find((c) => c.preset === 'default')!;
    const ol = cmp.versus.find((v) => v.config === 'open-loop')!;
    expect(ol.ratio).toBeCloseTo(2);
    expect(ol.diff).toBeCloseTo(0.5);
    expect(cmp.gapToOracle).toBe(0);
  });
  it('counts wrong "success" verdicts (reported succeeded, goal false in truth) and sums perception faults', () => {
    const fooled = { ...rec({ taskId: 'a', config: 'full', seed: 1 }, false, 10), status: 'succeeded', wrongSuccess: true, perceptionFaults: { phantoms: 2, occlusions: 5 } };
    const honest = rec({ taskId: 'b', config: 'full', seed: 1, perceptionFaults: { phantoms: 1, occlusions: 0 } }, true, 10);
    const failed = rec({ taskId: 'c', config: 'full', seed: 1 }, false, 10);
    const cell = summarise([fooled, honest, failed])[0]!;
    expect(cell.wrongSuccess).toBe(1);
    expect(cell.reportedSuccess).toBe(2);
    expect(cell.perceptionFaults).toEqual({ phantoms: 3, occlusions: 5 });
    expect(summarise([failed])[0]!.perceptionFaults).toBeNull();
  });
});

describe('false completions', () => {
  it('counts one as caught only when its goal id got a negative verdict or failure before any success', () => {
    const ev = (goalId: string, kind: TraceEvent['kind'], data: Record<string, unknown>): TraceEvent =>
      ({ missionId: 'm', seq: 1, actor: { kind: 'machine', id: 'x' }, kind, goalId, wallTime: '2026-01-01T00:00:00.000Z', simTime: 0, data }) as TraceEvent;
    const faults = [
      { goalId: 'g1', kind: 'false_done' as const, simTime: 1, falseCompletion: true, detail: '' },
      { goalId: 'g2', kind: 'false_done' as const, simTime: 2, falseCompletion: true, detail: '' },
      { goalId: 'g3', kind: 'drop' as const, simTime: 2, falseCompletion: false, detail: '' },
      { goalId: 'g4', kind: 'false_done' as const, simTime: 3, falseCompletion: true, detail: '' },
      { goalId: 'g5', kind: 'false_done' as const, simTime: 4, falseCompletion: true, detail: '', workAlreadyDone: true },
    ];
    const r = falseCompletionsOf(faults, [
      ev('g1', 'verdict', { kind: 'progress' }),
      ev('g1', 'verdict', { kind: 'false_completion' }),
      ev('g2', 'verdict', { kind: 'succeeded' }),
      ev('g2', 'error', {}),
      ev('g5', 'verdict', { kind: 'succeeded' }),
    ]);
    expect(r).toEqual({ injected: 3, caught: 1, missed: 1, unjudged: 1, trueEarlyClaims: 1 });
  });
});

describe('scripted user', () => {
  const req = (kind: 'clarification' | 'approval' | 'delegation', question: string, options: string[] = [], assignedTo: string | null = null) => ({
    id: 'r', missionId: 'm', kind, question, options, allowed: [], subgoalId: null, assignedTo, createdAt: '',
  });
  it('answers only questions that mention a scripted key, counting the rest', () => {
    const t = emptyTally();
    const task = { answers: { mug: 'the red mug' }, goal: [] };
    expect(scriptedResponse(task, req('clarification', 'Which mug do you mean?', ['the red mug', 'the blue mug']), t)).toEqual({ type: 'respond', text: 'the red mug', by: 'alex' });
    expect(scriptedResponse(task, req('clarification', 'Which plate?', ['the counter']), t)).toEqual({ type: 'respond', text: 'the counter', by: 'alex' });
    expect(t).toMatchObject({ questions: 2, irrelevant: 1 });
    expect(matchAnswer({ can: 'x', 'garbage can': 'y' }, 'Which garbage can?')).toBe('y');
    expect(matchAnswer({ mug: 'x' }, 'Which of the mugs?')).toBe('x');
    expect(matchAnswer({ can: 'x' }, 'Which candle?')).toBeNull();
  });
  it('reports delegated work done only when the task expects the person to do it', () => {
    const t = emptyTally();
    const personTask = { answers: {}, goal: [{ kind: 'person' as const, pred: parsePredicate('heldBy(mug_red, alex)'), person: 'alex' }] };
    expect(scriptedResponse(personTask, req('delegation', 'Please hand over the mug', [], 'alex'), t).type).toBe('accept');
    expect(scriptedResponse({ answers: {}, goal: [] }, req('delegation', 'Please pick up the cup', [], 'alex'), t).type).toBe('ignore');
    expect(t).toMatchObject({ delegations: 2, declined: 1, delegatedTo: ['alex'] });
    expect(scriptedResponse({ answers: {}, goal: [] }, req('approval', 'May rover heat?'), t).type).toBe('accept');
  });
});

describe('saycan goals from gold plans', () => {
  const vocab = { objects: { apple: ['Apple'] }, locations: { trash: ['GarbageCan'], table: ['DiningTable'] } };
  const home = loadBuiltinScene('home');
  it('turns delivery, put-at and navigation plans into goals and skips unknown nouns', () => {
    expect(planSteps('1. find an apple, 2. pick up the apple, 3. done')).toEqual(['find an apple', 'pick up the apple', 'done']);
    const g = saycanGoal('1. find an apple, 2. pick up the apple, 3. bring it to you, 4. put down the apple, 5. done', home, vocab, 'alex');
    expect(g).toMatchObject({ goal: [{ kind: 'any', preds: [[{ pred: 'heldBy', args: ['apple_1', 'alex'] }], [{ pred: 'heldBy', args: ['apple_2', 'alex'] }]] }] });
    const t = saycanGoal('1. pick up the apple, 2. go to the trash, 3. put down the apple, 4. done', home, vocab, 'alex');
    expect('goal' in t && t.goal[0]?.kind === 'any' && t.goal[0].preds.flat().every((p) => p.pred === 'in')).toBe(true);
    const nav = saycanGoal('1. go to the table, 2. done', home, vocab, 'alex');
    // Only a robot that drives can be "at" the table: the fixed kitchen arm is left out.
    expect(nav).toMatchObject({ goal: [{ kind: 'pred', pred: { pred: 'near', args: ['rover', 'dining_table_1'] } }] });
    expect(saycanGoal('1. find a coke, 2. pick up the coke, 3. done', home, vocab, 'alex')).toEqual({ skip: 'no coke' });
  });
});

describe('within', () => {
  it('passes a settled value through and names what hung', async () => {
    const { within } = await import('../../bench/driver.js');
    await expect(within(Promise.resolve(3), 1, () => 'fast')).resolves.toBe(3);
    await expect(within(new Promise(() => undefined), 0.01, () => 'settled (mission m-1)')).rejects.toThrow(/hung: settled \(mission m-1\)/);
  });
});
