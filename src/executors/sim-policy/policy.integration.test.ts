import { describe, expect, it } from 'vitest';
import { parsePredicate } from '../../domain/predicates.js';
import { loadBuiltinScene, Simulation } from '../../world/index.js';
import { rig } from '../testing/harness.js';

const holds = (sim: Simulation, p: string) => sim.world.truth.evaluate(parsePredicate(p));

function home(seed = 1) {
  return Simulation.fromScene(loadBuiltinScene('home'), { seed, noise: 'default', controlRate: 20 });
}

describe('simulated policy in the home scene (faults off)', () => {
  it('picks the red mug and places it on the dining table, navigating between rooms', () => {
    const sim = home();
    const r = rig(sim, 'rover');
    expect(holds(sim, 'on(mug_red, dining_table_1)')).toBe(false);
    expect(r.run('pick up the red mug').state).toBe('claimed_done');
    expect(holds(sim, 'holding(rover, mug_red)')).toBe(true);
    expect(r.run('put the red mug on the dining table').state).toBe('claimed_done');
    expect(holds(sim, 'on(mug_red, dining_table_1)')).toBe(true);
    expect(r.policy.injectedFaults()).toEqual([]);
  });

  it('opens the fridge, takes what was hidden inside, and closes it', () => {
    const sim = home();
    const r = rig(sim, 'rover');
    expect(r.run('open the fridge').state).toBe('claimed_done');
    expect(holds(sim, 'isOpen(fridge_1)')).toBe(true);
    expect(r.run('put the green apple on the counter').state).toBe('claimed_done');
    expect(holds(sim, 'on(apple_2, counter_1)')).toBe(true);
    expect(r.run('close the fridge').state).toBe('claimed_done');
    expect(holds(sim, 'isClosed(fridge_1)')).toBe(true);
  });

  it('toggles, cleans, heats and hands over', () => {
    const sim = home(2);
    const r = rig(sim, 'rover');
    expect(r.run('turn on the floor lamp').state).toBe('claimed_done');
    expect(holds(sim, 'isOn(floor_lamp_1)')).toBe(true);
    expect(r.run('give the book to alex').state).toBe('claimed_done');
    expect(holds(sim, 'heldBy(book_1, alex)')).toBe(true);
    expect(r.run('wash the blue mug in the sink').state).toBe('claimed_done');
    expect(holds(sim, 'isClean(mug_blue)') && holds(sim, 'isOff(faucet_1)')).toBe(true);
    expect(r.run('heat the red apple in the microwave').state).toBe('claimed_done');
    expect(holds(sim, 'isHot(apple_1)')).toBe(true);
  });

  it('fails with object_not_found for something nowhere in the house', () => {
    const sim = home();
    const r = rig(sim, 'kitchen_arm');
    expect(r.run('pick up the giraffe')).toMatchObject({ state: 'failed', event: { code: 'object_not_found' } });
  });
});

describe('simulated policy on LIBERO tabletop scenes (faults off)', () => {
  // The ten LIBERO-10 tasks (Lifelong-Robot-Learning/LIBERO, MIT): instruction and BDDL goal.
  const cases: [string, string, string[]][] = [
    ['KITCHEN_SCENE3_turn_on_the_stove_and_put_the_moka_pot_on_it', 'turn on the stove and put the moka pot on it', ['isOn(flat_stove_1)', 'on(moka_pot_1, flat_stove_1_cook_region)']],
    ['KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it', 'put the black bowl in the bottom drawer of the cabinet and close it', ['isClosed(white_cabinet_1_bottom_region)', 'in(akita_black_bowl_1, white_cabinet_1_bottom_region)']],
    ['KITCHEN_SCENE6_put_the_yellow_and_white_mug_in_the_microwave_and_close_it', 'put the yellow and white mug in the microwave and close it', ['in(white_yellow_mug_1, microwave_1_heating_region)', 'isClosed(microwave_1)']],
    ['KITCHEN_SCENE8_put_both_moka_pots_on_the_stove', 'put both moka pots on the stove', ['on(moka_pot_1, flat_stove_1_cook_region)', 'on(moka_pot_2, flat_stove_1_cook_region)', 'isOn(flat_stove_1)']],
    ['LIVING_ROOM_SCENE1_put_both_the_alphabet_soup_and_the_cream_cheese_box_in_the_basket', 'put both the alphabet soup and the cream cheese box in the basket', ['in(alphabet_soup_1, basket_1_contain_region)', 'in(cream_cheese_1, basket_1_contain_region)']],
    ['LIVING_ROOM_SCENE2_put_both_the_alphabet_soup_and_the_tomato_sauce_in_the_basket', 'put both the alphabet soup and the tomato sauce in the basket', ['in(alphabet_soup_1, basket_1_contain_region)', 'in(tomato_sauce_1, basket_1_contain_region)']],
    ['LIVING_ROOM_SCENE2_put_both_the_cream_cheese_box_and_the_butter_in_the_basket', 'put both the cream cheese box and the butter in the basket', ['in(cream_cheese_1, basket_1_contain_region)', 'in(butter_1, basket_1_contain_region)']],
    ['LIVING_ROOM_SCENE5_put_the_white_mug_on_the_left_plate_and_put_the_yellow_and_white_mug_on_the_right_plate', 'put the white mug on the left plate and put the yellow and white mug on the right plate', ['on(porcelain_mug_1, plate_1)', 'on(white_yellow_mug_1, plate_2)']],
    ['LIVING_ROOM_SCENE6_put_the_white_mug_on_the_plate_and_put_the_chocolate_pudding_to_the_right_of_the_plate', 'put the white mug on the plate and put the chocolate pudding to the right of the plate', ['on(porcelain_mug_1, plate_1)', 'on(chocolate_pudding_1, living_room_table_plate_right_region)']],
    ['STUDY_SCENE1_pick_up_the_book_and_place_it_in_the_back_compartment_of_the_caddy', 'pick up the book and place it in the back compartment of the caddy', ['in(black_book_1, desk_caddy_1_back_contain_region)']],
  ];
  for (const [task, instruction, goal] of cases) {
    it(instruction, () => {
      const sim = Simulation.fromScene(loadBuiltinScene(`libero/${task}`), { seed: 4, noise: 'default', controlRate: 20 });
      const r = rig(sim, 'arm');
      expect(goal.every((g) => holds(sim, g))).toBe(false);
      expect(r.run(instruction, 60).state).toBe('claimed_done');
      for (const g of goal) expect(holds(sim, g), g).toBe(true);
    });
  }
});

describe('fault injection on the real world', () => {
  const TASK = 'libero/KITCHEN_SCENE3_turn_on_the_stove_and_put_the_moka_pot_on_it';
  const attempt = (seed: number, goalId: string, preset: 'default' | 'harsh') => {
    const sim = Simulation.fromScene(loadBuiltinScene(TASK), { seed: 9, noise: 'default', controlRate: 20 });
    const r = rig(sim, 'arm', { faults: preset, seed });
    const out = r.run('put the moka pot on the stove', 20, goalId);
    return { out, faults: r.policy.injectedFaults(goalId), ok: holds(sim, 'on(moka_pot_1, flat_stove_1_cook_region)'), steps: r.events.length };
  };

  it('replays an attempt exactly from the seed and goal id', () => {
    for (let i = 0; i < 8; i++) {
      const a = attempt(5, `goal_${i}`, 'harsh');
      const b = attempt(5, `goal_${i}`, 'harsh');
      expect(b.faults).toEqual(a.faults);
      expect(b.out).toEqual(a.out);
      expect(b.steps).toBe(a.steps);
    }
  });

  it('tags every injected false completion, and those claims are indeed false', () => {
    let tagged = 0;
    for (let i = 0; i < 40; i++) {
      const a = attempt(1, `g${i}`, 'harsh');
      const falseDone = a.faults.filter((f) => f.falseCompletion);
      if (falseDone.length > 0) {
        tagged += 1;
        expect(a.out.state).toBe('claimed_done');
        expect(a.ok).toBe(false);
      }
      if (a.faults.length === 0) expect(a.ok).toBe(a.out.state === 'claimed_done');
    }
    expect(tagged).toBeGreaterThan(0);
  });
});
