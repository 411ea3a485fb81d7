import type { Predicate } from '../domain/index.js';
import type { SkillCall } from './sim-household.js';

/**
 * A hand-written two-robot mission on the `home` scene: the rover fetches the green apple from the
 * closed fridge for Alex while the kitchen arm washes the blue mug. Used by `npm start` and the
 * integration tests until the reasoner plans missions from language.
 */
export const FETCH_AND_WASH: readonly SkillCall[] = [
  { id: 'to_fridge', skill: 'navigate', args: { target: 'fridge_1' }, robot: 'rover' },
  { id: 'open_fridge', skill: 'open', args: { target: 'fridge_1' }, robot: 'rover', dependsOn: ['to_fridge'] },
  { id: 'pick_apple', skill: 'pick', args: { object: 'apple_2' }, robot: 'rover', dependsOn: ['open_fridge'] },
  { id: 'to_alex', skill: 'navigate', args: { target: 'alex' }, robot: 'rover', dependsOn: ['pick_apple'] },
  { id: 'give_apple', skill: 'hand_over', args: { object: 'apple_2', person: 'alex' }, robot: 'rover', dependsOn: ['to_alex'] },
  { id: 'pick_mug', skill: 'pick', args: { object: 'mug_blue' }, robot: 'kitchen_arm' },
  { id: 'wash_mug', skill: 'clean', args: { object: 'mug_blue', sink: 'sink_basin_1' }, robot: 'kitchen_arm', dependsOn: ['pick_mug'] },
];

/** What must hold in the ground truth when FETCH_AND_WASH is done. */
export const FETCH_AND_WASH_GOAL: readonly Predicate[] = [
  { pred: 'heldBy', args: ['apple_2', 'alex'] },
  { pred: 'isClean', args: ['mug_blue'] },
];
