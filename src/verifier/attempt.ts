import type { Observation, Predicate } from '../domain/index.js';
import type { FailureCode } from '../domain/index.js';
import type { Evaluation } from './evaluate.js';
import type { BeliefMemory } from './memory.js';

/** Gripper thresholds of the simulated household: closed below 0.3, open above 0.5. */
const CLOSED = 0.3;
const OPEN = 0.5;

/**
 * What the gripper did during one attempt, for carrying skills: which objects were really held
 * (reported and with finger contact), whether it ever closed on nothing, and which carried object
 * has left the gripper somewhere other than its target.
 */
export class AttemptTracker {
  /** Objects the criteria expect carried: holding(robot, X), and X of in/on/heldBy/inLight(X, …). */
  readonly carried: ReadonlySet<string>;
  private readonly holdOnly = new Set<string>();
  private readonly placementIdx = new Map<string, number[]>();
  readonly held = new Set<string>();
  emptyClose = false;
  private armed = false;
  private readonly mismatch = new Map<string, number>();

  constructor(
    criteria: readonly Predicate[],
    private readonly robotId: string,
    private readonly dropConfirm: number,
  ) {
    const carried = new Set<string>();
    criteria.forEach((p, i) => {
      if (p.neg) return;
      const [a, b] = p.args;
      if (p.pred === 'holding' && a === robotId && b) {
        carried.add(b);
        this.holdOnly.add(b);
      }
      if ((p.pred === 'in' || p.pred === 'on' || p.pred === 'heldBy') && a) {
        carried.add(a);
        this.placementIdx.set(a, [...(this.placementIdx.get(a) ?? []), i]);
      }
      if (p.pred === 'inLight' && a) carried.add(a);
    });
    for (const id of this.placementIdx.keys()) this.holdOnly.delete(id);
    this.carried = carried;
  }

  /** Feeds one observation (with the criteria's evaluations); returns an object seen dropped, if any. */
  update(obs: Observation, evals: readonly Evaluation[]): string | undefined {
    const g = obs.gripper;
    const nowHeld = g.holding && g.contact ? g.holding : null;
    if (nowHeld) this.held.add(nowHeld);
    if (g.aperture > OPEN) this.armed = true;
    if (g.aperture < CLOSED && this.armed) {
      this.armed = false;
      if (!g.holding && !g.contact) this.emptyClose = true;
    }
    if (obs.robotId !== this.robotId) return undefined;
    for (const x of this.carried) {
      if (!this.held.has(x) || nowHeld === x) {
        this.mismatch.delete(x);
        continue;
      }
      const idx = this.placementIdx.get(x);
      let count = this.mismatch.get(x) ?? 0;
      if (idx) {
        const truths = idx.map((i) => evals[i]?.truth);
        if (truths.some((t) => t === 'true')) count = 0;
        else if (truths.some((t) => t === 'false')) count += 1;
      } else if (this.holdOnly.has(x)) {
        count += 1;
      }
      this.mismatch.set(x, count);
      if (count >= this.dropConfirm) return x;
    }
    return undefined;
  }

  /**
   * Why a claimed completion did not hold: a different object was held, the carried object was held
   * and lost, the gripper closed on nothing, or none of these.
   */
  diagnose(obs: Observation | undefined, memory: BeliefMemory): { code: FailureCode; note: string } {
    if (this.carried.size === 0) return { code: 'false_completion', note: 'criteria not met after the claim' };
    const others = [...this.held].filter((id) => !this.carried.has(id));
    if (others.length > 0) {
      const [wrong = ''] = others;
      const wantedTypes = [...this.carried].map((c) => memory.typeOf(c)).filter((t) => t !== undefined);
      const same = wantedTypes.includes(memory.typeOf(wrong) ?? '');
      return { code: 'wrong_object', note: `held ${wrong}${same ? ' (same type as the intended object)' : ''} instead of ${[...this.carried].join(', ')}` };
    }
    const nowHeld = obs?.gripper.holding ?? null;
    const lost = [...this.carried].find((x) => this.held.has(x) && nowHeld !== x);
    if (lost) return { code: 'object_dropped', note: `${lost} was held earlier in the attempt and is no longer` };
    const closedEmpty = obs !== undefined && obs.gripper.aperture < CLOSED && !obs.gripper.contact && !obs.gripper.holding;
    const neverHeld = [...this.carried].every((x) => !this.held.has(x));
    if (neverHeld && (this.emptyClose || closedEmpty)) return { code: 'grasp_failed', note: 'the gripper closed without contact and never held the object' };
    return { code: 'false_completion', note: 'criteria not met after the claim' };
  }
}
