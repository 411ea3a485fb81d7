import type { Detection, Observation } from '../domain/observation.js';
import { Random } from '../domain/random.js';
import { isClosedReceptacle, roomAt } from './geom.js';
import type { RobotRec, WorldState } from './state.js';
import type { ViewIndex } from './view-cache.js';
import { visibleEntityIds } from './observation.js';
import type { PerceptionFaultModel } from './observation.js';

interface Phantom {
  id: string;
  relation: 'in' | 'on';
  target: string;
  until: number;
  confidence: number;
}

interface RobotPerception {
  rng: Random;
  lastTime: number | null;
  phantom: Phantom | null;
  /** Object id → simulated time its occlusion ends. */
  occludedUntil: Map<string, number>;
}

/** Counts of perception faults that began, for benchmarks and tests (never read by orca). */
export interface PerceptionFaultCounts {
  phantoms: number;
  occlusions: number;
}

const onsetChance = (rate: number, dt: number): number => 1 - Math.exp(-rate * dt);

export class PerceptionFaults {
  private readonly robots = new Map<string, RobotPerception>();
  private readonly counts: PerceptionFaultCounts = { phantoms: 0, occlusions: 0 };

  constructor(
    private readonly model: PerceptionFaultModel,
    private readonly seed: number | string,
  ) {}

  /** The faults that began so far. */
  tally(): PerceptionFaultCounts {
    return { ...this.counts };
  }

  /** `obs` with this robot's current occlusions and hallucination applied (a new detection list). */
  apply(s: WorldState, r: RobotRec, obs: Observation, index: ViewIndex, confidence: readonly [number, number]): Observation {
    const p = this.robotState(r.id);
    const now = s.simTime;
    const dt = p.lastTime === null ? 0 : Math.max(0, now - p.lastTime);
    p.lastTime = now;
    const visible = visibleEntityIds(s, r, index);
    const hidden = this.occlusions(s, p, visible, now, dt);
    const detections = obs.detections.filter((d) => !hidden.has(d.id));
    const phantom = this.currentPhantom(s, r, index, p, visible, now, dt, confidence);
    if (!phantom) return { ...obs, detections };
    const e = s.entities.get(phantom.id)!;
    const at = index.byId.get(phantom.target)?.position;
    if (!at) return { ...obs, detections };
    const ghost: Detection = {
      id: e.id,
      type: e.type,
      confidence: phantom.confidence,
      position: { x: at.x, y: at.y, z: at.z + e.size.h / 2 },
      attributes: { ...e.attributes },
      state: { ...e.state },
      placement: { relation: phantom.relation, target: phantom.target },
    };
    if (e.name !== undefined) ghost.label = e.name;
    return { ...obs, detections: [...detections.filter((d) => d.id !== phantom.id), ghost] };
  }

  private robotState(id: string): RobotPerception {
    let p = this.robots.get(id);
    if (!p) {
      p = { rng: new Random(this.seed).fork(`perceive/${id}`), lastTime: null, phantom: null, occludedUntil: new Map() };
      this.robots.set(id, p);
    }
    return p;
  }

  /** Starts and ends occlusions of the placed objects in view (drawn over what is in view, not what the frame noise let through). */
  private occlusions(s: WorldState, p: RobotPerception, visible: readonly string[], now: number, dt: number): Set<string> {
    const [lo, hi] = this.model.occlusionSeconds;
    const hidden = new Set<string>();
    for (const id of visible) {
      const e = s.entities.get(id);
      if (e === undefined || !e.info.pickupable || e.placement === null || e.heldBy !== null) continue;
      const until = p.occludedUntil.get(id);
      if (until !== undefined && until > now) {
        hidden.add(id);
        continue;
      }
      if (until !== undefined) p.occludedUntil.delete(id);
      if (dt > 0 && p.rng.chance(onsetChance(this.model.occlusionRate, dt))) {
        p.occludedUntil.set(id, now + p.rng.range(lo, hi));
        this.counts.occlusions++;
        hidden.add(id);
      }
    }
    return hidden;
  }

  private currentPhantom(s: WorldState, r: RobotRec, index: ViewIndex, p: RobotPerception, visible: readonly string[], now: number, dt: number, confidence: readonly [number, number]): Phantom | null {
    if (p.phantom && p.phantom.until <= now) p.phantom = null;
    if (!p.phantom && dt > 0 && p.rng.chance(onsetChance(this.model.phantomRate, dt))) p.phantom = this.drawPhantom(s, r, index, p.rng, visible, now, confidence);
    const ph = p.phantom;
    // The object may have been picked up since: one held is seen in the hand, not elsewhere.
    return ph && s.entities.get(ph.id)?.heldBy === null ? ph : null;
  }

  private drawPhantom(s: WorldState, r: RobotRec, index: ViewIndex, rng: Random, visible: readonly string[], now: number, confidence: readonly [number, number]): Phantom | null {
    const room = roomAt(s, r.pose);
    const inRoom = (index.byRoom.get(room) ?? []).map((v) => s.entities.get(v.id)!).filter((e) => e.info.pickupable && e.heldBy === null);
    const receptacles = visible.filter((id) => {
      const e = s.entities.get(id);
      return e !== undefined && e.info.receptacle !== null && !e.info.pickupable && !(e.info.receptacle === 'container' && isClosedReceptacle(s, e.id));
    });
    // Draw every variate whatever the candidates, so the stream does not depend on the scene's state.
    const objU = rng.next();
    const recU = rng.next();
    const duration = rng.range(this.model.phantomSeconds[0], this.model.phantomSeconds[1]);
    const conf = rng.range(confidence[0], confidence[1]);
    const obj = inRoom[Math.floor(objU * inRoom.length)];
    if (!obj) return null;
    const targets = receptacles.filter((id) => id !== obj.placement?.target);
    const target = targets[Math.floor(recU * targets.length)];
    if (!target) return null;
    const kind = s.entities.get(target)?.info.receptacle;
    this.counts.phantoms++;
    return { id: obj.id, relation: kind === 'container' ? 'in' : 'on', target, until: now + duration, confidence: conf };
  }
}
