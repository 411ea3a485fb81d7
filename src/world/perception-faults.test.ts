import { describe, expect, it } from 'vitest';
import type { Observation } from '../domain/observation.js';
import { SimHousehold } from '../runtime/index.js';
import { loadBuiltinScene } from './scene-loader.js';
import { Simulation } from './simulation.js';

const home = loadBuiltinScene('home');
const ROBOT = 'kitchen_arm';
const SECONDS = 120;

interface Frame {
  t: number;
  obs: Observation;
  /** Where the world's truth says each detected object rests. */
  truth: Map<string, string | null>;
}

/** One observation per control step for `SECONDS` simulated seconds (`extraPerStep` more asked and thrown away). */
function frames(seed: string, noise: 'default' | 'realistic', extraPerStep = 0): { frames: Frame[]; sim: Simulation } {
  const sim = Simulation.fromScene(home, { seed, noise });
  const out: Frame[] = [];
  for (let i = 0; i < SECONDS * 20; i++) {
    sim.advance(1);
    for (let k = 0; k < extraPerStep; k++) sim.world.observe(ROBOT);
    const obs = sim.world.observe(ROBOT);
    const snap = new Map(sim.world.truth.snapshot().entities.map((e) => [e.id, e]));
    const truth = new Map(obs.detections.map((d) => [d.id, snap.get(d.id)?.placement?.target ?? null]));
    out.push({ t: sim.simTime, obs, truth });
  }
  return { frames: out, sim };
}

/** Runs of consecutive frames in which `bad(frame, id)` holds for the same id: [id, first t, last t]. */
function runs(fs: readonly Frame[], ids: (f: Frame) => string[]): [string, number, number][] {
  const open = new Map<string, [number, number]>();
  const out: [string, number, number][] = [];
  for (const f of fs) {
    const now = new Set(ids(f));
    for (const [id, span] of open) if (!now.has(id)) (out.push([id, ...span]), open.delete(id));
    for (const id of now) {
      const span = open.get(id);
      if (span) span[1] = f.t;
      else open.set(id, [f.t, f.t]);
    }
  }
  return out;
}

/** Objects seen resting on something other than where they rest (a single-frame misread or a hallucination). */
const misplaced = (f: Frame): string[] => f.obs.detections.filter((d) => d.placement && f.truth.get(d.id) !== null && d.placement.target !== f.truth.get(d.id)).map((d) => d.id);

describe('persistent perception faults (realistic noise)', () => {
  const base = frames('percept', 'realistic');

  it('a hallucinated placement stays for consecutive frames, about a second', () => {
    const long = runs(base.frames, misplaced).filter(([, a, b]) => b - a >= 0.5);
    expect(long.length).toBeGreaterThan(0);
    for (const [, a, b] of long) expect(b - a).toBeLessThanOrEqual(1.45);
    expect(base.sim.world.perceptionFaults().phantoms).toBeGreaterThan(0);
  });

  it('an occluded placed object stays hidden for consecutive frames, then is seen again', () => {
    const always = new Set(frames('percept', 'default').frames[0]!.obs.detections.map((d) => d.id));
    const placed = [...always].filter((id) => base.sim.world.truth.entity(id).placement !== null && base.sim.world.truth.entity(id).heldBy === null);
    const hidden = runs(base.frames, (f) => placed.filter((id) => !f.obs.detections.some((d) => d.id === id)));
    const long = hidden.filter(([, a, b]) => b - a >= 0.45);
    expect(long.length).toBeGreaterThan(0);
    expect(base.sim.world.perceptionFaults().occlusions).toBeGreaterThan(0);
  });

  it('is fixed by the seed, and asking for more observations within a step draws no extra faults', () => {
    const again = frames('percept', 'realistic', 2);
    expect(again.sim.world.perceptionFaults()).toEqual(base.sim.world.perceptionFaults());
    expect(runs(again.frames, misplaced).filter(([, a, b]) => b - a >= 0.5)).toEqual(runs(base.frames, misplaced).filter(([, a, b]) => b - a >= 0.5));
    expect(frames('other', 'realistic').sim.world.perceptionFaults()).not.toEqual(base.sim.world.perceptionFaults());
  });

  it('the default noise has none: misreads are drawn afresh every frame', () => {
    const d = frames('percept', 'default');
    expect(d.sim.world.perceptionFaults()).toEqual({ phantoms: 0, occlusions: 0 });
    expect(runs(d.frames, misplaced).filter(([, a, b]) => b - a >= 0.2)).toEqual([]);
  });

  it('the realistic fault preset switches realistic perception on, unless noise is named', () => {
    const run = (opts: ConstructorParameters<typeof SimHousehold>[0]): number => {
      const h = new SimHousehold(opts);
      for (let i = 0; i < 60 * 20; i++) (h.sim.advance(1), h.sim.world.observe(ROBOT));
      const c = h.sim.world.perceptionFaults();
      return c.phantoms + c.occlusions;
    };
    expect(run({ scene: 'home', seed: 3, faults: 'realistic' })).toBeGreaterThan(0);
    expect(run({ scene: 'home', seed: 3, faults: 'harsh' })).toBe(0);
    expect(run({ scene: 'home', seed: 3, faults: 'realistic', noise: 'default' })).toBe(0);
  });
});
