import type { Detection, EntityState, Observation, Vec3 } from '../domain/index.js';

/** Detections below this confidence are treated as not seen. */
export const MIN_CONFIDENCE = 0.5;

interface Seen {
  detection: Detection;
  seq: number;
  simTime: number;
}

interface RegionSeen {
  id: string;
  parent: string;
  position: Vec3;
  state: EntityState;
  simTime: number;
}

/** Whether an entity's or region's state reads as open; undefined when it does not say. */
export function openness(state: EntityState, partsOpenness?: number): boolean | undefined {
  if (state.open !== undefined) return state.open;
  if (partsOpenness !== undefined) return partsOpenness > 0.5;
  return undefined;
}

/**
 * What one robot has seen, newest first per id. Lets the verifier keep believing that an object
 * seen inside a container is still there once the container is closed and hides it: the belief
 * lapses as soon as the object is seen anywhere, or the container is seen open without it.
 */
export class BeliefMemory {
  private readonly seen = new Map<string, Seen>();
  private readonly regions = new Map<string, RegionSeen>();

  update(obs: Observation): void {
    // Records are updated in place: this runs on every control step for every detection.
    for (const d of obs.detections) {
      if (d.confidence < MIN_CONFIDENCE) continue;
      const known = this.seen.get(d.id);
      if (known) {
        known.detection = d;
        known.seq = obs.seq;
        known.simTime = obs.simTime;
      } else this.seen.set(d.id, { detection: d, seq: obs.seq, simTime: obs.simTime });
      for (const r of d.regions ?? []) {
        const region = this.regions.get(r.id);
        if (region) {
          region.parent = d.id;
          region.position = r.position;
          region.state = r.state;
          region.simTime = obs.simTime;
        } else this.regions.set(r.id, { id: r.id, parent: d.id, position: r.position, state: r.state, simTime: obs.simTime });
      }
    }
  }

  lastSeen(id: string): { detection: Detection; seq: number; simTime: number } | undefined {
    return this.seen.get(id);
  }

  typeOf(id: string): string | undefined {
    return this.seen.get(id)?.detection.type;
  }

  /** The entity a region belongs to, when the region was ever reported. */
  regionParent(id: string): string | undefined {
    return this.regions.get(id)?.parent;
  }

  /**
   * Is `id` (entity or region) closed, by the current observation first, then by memory? A region
   * without its own open state is as closed as its parent.
   */
  isClosed(id: string, obs: Observation): boolean | undefined {
    const d = obs.detections.find((x) => x.id === id && x.confidence >= MIN_CONFIDENCE);
    if (d) {
      const o = openness(d.state, d.parts?.openness);
      if (o !== undefined) return !o;
    }
    for (const p of obs.detections) {
      if (p.confidence < MIN_CONFIDENCE) continue;
      const r = p.regions?.find((x) => x.id === id);
      if (r) {
        const o = openness(r.state);
        return o !== undefined ? !o : this.isClosed(p.id, obs);
      }
    }
    if (!d) {
      const m = this.seen.get(id);
      if (m) {
        const o = openness(m.detection.state, m.detection.parts?.openness);
        if (o !== undefined) return !o;
      }
      const r = this.regions.get(id);
      if (r) {
        const o = openness(r.state);
        return o !== undefined ? !o : this.isClosed(r.parent, obs);
      }
    }
    return undefined;
  }

  /**
   * The remembered detection of an object not seen now, when it was last seen in/on a container that
   * is now closed; otherwise undefined (then the object is simply unknown).
   */
  recallHidden(id: string, obs: Observation): { detection: Detection; reason: string } | undefined {
    if (obs.detections.some((d) => d.id === id)) return undefined;
    if (obs.gripper.holding === id) return undefined;
    const m = this.seen.get(id);
    const target = m?.detection.placement?.target;
    if (!m || !target || m.detection.heldBy) return undefined;
    if (this.isClosed(target, obs) !== true) return undefined;
    return {
      detection: m.detection,
      reason: `${id} not in view; belief memory: last seen ${m.detection.placement?.relation} ${target} at t=${m.simTime.toFixed(2)}s, which is now closed`,
    };
  }
}
