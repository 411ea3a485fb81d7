import { describe, expect, it } from 'vitest';
import { HumanWaitMeter } from './human-waits.js';
import { advance, advanceUntil, plan, rig, subgoal } from './test-helpers.js';

function metered(t: ReturnType<typeof rig>): HumanWaitMeter {
  const meter = new HumanWaitMeter();
  t.runner.subscribe((e) => meter.observe(e));
  return meter;
}

describe('HumanWaitMeter', () => {
  it('counts the simulated seconds an approval stays open, and only those', async () => {
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r1', ['a'], { requiresApproval: true })));
    const meter = metered(t);
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('b') === 'awaiting_approval');
    const askedAt = t.ticker.simTime;
    expect(meter.waitingForPeople).toBe(true);
    expect(meter.needsTheClock).toBe(false);
    await advance(t.ticker, 40);
    expect(meter.waitedSeconds(t.ticker.simTime)).toBeCloseTo(t.ticker.simTime - askedAt, 6);
    t.runner.approve('b', 'bob');
    const answeredAt = t.ticker.simTime;
    await advanceUntil(t.ticker, () => t.runner.snapshot().outcome !== null);
    expect(meter.waitingForPeople).toBe(false);
    expect(meter.waitedSeconds(t.ticker.simTime)).toBeCloseTo(answeredAt - askedAt, 6);
  });

  it('says the clock is needed while a robot works beside an open request', async () => {
    const person = subgoal('p', 'x', [], { assignee: { kind: 'person', id: 'alice' }, instruction: 'bring the mug' });
    const t = rig(plan(person, subgoal('a', 'r1')), { exec: () => () => ({ claimAfter: 30 }) });
    const meter = metered(t);
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('p') === 'awaiting_human' && t.stateOf('a') === 'executing');
    expect(meter.waitingForPeople).toBe(true);
    expect(meter.needsTheClock).toBe(true);
  });

  it('forgets a request a replan retired', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { requiresApproval: true })));
    const meter = metered(t);
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'awaiting_approval');
    t.runner.replan({ id: 'p2', version: 2, subgoals: [subgoal('b', 'r1')] });
    await advance(t.ticker, 2);
    expect(meter.waitingForPeople).toBe(false);
  });
});
