import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function orca(opts: Parameters<typeof createOrchestrator>[0] = {}): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 5, ...opts });
  open.push(o);
  return o;
}

/** Ground truth of the simulated home, for checking what orca reports; orca never reads it. */
const truthOf = (o: Orchestrator, id: string) => o.worldObjects()!.find((x) => x.id === id)!;

describe('produce can be washed, as in AI2-THOR and ALFRED', () => {
  it('rinses a potato and puts it in the fridge, and the world agrees', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'rinse the potato and then put it in the fridge' });
    const v = await o.settled(m.id);
    expect(v.status, v.reason ?? '').toBe('succeeded');
    expect(v.subgoals.map((s) => s.skill)).toContain('clean');
    expect(truthOf(o, 'potato_1').state.clean).toBe(true);
    expect(truthOf(o, 'potato_1').location).toEqual({ relation: 'in', target: 'fridge_1' });
  });
});
