import { describe, expect, it } from 'vitest';
import type { ExecutionEvent } from '../../src/execution/index.js';
import { SimHousehold } from '../../src/runtime/index.js';
import type { SkillCall } from '../../src/runtime/index.js';

/** Two robots busy at once: the rover drives to the fridge while the kitchen arm picks up an apple. */
const PARALLEL: SkillCall[] = [
  { id: 'go', skill: 'navigate', args: { target: 'fridge_1' }, robot: 'rover' },
  { id: 'pick', skill: 'pick', args: { object: 'apple_1' }, robot: 'kitchen_arm' },
];

function poseOf(home: SimHousehold, id: string): string {
  const r = home.sim.world.robot(id);
  return JSON.stringify([r.pose, r.ee]);
}

describe('e-stop and cancel on the simulated clock', () => {
  it('e-stop halts every robot within one control step and stays latched until released and resumed', async () => {
    const home = new SimHousehold({ scene: 'home', seed: 3, faults: 'off', noise: 'off' });
    const events: ExecutionEvent[] = [];
    const runner = home.runner(home.plan(PARALLEL), { onEvent: (e) => events.push(e) });
    runner.start();
    home.sim.advance(20);
    const moving = ['rover', 'kitchen_arm'].map((id) => poseOf(home, id));
    home.sim.advance(1);
    expect(['rover', 'kitchen_arm'].map((id) => poseOf(home, id))).not.toEqual(moving);

    runner.estop('operator pressed e-stop');
    home.sim.advance(1); // the one control step within which everything must be halted
    const halted = ['rover', 'kitchen_arm'].map((id) => poseOf(home, id));
    home.sim.advance(40);
    expect(['rover', 'kitchen_arm'].map((id) => poseOf(home, id))).toEqual(halted);
    expect([...home.robots.values()].every((r) => r.estopped)).toBe(true);
    expect(runner.estopLatched).toBe(true);
    expect(() => runner.resume()).toThrow();
    // Actions sent to a latched robot are refused by its safety layer, not just ignored upstream.
    expect(home.robots.get('rover')?.apply({ base: { vx: 0.3, vy: 0, wz: 0 } }).status).toBe('rejected');
    expect(events.some((e) => e.type === 'estop')).toBe(true);

    runner.releaseEstop();
    home.sim.advance(40);
    // Released but not resumed: nothing moves on its own.
    expect(['rover', 'kitchen_arm'].map((id) => poseOf(home, id))).toEqual(halted);

    runner.resume();
    const outcome = await home.runUntilDone(runner, 120);
    expect(outcome.outcome).toBe('succeeded');
    expect(home.sim.world.truth.evaluate({ pred: 'holding', args: ['kitchen_arm', 'apple_1'] })).toBe(true);
    expect(home.sim.world.truth.evaluate({ pred: 'near', args: ['rover', 'fridge_1'] })).toBe(true);
    runner.dispose();
  });

  it('cancel is a confirmed stop: executors acknowledge, robots stand still, outcome cancelled', async () => {
    const home = new SimHousehold({ scene: 'home', seed: 4, faults: 'off', noise: 'off' });
    const events: ExecutionEvent[] = [];
    const runner = home.runner(home.plan(PARALLEL), { onEvent: (e) => events.push(e) });
    runner.start();
    home.sim.advance(20);
    runner.cancel('user said stop');
    const outcome = await home.runUntilDone(runner, 10);
    expect(outcome.outcome).toBe('cancelled');
    const confirmed = events.filter((e) => e.type === 'stop_confirmed');
    expect(confirmed.length).toBeGreaterThanOrEqual(2);
    expect(events.some((e) => e.type === 'stop_unconfirmed')).toBe(false);
    const still = ['rover', 'kitchen_arm'].map((id) => poseOf(home, id));
    home.sim.advance(40);
    expect(['rover', 'kitchen_arm'].map((id) => poseOf(home, id))).toEqual(still);
    runner.dispose();
  });
});
