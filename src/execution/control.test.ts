import { describe, expect, it } from 'vitest';
import { advance, advanceUntil, plan, rig, subgoal } from './test-helpers.js';

const finished = (t: ReturnType<typeof rig>) => () => t.runner.snapshot().outcome !== null;
const slow = () => () => ({ claimAfter: 30 });

describe('mission runner: pause, cancel, e-stop, corrections', () => {
  it('pause stops running executors (confirmed); resume re-dispatches with a new goal id', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2')), { exec: slow });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing' && t.stateOf('b') === 'executing');
    t.runner.pause();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'paused' && t.stateOf('b') === 'paused');
    expect(t.of('stop_confirmed').map((e) => e.subgoalId).sort()).toEqual(['a', 'b']);
    expect(t.ex('r1').state).toBe('stopped');
    const dispatchesBefore = t.of('dispatch_recorded').length;
    await advance(t.ticker, 20);
    expect(t.of('dispatch_recorded')).toHaveLength(dispatchesBefore);
    t.runner.resume();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    const a = t.runner.snapshot().subgoals[0];
    expect(a?.attempts.map((x) => x.result)).toEqual(['paused', 'succeeded']);
    expect(a?.attempts[0]?.goalId).not.toBe(a?.attempts[1]?.goalId);
    expect(a?.failureCount).toBe(0);
    expect(t.of('paused')).toHaveLength(1);
    expect(t.of('resumed')).toHaveLength(1);
  });

  it('cancel is a confirmed stop: every running executor acknowledges → cancelled', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2'), subgoal('c', 'r1', ['a'])), { exec: slow });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing' && t.stateOf('b') === 'executing');
    t.runner.cancel('user changed their mind');
    await advanceUntil(t.ticker, finished(t));
    const out = await t.runner.done;
    expect(out.outcome).toBe('cancelled');
    expect(t.of('stop_confirmed')).toHaveLength(2);
    expect(t.runner.snapshot().subgoals.map((s) => s.state)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(t.of('cancel_requested')[0]?.reason).toBe('user changed their mind');
  });

  it('a claim still being checked when the attempt is cancelled gets the verifier\'s verdict in the record', async () => {
    const t = rig(plan(subgoal('a', 'r1')), { verdicts: () => ({ kind: 'silent' }) });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.of('executor_event').some((e) => e.kind === 'claimed_done'));
    expect(t.of('verdict').filter((v) => v.kind !== 'progress')).toEqual([]);
    t.runner.cancel('changed my mind');
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('cancelled');
    expect(t.of('verdict').filter((v) => v.kind !== 'progress').map((v) => [v.subgoalId, v.kind])).toEqual([['a', 'false_completion']]);
  });

  it('cancel with an executor that never acknowledges ends uncertain after the ack window', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2')), { exec: slow, extra: { stopAckTimeoutSeconds: 1 } });
    t.ex('r2').stopBehaviour = 'ignore';
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing' && t.stateOf('b') === 'executing');
    t.runner.cancel();
    const cancelAt = t.ticker.simTime;
    await advanceUntil(t.ticker, finished(t));
    const out = await t.runner.done;
    expect(out.outcome).toBe('uncertain');
    expect(out.reason).toMatch(/b/);
    const unconfirmed = t.of('stop_unconfirmed');
    expect(unconfirmed.map((e) => e.robotId)).toEqual(['r2']);
    expect((unconfirmed[0]?.simTime ?? 0) - cancelAt).toBeCloseTo(1, 5);
    expect(t.of('stop_confirmed').map((e) => e.robotId)).toEqual(['r1']);
  });

  it('e-stop halts every executor in the same tick and stays latched until release + resume', async () => {
    let robotsLatched = 0;
    let released = 0;
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2'), subgoal('c', 'r1', ['a'])), {
      exec: slow,
      extra: { estopAll: () => robotsLatched++, releaseAll: () => released++ },
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing' && t.stateOf('b') === 'executing');
    const step = t.ticker.step;
    const stepsBefore = [...t.executors.values()].map((e) => [...e.stepsByGoal.values()].reduce((x, y) => x + y, 0));
    t.runner.estop('operator pressed the button');
    // Synchronously, within this control step: robots latched, every executor told to stop, every subgoal estopped.
    expect(robotsLatched).toBe(1);
    for (const e of t.executors.values()) expect(e.stops.map((s) => s.step)).toEqual([step]);
    expect(t.runner.snapshot().subgoals.map((s) => s.state)).toEqual(['estopped', 'estopped', 'estopped']);
    await advance(t.ticker, 30);
    const stepsAfter = [...t.executors.values()].map((e) => [...e.stepsByGoal.values()].reduce((x, y) => x + y, 0));
    expect(stepsAfter).toEqual(stepsBefore);
    expect(t.of('dispatch_recorded')).toHaveLength(2);
    expect(() => t.runner.resume()).toThrow(/latched/);
    t.runner.releaseEstop();
    expect(released).toBe(1);
    expect(t.runner.snapshot().state).toBe('paused');
    await advance(t.ticker, 10);
    expect(t.of('dispatch_recorded')).toHaveLength(2);
    expect(t.runner.snapshot().subgoals.map((s) => s.state)).toEqual(['paused', 'paused', 'pending']);
    t.runner.resume();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    expect(t.runner.snapshot().subgoals[0]?.attempts.map((x) => x.result)).toEqual(['estopped', 'succeeded']);
    expect(t.of('estop')[0]?.executors).toEqual(['r1', 'r2']);
  });

  it('cancel during an e-stop finishes cancelled (the latch holds the robots)', async () => {
    const t = rig(plan(subgoal('a', 'r1')), { exec: slow });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing');
    t.runner.estop();
    t.runner.cancel();
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('cancelled');
  });

  it('passes a language correction to the running attempt', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r2', ['a'])), { exec: slow });
    t.runner.start();
    // b has no running attempt yet: nothing to correct.
    expect(t.runner.correct('b', 'too early')).toBe(false);
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'executing');
    expect(t.runner.correct('a', 'use the left handle')).toBe(true);
    const goal = t.runner.snapshot().subgoals[0]?.attempts[0]?.goalId;
    expect(t.ex('r1').setTasks).toEqual([expect.objectContaining({ goalId: goal, instruction: 'use the left handle' })]);
    expect(t.of('correction')).toHaveLength(1);
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
  });
});
