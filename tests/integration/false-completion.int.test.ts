import { describe, expect, it } from 'vitest';
import type { Subgoal } from '../../src/domain/index.js';
import type { ExecutionEvent, ReflectionHook } from '../../src/execution/index.js';
import type { FaultConfig } from '../../src/executors/index.js';
import { SimHousehold } from '../../src/runtime/index.js';
import type { SkillCall } from '../../src/runtime/index.js';

/** Single-subgoal missions across scenes and skills; each run is one attempt (no retries). */
const CASES: readonly { scene: string; call: SkillCall }[] = [
  { scene: 'libero/KITCHEN_SCENE4_put_the_black_bowl_in_the_bottom_drawer_of_the_cabinet_and_close_it', call: { id: 's1', skill: 'put_in', args: { object: 'akita_black_bowl_1', container: 'white_cabinet_1_bottom_region' }, robot: 'arm' } },
  { scene: 'libero/LIVING_ROOM_SCENE5_put_the_white_mug_on_the_left_plate_and_put_the_yellow_and_white_mug_on_the_right_plate', call: { id: 's1', skill: 'put_on', args: { object: 'porcelain_mug_1', target: 'plate_1' }, robot: 'arm' } },
  { scene: 'libero/LIVING_ROOM_SCENE1_put_both_the_alphabet_soup_and_the_cream_cheese_box_in_the_basket', call: { id: 's1', skill: 'put_in', args: { object: 'cream_cheese_1', container: 'basket_1_contain_region' }, robot: 'arm' } },
  { scene: 'libero/KITCHEN_SCENE6_put_the_yellow_and_white_mug_in_the_microwave_and_close_it', call: { id: 's1', skill: 'close_microwave', args: { microwave: 'microwave_1' }, robot: 'arm' } },
  { scene: 'home', call: { id: 's1', skill: 'pick', args: { object: 'apple_1' }, robot: 'kitchen_arm' } },
];

const ONE_ATTEMPT: ReflectionHook = () => ({ kind: 'abort', reason: 'one attempt per run' });

interface AttemptRecord {
  goalId: string;
  verdict: string | null;
  /** Ground truth of the success predicates when the verifier decided (tests may read it; orca may not). */
  truthAtVerdict: boolean | null;
  injectedFalseDone: boolean;
  claimed: boolean;
}

async function runAttempts(faults: 'off' | 'default' | FaultConfig, runs: number): Promise<AttemptRecord[]> {
  const records: AttemptRecord[] = [];
  for (let i = 0; i < runs; i++) {
    const c = CASES[i % CASES.length];
    if (!c) throw new Error('no case');
    const home = new SimHousehold({ scene: c.scene, seed: 1000 + i, faults });
    const plan = home.plan([c.call]);
    const subgoal = plan.subgoals[0] as Subgoal;
    const attempts = new Map<string, AttemptRecord>();
    const onEvent = (e: ExecutionEvent): void => {
      if (e.type === 'dispatch_recorded') attempts.set(e.goalId, { goalId: e.goalId, verdict: null, truthAtVerdict: null, injectedFalseDone: false, claimed: false });
      if (e.type === 'executor_event' && e.kind === 'claimed_done' && e.goalId) {
        const a = attempts.get(e.goalId);
        if (a) a.claimed = true;
      }
      if (e.type === 'verdict' && e.kind !== 'progress' && e.goalId) {
        const a = attempts.get(e.goalId);
        if (a && a.verdict === null) {
          a.verdict = e.kind;
          a.truthAtVerdict = subgoal.success.all.every((p) => home.sim.world.truth.evaluate(p));
        }
      }
    };
    const runner = home.runner(plan, { reflect: ONE_ATTEMPT, onEvent });
    runner.start();
    await home.runUntilDone(runner, 120);
    runner.dispose();
    for (const f of home.injectedFaults()) {
      const a = attempts.get(f.goalId);
      if (a && f.falseCompletion) a.injectedFalseDone = true;
    }
    records.push(...attempts.values());
  }
  return records;
}

describe('the temporal verifier against injected false completions', () => {
  it('faults default, 200 seeded subgoal runs: every injected false completion is flagged, no success is unverified', async () => {
    const records = await runAttempts('default', 200);
    expect(records.length).toBeGreaterThanOrEqual(200);
    const injected = records.filter((r) => r.injectedFalseDone);
    // The default preset must actually inject some, or "all caught" would say nothing.
    expect(injected.length).toBeGreaterThanOrEqual(5);
    const caught = injected.filter((r) => r.verdict !== 'succeeded');
    expect(caught.length).toBe(injected.length);
    // No verdict of success while the ground truth says otherwise: nothing slipped through.
    const missed = records.filter((r) => r.verdict === 'succeeded' && r.truthAtVerdict === false);
    expect(missed).toEqual([]);
    // Most attempts still succeed under default faults: the verifier is not simply failing everything.
    expect(records.filter((r) => r.verdict === 'succeeded').length).toBeGreaterThan(records.length * 0.7);
  });

  it('with false claims made frequent, every one is still caught', async () => {
    const records = await runAttempts({ graspMiss: 0, drop: 0, wrongObject: 0, stall: 0, falseDone: 0.5, outOfTemplateMultiplier: 1 }, 60);
    const injected = records.filter((r) => r.injectedFalseDone);
    expect(injected.length).toBeGreaterThan(15);
    for (const r of injected) {
      expect(r.claimed).toBe(true);
      expect(r.verdict).not.toBe('succeeded');
    }
  });

  it('faults off: no false alarm in 100 runs', async () => {
    const records = await runAttempts('off', 100);
    const alarms = records.filter((r) => r.verdict !== 'succeeded');
    expect(alarms).toEqual([]);
    expect(records.every((r) => r.truthAtVerdict === true)).toBe(true);
  });
});
