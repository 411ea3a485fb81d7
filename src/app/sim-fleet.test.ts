import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ProposedCall } from '../reasoning/provider.js';
import { loadBuiltinScene } from '../world/index.js';
import { SimFleet } from './sim-fleet.js';

const rover = { kind: 'robot', id: 'rover' } as const;
const call = (id: string, skill: string, args: Record<string, string>, dependsOn: string[] = []): ProposedCall => ({ id, skill, args, assignee: rover, dependsOn });

/** Lets the fleet's loop and the machines take turns; counts turns of the event loop, not wall time. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

function homeFleet(maxMissionSeconds: number): SimFleet {
  return new SimFleet({ scene: loadBuiltinScene('home'), source: 'builtin', seed: 1, faults: 'off', noise: 'off', clock: 'fast', speed: 1, maxMissionSeconds });
}

function start(fleet: SimFleet, calls: ProposedCall[]) {
  let asked: () => void = () => undefined;
  const request = new Promise<void>((r) => (asked = r));
  const runner = fleet.createRunner({
    missionId: 'm-test',
    plan: fleet.ground(calls, 'p-test', 1),
    reflect: (ctx) => ({ kind: 'abort', reason: `${ctx.subgoal.id}: ${ctx.failure.message}` }),
    humans: { request: () => asked() },
    trustExecutorDone: false,
    goalSeqStart: 0,
  });
  runner.start();
  fleet.drive(runner);
  return { runner, request };
}

const open: SimFleet[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const f of open.splice(0)) f.close();
});

describe('SimFleet: a mission budget counts the robots’ time, not the people’s', () => {
  it('stands the fast clock still while a mission only waits for a person', async () => {
    const fleet = homeFleet(1800);
    open.push(fleet);
    const { runner, request } = start(fleet, [call('stove', 'turn_on_stove', { stove: 'stove_burner_1' })]);
    await request;
    const askedAt = fleet.simTime;
    await turns(200);
    expect(fleet.simTime).toBe(askedAt);
    expect(runner.snapshot().subgoals[0]?.state).toBe('awaiting_approval');
  });

  it('does not cancel a mission whose person takes longer than the budget to answer', async () => {
    // The wall clock as the old deadline check saw it: polled while the person thinks.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const fleet = homeFleet(30);
    open.push(fleet);
    const { runner, request } = start(fleet, [call('go', 'navigate', { target: 'stove_burner_1' }), call('stove', 'turn_on_stove', { stove: 'stove_burner_1' }, ['go'])]);
    await request;
    // Simulated time passes while the person reads the question (paced time, or other work on the scene).
    fleet.household.sim.runFor(120);
    vi.advanceTimersByTime(5_000);
    await turns(50);
    expect(runner.snapshot().outcome).toBeNull();
    expect(runner.snapshot().subgoals[1]?.state).toBe('awaiting_approval');
    runner.approve('stove', 'alex');
    const outcome = await runner.done;
    expect(outcome.reason ?? '').not.toMatch(/no outcome within/);
    expect(outcome.outcome).not.toBe('cancelled');
  });

  it('still cancels a mission whose robots work past the budget', async () => {
    const fleet = homeFleet(2);
    open.push(fleet);
    const { runner } = start(fleet, [call('go', 'navigate', { target: 'fridge_1' })]);
    const outcome = await runner.done;
    expect(outcome.outcome).toBe('cancelled');
    expect(outcome.reason).toMatch(/no outcome within 2 simulated seconds of work/);
  });
});
