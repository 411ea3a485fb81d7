import { describe, expect, it } from 'vitest';
import { formatPredicate, parseBddlGoal } from '../../src/domain/index.js';
import { SimHousehold } from '../../src/runtime/index.js';
import type { SkillCall } from '../../src/runtime/index.js';
import { liberoTasks } from '../support/datasets.js';

/** Hand-written plans for the ten LIBERO-10 tasks (the reasoner of a later issue derives these itself). */
const PLANS: Readonly<Record<string, SkillCall[]>> = {
  KITCHEN_SCENE3_turn_on_the_stove_and_put_the_moka_pot_on_it: [
    { id: 's1', skill: 'turn_on_stove', args: { stove: 'flat_stove_1' }, robot: 'arm' },
    { id: 's2', skill: 'put_on', args: { object: 'moka_pot_1', target: 'flat_stove_1_cook_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it: [
    { id: 's1', skill: 'put_in', args: { object: 'akita_black_bowl_1', container: 'white_cabinet_1_bottom_region' }, robot: 'arm' },
    { id: 's2', skill: 'close_drawer', args: { drawer: 'white_cabinet_1_bottom_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  KITCHEN_SCENE6_put_the_yellow_and_white_mug_in_the_microwave_and_close_it: [
    { id: 's1', skill: 'put_in', args: { object: 'white_yellow_mug_1', container: 'microwave_1_heating_region' }, robot: 'arm' },
    { id: 's2', skill: 'close_microwave', args: { microwave: 'microwave_1' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  KITCHEN_SCENE8_put_both_moka_pots_on_the_stove: [
    { id: 's1', skill: 'put_on', args: { object: 'moka_pot_1', target: 'flat_stove_1_cook_region' }, robot: 'arm' },
    { id: 's2', skill: 'put_on', args: { object: 'moka_pot_2', target: 'flat_stove_1_cook_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  LIVING_ROOM_SCENE1_put_both_the_alphabet_soup_and_the_cream_cheese_box_in_the_basket: [
    { id: 's1', skill: 'put_in', args: { object: 'alphabet_soup_1', container: 'basket_1_contain_region' }, robot: 'arm' },
    { id: 's2', skill: 'put_in', args: { object: 'cream_cheese_1', container: 'basket_1_contain_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  LIVING_ROOM_SCENE2_put_both_the_alphabet_soup_and_the_tomato_sauce_in_the_basket: [
    { id: 's1', skill: 'put_in', args: { object: 'alphabet_soup_1', container: 'basket_1_contain_region' }, robot: 'arm' },
    { id: 's2', skill: 'put_in', args: { object: 'tomato_sauce_1', container: 'basket_1_contain_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  LIVING_ROOM_SCENE2_put_both_the_cream_cheese_box_and_the_butter_in_the_basket: [
    { id: 's1', skill: 'put_in', args: { object: 'cream_cheese_1', container: 'basket_1_contain_region' }, robot: 'arm' },
    { id: 's2', skill: 'put_in', args: { object: 'butter_1', container: 'basket_1_contain_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  LIVING_ROOM_SCENE5_put_the_white_mug_on_the_left_plate_and_put_the_yellow_and_white_mug_on_the_right_plate: [
    { id: 's1', skill: 'put_on', args: { object: 'porcelain_mug_1', target: 'plate_1' }, robot: 'arm' },
    { id: 's2', skill: 'put_on', args: { object: 'white_yellow_mug_1', target: 'plate_2' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  LIVING_ROOM_SCENE6_put_the_white_mug_on_the_plate_and_put_the_chocolate_pudding_to_the_right_of_the_plate: [
    { id: 's1', skill: 'put_on', args: { object: 'porcelain_mug_1', target: 'plate_1' }, robot: 'arm' },
    { id: 's2', skill: 'put_on', args: { object: 'chocolate_pudding_1', target: 'living_room_table_plate_right_region' }, robot: 'arm', dependsOn: ['s1'] },
  ],
  STUDY_SCENE1_pick_up_the_book_and_place_it_in_the_back_compartment_of_the_caddy: [
    { id: 's1', skill: 'put_in', args: { object: 'black_book_1', container: 'desk_caddy_1_back_contain_region' }, robot: 'arm' },
  ],
};

describe('LIBERO-10 with hand-written plans, faults off', () => {
  const tasks = liberoTasks();

  it('covers all ten tasks', () => {
    expect(tasks).toHaveLength(10);
    for (const t of tasks) expect(PLANS[t.task], t.task).toBeDefined();
  });

  for (const task of tasks) {
    it(`reaches the BDDL goal in the ground truth: ${task.instruction}`, async () => {
      const home = new SimHousehold({ scene: `libero/${task.task}`, seed: 1, faults: 'off' });
      const goal = parseBddlGoal(task.goal_bddl);
      expect(goal.length).toBeGreaterThan(0);
      const approvals: string[] = [];
      const { outcome } = await home.run(PLANS[task.task] ?? [], {
        maxSeconds: 240,
        approve: (req) => approvals.push(req.skill) > 0,
      });
      // Turning a stove on is gated: it must have been approved before it ran.
      const gated = (PLANS[task.task] ?? []).filter((c) => home.skills.get(c.skill).requiresApproval).map((c) => c.skill);
      expect(approvals).toEqual(gated);
      const unmet = goal.filter((p) => !home.sim.world.truth.evaluate(p)).map(formatPredicate);
      expect({ outcome: outcome.outcome, reason: outcome.reason, unmet }).toEqual({ outcome: 'succeeded', reason: null, unmet: [] });
    });
  }
});
