import { describe, expect, it } from 'vitest';
import type { ExecutionEvent } from '../../src/execution/index.js';
import { FETCH_AND_WASH, FETCH_AND_WASH_GOAL, SimHousehold } from '../../src/runtime/index.js';


describe('a two-robot household mission', () => {
  for (const [faults, seeds] of [['off', [1]], ['default', [1, 2, 3, 4, 5]]] as const) {
    for (const seed of seeds) {
      it(`runs parallel branches to the goal in the ground truth (faults ${faults}, seed ${seed})`, async () => {
        const home = new SimHousehold({ scene: 'home', seed, faults });
        const events: ExecutionEvent[] = [];
        const { outcome } = await home.run(FETCH_AND_WASH, { onEvent: (e) => events.push(e), maxSeconds: 400 });
        expect(outcome.outcome).toBe('succeeded');
        expect(FETCH_AND_WASH_GOAL.filter((p) => !home.sim.world.truth.evaluate(p))).toEqual([]);
        // The branches overlapped in time: the arm started before the rover finished.
        const started = (id: string) => events.findIndex((e) => e.type === 'dispatch_recorded' && e.subgoalId === id);
        const succeeded = (id: string) => events.findIndex((e) => e.type === 'verdict' && e.subgoalId === id && e.kind === 'succeeded');
        expect(started('pick_mug')).toBeLessThan(succeeded('give_apple'));
        // Every dispatch's goal id is unique.
        const goals = events.filter((e) => e.type === 'dispatch_recorded').map((e) => (e.type === 'dispatch_recorded' ? e.goalId : ''));
        expect(new Set(goals).size).toBe(goals.length);
      });
    }
  }
});
