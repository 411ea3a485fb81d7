import type { EntityState, Placement } from '../domain/entities.js';
import type { Vec3 } from '../domain/geometry.js';
import { planarDistance } from '../domain/geometry.js';
import type { Detection, Observation } from '../domain/observation.js';
import type { Random } from '../domain/random.js';
import { buttonPosition, hasHandle, eePosition, entityPosition, handlePosition, isEnclosed, openableOf, regionPosition, roomAt } from './geom.js';
import type { RobotRec, WorldState } from './state.js';
import { VIEW_RANGE } from './state.js';
import { ViewCache } from './view-cache.js';
import type { ViewIndex } from './view-cache.js';

export const NOISE_PRESET_NAMES = ['off', 'default', 'realistic'] as const;
export type NoisePreset = (typeof NOISE_PRESET_NAMES)[number];

/**
 * Perception faults that last over consecutive frames, as a real detector's do: a misdetection
 * persists while the scene that caused it persists, so one frame's error is not undone by the next.
 *
 * - Hallucinations (`phantom*`): a movable object of the robot's room is seen resting on or in a
 *   receptacle in view where it is not, for `phantomSeconds` (about a second). Its real detection, if
 *   any, is replaced: the detector reports one place for one track.
 * - Occlusions (`occlusion*`): a placed object in view is hidden for `occlusionSeconds` (an arm, a
 *   person or another object in the line of sight).
 *
 * Rates are onsets per simulated second, so how often orca asks for an observation within one control
 * step changes nothing: the draws happen once per robot per simulated instant, in the world's entity
 * order, from the robot's own stream, and the same seed gives the same faults.
 */
export interface PerceptionFaultModel {
  /** Onsets per simulated second, per robot. */
  phantomRate: number;
  phantomSeconds: readonly [number, number];
  /** Onsets per simulated second, per placed object in view. */
  occlusionRate: number;
  occlusionSeconds: readonly [number, number];
}

export interface NoiseModel {
  positionSd: number;
  missRate: number;
  stateMisread: number;
  placementMisread: number;
  confidence: [number, number];
  proprioSd: number;
  /** Faults that persist over frames (hallucinated placements, occlusions); none when absent. */
  persistent?: PerceptionFaultModel;
}

const DEFAULT_NOISE: NoiseModel = { positionSd: 0.01, missRate: 0.02, stateMisread: 0.01, placementMisread: 0.01, confidence: [0.75, 0.99], proprioSd: 0.002 };

export const NOISE_PRESETS: Readonly<Record<NoisePreset, NoiseModel>> = {
  off: { positionSd: 0, missRate: 0, stateMisread: 0, placementMisread: 0, confidence: [1, 1], proprioSd: 0 },
  default: DEFAULT_NOISE,
  /**
   * The default frame noise plus faults that last: about one hallucinated placement a minute per
   * robot, lasting about a second, and each placed object in view hidden a few times a minute for
   * half a second to three seconds.
   */
  realistic: { ...DEFAULT_NOISE, persistent: { phantomRate: 1 / 60, phantomSeconds: [0.6, 1.4], occlusionRate: 1 / 30, occlusionSeconds: [0.5, 3] } },
};

/** Ids a robot can see now: same room, in range, not inside a closed opaque container, plus what it holds. */
export function visibleEntityIds(s: WorldState, r: RobotRec, index: ViewIndex = new ViewCache(s).get()): string[] {
  const room = roomAt(s, r.pose);
  const range = VIEW_RANGE[r.kind];
  // Only entities in the robot's room (and what it holds) can be seen, so only those are tested;
  // the merge keeps the world's entity order, which the noise stream's draws depend on.
  const sameRoom = index.byRoom.get(room) ?? [];
  const held = index.held.filter((v) => v.heldBy === r.id);
  const candidates = held.length === 0 ? sameRoom : [...new Set([...sameRoom, ...held])].sort((a, b) => a.index - b.index);
  const out: string[] = [];
  for (const v of candidates) {
    if (v.heldBy === r.id) {
      out.push(v.id);
      continue;
    }
    if (v.room !== room || planarDistance(v.position, r.pose) > range) continue;
    if (v.enclosed) continue;
    out.push(v.id);
  }
  return out;
}

function jitter(rng: Random, p: Vec3, sd: number): Vec3 {
  if (sd === 0) return { ...p };
  return { x: p.x + rng.normal(0, sd), y: p.y + rng.normal(0, sd), z: p.z + rng.normal(0, sd) };
}

function misreadState(rng: Random, state: EntityState, p: number): EntityState {
  const out: EntityState = { ...state };
  if (p === 0) return out;
  for (const key of ['open', 'on', 'clean', 'sliced', 'filled'] as const) {
    const v = out[key];
    if (v !== undefined && rng.chance(p)) out[key] = !v;
  }
  if (out.temperature !== undefined && rng.chance(p)) {
    out.temperature = rng.pick((['cold', 'room', 'hot'] as const).filter((t) => t !== out.temperature));
  }
  return out;
}

/** One noisy observation for a robot. `rng` is the robot's own observation stream. */
export function buildObservation(s: WorldState, r: RobotRec, seq: number, rng: Random, noise: NoiseModel, index: ViewIndex = new ViewCache(s).get()): Observation {
  const visible = visibleEntityIds(s, r, index);
  const receptacleIds = visible.filter((id) => s.entities.get(id)?.info.receptacle);
  const detections: Detection[] = [];
  for (const id of visible) {
    const e = s.entities.get(id)!;
    if (e.heldBy !== r.id && rng.chance(noise.missRate)) continue;
    const d: Detection = {
      id,
      type: e.type,
      confidence: noise.confidence[0] === noise.confidence[1] ? noise.confidence[0] : rng.range(noise.confidence[0], noise.confidence[1]),
      position: jitter(rng, index.byId.get(id)?.position ?? entityPosition(s, id), noise.positionSd),
      attributes: { ...e.attributes },
      state: misreadState(rng, e.state, noise.stateMisread),
    };
    if (e.name !== undefined) d.label = e.name;
    if (e.placement) {
      let placement: Placement = { ...e.placement };
      if (rng.chance(noise.placementMisread)) {
        const others = receptacleIds.filter((x) => x !== e.placement?.target && x !== id);
        if (others.length > 0) placement = { relation: placement.relation, target: rng.pick(others) };
      }
      d.placement = placement;
    }
    if (e.heldBy !== null) d.heldBy = e.heldBy;
    const parts: NonNullable<Detection['parts']> = {};
    const o = hasHandle(e) ? openableOf(s, id) : undefined;
    if (o) {
      parts.handle = jitter(rng, handlePosition(o), noise.positionSd);
      parts.openness = o.openness;
    }
    if (e.info.toggleable) parts.button = jitter(rng, buttonPosition(s, e), noise.positionSd);
    if (Object.keys(parts).length > 0) d.parts = parts;
    if (e.regions.length > 0) {
      d.regions = e.regions.map((reg) => ({
        id: reg.id,
        position: jitter(rng, regionPosition(s, reg), noise.positionSd),
        state: misreadState(rng, reg.state, noise.stateMisread),
      }));
    }
    detections.push(d);
  }
  const room = roomAt(s, r.pose);
  for (const p of s.people.values()) {
    if (p.room !== room && roomAt(s, p.position) !== room) continue;
    if (rng.chance(noise.missRate)) continue;
    detections.push({
      id: p.id,
      type: 'Person',
      confidence: noise.confidence[0] === noise.confidence[1] ? noise.confidence[0] : rng.range(noise.confidence[0], noise.confidence[1]),
      position: jitter(rng, { x: p.position.x, y: p.position.y, z: 1.0 }, noise.positionSd),
      attributes: {},
      state: {},
    });
  }
  const ee = eePosition(r);
  const sd = noise.proprioSd;
  return {
    robotId: r.id,
    seq,
    simTime: s.simTime,
    pose: sd === 0 ? { ...r.pose } : { x: r.pose.x + rng.normal(0, sd), y: r.pose.y + rng.normal(0, sd), theta: r.pose.theta + rng.normal(0, sd) },
    ee: jitter(rng, ee, sd),
    gripper: {
      aperture: Math.min(1, Math.max(0, r.aperture + (sd === 0 ? 0 : rng.normal(0, sd)))),
      contact: r.holding !== null,
      holding: r.holding?.kind === 'object' ? r.holding.id : null,
    },
    room,
    detections,
  };
}
