import { describe, expect, it } from 'vitest';
import type { ExecutionEvent } from '../../src/execution/index.js';
import { SimHousehold } from '../../src/runtime/index.js';
import type { SkillCall } from '../../src/runtime/index.js';

/** Two branches on two robots: the rover fetches the apple from the closed fridge for Alex while the
 * kitchen arm washes the blue mug. */
export const FETCH_AND_WASH: SkillCall[] = [
  { id: 'to_fridge', skill: 'navigate', args: { target: 'fridge_1' }, robot: 'rover' },
  { id: 'open_fridge', skill: 'open', args: { target: 'fridge_1' }, robot: 'rover', dependsOn: ['to_fridge'] },
  { id: 'pick_apple', skill: 'pick', args: { object: 'apple_2' }, robot: 'rover', dependsOn: ['open_fridge'] },
  { id: 'to_alex', skill: 'navigate', args: { target: 'alex' }, robot: 'rover', dependsOn: ['pick_apple'] },
  { id: 'give_apple', skill: 'hand_over', args: { object: 'apple_2', person: 'alex' }, robot: 'rover', dependsOn: ['to_alex'] },
  { id: 'pick_mug', skill: 'pick', args: { object: 'mug_blue' }, robot: 'kitchen_arm' },
  { id: 'wash_mug', skill: 'clean', args: { object: 'mug_blue', sink: 'sink_basin_1' }, robot: 'kitchen_arm', dependsOn: ['pick_mug'] },
];

describe('a two-robot household mission', () => {
  for (const [faults, seeds] of [['off', [1]], ['default', [1, 2, 3, 4, 5]]] as const) {
    for (const seed of seeds) {
      it(`runs parallel branches to the goal in the ground truth (faults ${faults}, seed ${seed})`, async () => {
        const home = new SimHousehold({ scene: 'home', seed, faults });
        const events: ExecutionEvent[] = [];
        const { outcome } = await home.run(FETCH_AND_WASH, { onEvent: (e) => events.push(e), maxSeconds: 400 });
        expect(outcome.outcome).toBe('succeeded');
        const truth = home.sim.world.truth;
        expect(truth.evaluate({ pred: 'heldBy', args: ['apple_2', 'alex'] })).toBe(true);
        expect(truth.evaluate({ pred: 'isClean', args: ['mug_blue'] })).toBe(true);
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
