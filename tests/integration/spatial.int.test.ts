import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { evaluatePredicate } from '../../bench/evaluate.js';
import { viewFromSnapshot } from '../../bench/world-view.js';
import { PredicateNameSchema } from '../../src/domain/index.js';
import type { WorldSnapshot } from '../../src/world/index.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** The world's own truth of a predicate after the mission (never orca's belief). */
function truth(o: Orchestrator, scene: string, pred: string, ...args: string[]): boolean {
  const view = viewFromSnapshot(o.groundTruth(scene)!.snapshot as WorldSnapshot);
  return evaluatePredicate(view, { pred: PredicateNameSchema.parse(pred), args });
}

describe('putting a thing beside another, run as a mission (saycan office kitchen)', () => {
  for (const [faults, seed] of [['off', 1], ['default', 2], ['default', 3]] as const) {
    it(`ends next to it on the table, never in or on it (faults ${faults}, seed ${seed})`, async () => {
      const o = await createOrchestrator({ db: ':memory:', faults, seed, defaultScene: 'saycan' });
      open.push(o);
      const m = await o.startMission({ instruction: 'put the apple next to the coke can', scene: 'saycan' });
      const done = await o.settled(m.id);
      expect(done.status, done.reason ?? '').toBe('succeeded');
      expect(truth(o, 'saycan', 'nextTo', 'apple_1', 'coke_can')).toBe(true);
      expect(truth(o, 'saycan', 'in', 'apple_1', 'coke_can')).toBe(false);
      expect(truth(o, 'saycan', 'on', 'apple_1', 'coke_can')).toBe(false);
      expect(done.subgoals.map((s) => s.skill)).toContain('place_next_to');
    });
  }
});
