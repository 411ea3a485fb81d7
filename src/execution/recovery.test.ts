import { describe, expect, it } from 'vitest';
import type { ReflectionContext, RecoveryDecision } from './decisions.js';
import { defaultReflection } from './reflection.js';
import { advanceUntil, plan, rig, subgoal } from './test-helpers.js';

const finished = (t: ReturnType<typeof rig>) => () => t.runner.snapshot().outcome !== null;

describe('mission runner: failures and recovery', () => {
  it('false completion → reflection → retry with a new goal id → verified success', async () => {
    const seen: ReflectionContext[] = [];
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 2 })), {
      verdicts: (_, n) => (n === 1 ? { kind: 'false_completion', diagnosis: 'wrong_object' } : { kind: 'confirm' }),
      reflect: (ctx) => {
        seen.push(ctx);
        return defaultReflection(ctx);
      },
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.failure.code).toBe('false_completion');
    expect(seen[0]?.failure.diagnosis).toBe('wrong_object');
    expect(seen[0]?.remainingRetries).toBe(2);
    const a = t.runner.snapshot().subgoals[0];
    expect(a?.attempts.map((x) => x.result)).toEqual(['failed', 'succeeded']);
    expect(a?.attempts[0]?.failure?.code).toBe('false_completion');
    expect(a?.attempts[0]?.goalId).not.toBe(a?.attempts[1]?.goalId);
    // Counters reset on success.
    expect(a?.failureCount).toBe(0);
    // The failed attempt's executor was stopped before reflection, and the order of events is the contract's.
    const types = t.events.map((e) => e.type);
    expect(types.indexOf('failure')).toBeLessThan(types.indexOf('stop_confirmed'));
    expect(types.indexOf('stop_confirmed')).toBeLessThan(types.indexOf('reflection_requested'));
    expect(types.indexOf('reflection_requested')).toBeLessThan(types.indexOf('recovery_decided'));
  });

  it('turns a retry past the budget into an abort, whatever the reflector says', async () => {
    let asked = 0;
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 1 }), subgoal('b', 'r1', ['a'])), {
      verdicts: () => ({ kind: 'false_completion' }),
      reflect: () => {
        asked += 1;
        return { kind: 'retry' };
      },
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    const out = await t.runner.done;
    expect(out.outcome).toBe('failed');
    expect(out.reason).toMatch(/retry budget exhausted/);
    expect(asked).toBe(2);
    const decided = t.of('recovery_decided').map((d) => d.decision.kind);
    expect(decided).toEqual(['retry', 'abort']);
    expect(t.of('recovery_decided')[1]?.note).toMatch(/budget/);
    expect(t.stateOf('a')).toBe('failed');
    expect(t.stateOf('b')).toBe('cancelled');
    expect(t.of('dispatch_recorded').map((d) => d.subgoalId)).toEqual(['a', 'a']);
  });

  it('times out on the simulated clock and reports a typed timeout', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 0, timeoutSeconds: 2 })), {
      exec: () => () => ({}),
      verdicts: () => ({ kind: 'silent' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    const failure = t.of('failure')[0];
    expect(failure?.code).toBe('timeout');
    const dispatchedAt = t.of('dispatch_recorded')[0]?.simTime ?? 0;
    expect((failure?.simTime ?? 0) - dispatchedAt).toBeCloseTo(2, 5);
    expect(t.ex('r1').stops).toHaveLength(1);
  });

  it('escalates an executor failure with its own code', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 0 })), {
      exec: () => () => ({ failAfter: { steps: 2, code: 'grasp_failed', message: 'slipped' } }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    expect(t.of('failure').map((f) => [f.code, f.message])).toEqual([['grasp_failed', 'slipped']]);
    expect((await t.runner.done).outcome).toBe('failed');
  });

  it('inserts recovery subgoals before the failed one, which then waits for them', async () => {
    const inserted = subgoal('search', 'r1', [], { instruction: 'look in the fridge' });
    let decisions = 0;
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 2 })), {
      verdicts: (id, n) => (id === 'a' && n === 1 ? { kind: 'false_completion', diagnosis: 'object_not_found' } : { kind: 'confirm' }),
      reflect: (): RecoveryDecision => (decisions++ === 0 ? { kind: 'insert', subgoals: [inserted] } : { kind: 'abort', reason: 'no' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    const snap = t.runner.snapshot();
    expect(snap.subgoals.map((s) => s.id)).toEqual(['search', 'a']);
    expect(snap.subgoals[1]?.dependsOn).toContain('search');
    expect(t.of('dispatch_recorded').map((d) => d.subgoalId)).toEqual(['a', 'search', 'a']);
    expect(t.of('plan_changed')[0]).toMatchObject({ kind: 'insert', bySubgoal: 'a', subgoals: ['search'] });
  });

  it('retries with a reworded instruction', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 1 })), {
      verdicts: (_, n) => (n === 1 ? { kind: 'uncertain' } : { kind: 'confirm' }),
      reflect: () => ({ kind: 'retry_reworded', instruction: 'pick up the red mug' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    expect(t.ex('r1').tasks.map((x) => x.instruction)).toEqual(['do a', 'pick up the red mug']);
    expect(t.of('failure')[0]?.code).toBe('uncertain');
  });

  it('asks a person and follows the answer', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 1 })), {
      verdicts: (_, n) => (n === 1 ? { kind: 'false_completion' } : { kind: 'confirm' }),
      reflect: () => ({ kind: 'ask', question: 'Which mug did you mean?' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'awaiting_human');
    expect(t.requests.at(-1)).toMatchObject({ kind: 'question', question: 'Which mug did you mean?' });
    expect(t.runner.snapshot().subgoals[0]?.pendingHuman?.kind).toBe('question');
    t.runner.answer('a', { kind: 'retry_reworded', instruction: 'pick up the blue mug' });
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    expect(t.ex('r1').tasks.at(-1)?.instruction).toBe('pick up the blue mug');
  });

  it('replaces the not-yet-succeeded rest of the plan on replan', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r1', ['a'], { retries: 0 }), subgoal('c', 'r2', ['b'])), {
      verdicts: (id) => (id === 'b' ? { kind: 'false_completion' } : { kind: 'confirm' }),
      reflect: () => ({
        kind: 'replan',
        plan: { id: 'p2', version: 2, subgoals: [subgoal('a', 'r1'), subgoal('b2', 'r2', ['a'])] },
      }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    const snap = t.runner.snapshot();
    expect(snap.planId).toBe('p2');
    expect(snap.subgoals.map((s) => [s.id, s.state])).toEqual([
      ['a', 'succeeded'],
      ['b2', 'succeeded'],
    ]);
    expect(snap.retired.map((r) => r.id).sort()).toEqual(['b', 'c']);
    expect(t.of('dispatch_recorded').map((d) => d.subgoalId)).toEqual(['a', 'b', 'b2']);
  });
});
