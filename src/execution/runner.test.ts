import { describe, expect, it } from 'vitest';
import { ExecutionEventSchema } from './events.js';
import { advanceUntil, fakeObservation, plan, rig, subgoal } from './test-helpers.js';

describe('mission runner: DAG execution', () => {
  it('runs two parallel branches on two robots, then the join, in dependency order', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2'), subgoal('c', 'r1', ['a', 'b'])));
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing' && t.stateOf('b') === 'executing');
    expect(t.stateOf('c')).toBe('pending');
    const out = await (async () => {
      await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
      return t.runner.done;
    })();
    expect(out.outcome).toBe('succeeded');
    const dispatches = t.of('dispatch_recorded');
    expect(dispatches.map((d) => d.subgoalId)).toEqual(['a', 'b', 'c']);
    const succeededAt = (id: string) => t.of('subgoal_state').find((e) => e.subgoalId === id && e.to === 'succeeded')?.seq ?? Infinity;
    const cDispatch = dispatches[2]?.seq ?? -1;
    expect(cDispatch).toBeGreaterThan(succeededAt('a'));
    expect(cDispatch).toBeGreaterThan(succeededAt('b'));
    // a and b overlapped in time: b was dispatched before a succeeded.
    expect(dispatches[1]?.seq ?? Infinity).toBeLessThan(succeededAt('a'));
    for (const e of t.events) expect(ExecutionEventSchema.safeParse(e).success).toBe(true);
    expect(t.events.map((e) => e.seq)).toEqual(t.events.map((_, i) => i));
  });

  it("samples steps with the robot as that step's observation reports it (pose, ee, aperture, holding)", async () => {
    const t = rig(plan(subgoal('a', 'r1')));
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    const steps = t.of('executor_event').filter((e) => e.kind === 'step');
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(s.robot).toEqual({ x: 0, y: 0, theta: 0, ee: { x: 0, y: 0, z: 0 }, aperture: 1, holding: null });
  });

  it('queues two independent subgoals for the same robot instead of running them at once', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r1')));
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing');
    expect(t.stateOf('b')).toBe('pending');
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    expect((await t.runner.done).outcome).toBe('succeeded');
    const starts = t.log.filter((l) => l.startsWith('start:'));
    expect(starts).toHaveLength(2);
    const aDone = t.of('subgoal_state').find((e) => e.subgoalId === 'a' && e.to === 'succeeded')?.seq ?? Infinity;
    const bDispatch = t.of('dispatch_recorded').find((d) => d.subgoalId === 'b')?.seq ?? -1;
    expect(bDispatch).toBeGreaterThan(aDone);
  });

  it('records every dispatch before the executor is started, with a fresh goal id', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2'), subgoal('c', 'r1', ['a'])), {
      verdicts: (id, n) => (id === 'a' && n === 1 ? { kind: 'false_completion' } : { kind: 'confirm' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    const starts = t.log.filter((l) => l.startsWith('start:'));
    expect(starts.length).toBe(4);
    for (const s of starts) {
      const goal = s.slice('start:'.length);
      const recorded = t.log.indexOf(`dispatch:${goal}`);
      expect(recorded).toBeGreaterThanOrEqual(0);
      expect(recorded).toBeLessThan(t.log.indexOf(s));
    }
    expect(new Set(starts).size).toBe(starts.length);
  });

  it('never succeeds from a claim alone: without a verifier success the subgoal times out', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 0, timeoutSeconds: 3 })), {
      verdicts: () => ({ kind: 'silent' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'verifying');
    // The executor has claimed; the subgoal is still only verifying.
    expect(t.ex('r1').state).toBe('claimed_done');
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    const out = await t.runner.done;
    expect(out.outcome).toBe('failed');
    expect(t.of('subgoal_state').some((e) => e.subgoalId === 'a' && e.to === 'succeeded')).toBe(false);
    expect(t.of('failure').map((f) => f.code)).toEqual(['timeout']);
  });

  it('succeeds only after the verifier says so', async () => {
    const t = rig(plan(subgoal('a', 'r1')), { verdicts: () => ({ kind: 'confirm', after: 4 }) });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    const claimSeq = t.of('executor_event').find((e) => e.kind === 'claimed_done')?.seq ?? Infinity;
    const verdict = t.of('verdict').find((v) => v.kind === 'succeeded');
    const success = t.of('subgoal_state').find((e) => e.to === 'succeeded');
    expect(verdict).toBeDefined();
    expect(claimSeq).toBeLessThan(verdict?.seq ?? -1);
    expect(verdict?.seq ?? Infinity).toBeLessThan(success?.seq ?? -1);
    const snap = t.runner.snapshot();
    expect(snap.subgoals[0]?.attempts.map((a) => a.result)).toEqual(['succeeded']);
  });

  it('fails verification from observations before a claim too (verifier-detected failure)', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 0 })), {
      exec: () => () => ({}),
      verdicts: () => ({ kind: 'stall', after: 5 }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    expect((await t.runner.done).outcome).toBe('failed');
    expect(t.of('failure').map((f) => f.code)).toEqual(['stalled']);
    // The stalled executor was stopped (confirmed) before reflection.
    const stopSeq = t.of('stop_confirmed')[0]?.seq ?? Infinity;
    expect(stopSeq).toBeLessThan(t.of('reflection_requested')[0]?.seq ?? -1);
    expect(t.ex('r1').stops).toHaveLength(1);
  });

  it('keeps verifying a policy that falls silent after its claim from the robot\'s own view', async () => {
    const observers = new Map([['r1', () => fakeObservation('r1', 0, 0)]]);
    const t = rig(plan(subgoal('a', 'r1')), { exec: () => () => ({ claimAfter: 2, stepAfterClaim: false }), extra: { observers } });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    expect((await t.runner.done).outcome).toBe('succeeded');
  });

  it('calls a silent claim with nothing to observe uncertain instead of waiting for the timeout', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 0 })), { exec: () => () => ({ claimAfter: 2, stepAfterClaim: false }) });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    expect(t.of('failure').map((f) => f.code)).toEqual(['uncertain']);
  });
});

describe('mission runner: progress in the trace', () => {
  it('samples slow, steady progress instead of dropping every small step', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { timeoutSeconds: 5 })), { verdicts: () => ({ kind: 'silent', step: 0.02 }) });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null, 200);
    const firstGoal = t.of('dispatch_recorded')[0]?.goalId;
    const scores = t.of('verdict').filter((v) => v.kind === 'progress' && v.goalId === firstGoal).map((v) => v.score ?? 0);
    // 0.02 per observation over ~50 observations: one sample per 0.1 of progress.
    expect(scores.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < scores.length; i++) expect((scores[i] ?? 0) - (scores[i - 1] ?? 0)).toBeGreaterThanOrEqual(0.1 - 1e-9);
  });
});
