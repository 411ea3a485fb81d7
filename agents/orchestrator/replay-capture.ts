import type { ExecutionEvent } from '../../src/execution/index.js';
import { ReplayEncoder } from '../../src/traces/index.js';
import type { ReplayEncoderOptions, ReplayRobot, TraceEventInput, WorldSample } from '../../src/traces/index.js';
import type { Fleet } from './fleet.js';

const round = (n: number, step: number): number => Math.round(n / step) * step;
/** Robots to the centimetre; believed object places to 5 cm (4 px on the map), so detection noise does not write a delta per sample. */
const cm = (n: number): number => Number(round(n, 0.01).toFixed(2));
const fiveCm = (n: number): number => Number(round(n, 0.05).toFixed(2));

/**
 * What the map showed at a sampled step, from what orca knew then: each robot's reported pose, what
 * it held and saw, its end effector and gripper from its latest step, and where the belief placed
 * every movable thing. Never ground truth.
 */
export function worldSample(fleet: Fleet, effectors: ReadonlyMap<string, Pick<ReplayRobot, 'ee' | 'aperture'>>): WorldSample {
  const robots: WorldSample['robots'] = {};
  for (const r of fleet.robots()) {
    const eff = effectors.get(r.id);
    robots[r.id] = {
      x: cm(r.pose.x),
      y: cm(r.pose.y),
      theta: cm(r.pose.theta),
      holding: r.holding,
      ...(eff?.ee ? { ee: eff.ee } : {}),
      ...(eff?.aperture !== undefined ? { aperture: eff.aperture } : {}),
      ...(r.sees ? { sees: r.sees.map((s) => s.id).sort() } : {}),
    };
  }
  const objects: WorldSample['objects'] = {};
  for (const e of fleet.believed().entities.values()) {
    if (e.fixture) continue;
    const where = e.heldBy ? `held by ${e.heldBy}` : e.placement ? `${e.placement.relation} ${e.placement.target}` : null;
    const color = e.attributes['color'];
    objects[e.id] = { x: fiveCm(e.position.x), y: fiveCm(e.position.y), where, ...(typeof color === 'string' ? { color } : {}) };
  }
  return { robots, objects };
}

/** Adds a replay frame to each sampled step of a mission and to each subgoal's end, one bounded encoder per mission. */
export class ReplayCapture {
  private readonly encoders = new Map<string, ReplayEncoder>();
  private readonly effectors = new Map<string, Pick<ReplayRobot, 'ee' | 'aperture'>>();

  constructor(private readonly opts: ReplayEncoderOptions = {}) {}

  decorate(fleet: Fleet, e: ExecutionEvent, input: TraceEventInput): TraceEventInput {
    const step = e.type === 'executor_event' && e.kind === 'step';
    // A subgoal's end gets a frame too: its last steps come before the verifier confirmed the result.
    const ended = e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed' || e.to === 'cancelled');
    if (!step && !ended) return input;
    if (e.type === 'executor_event' && e.robot) this.effectors.set(e.robotId, { ee: e.robot.ee, aperture: e.robot.aperture });
    let encoder = this.encoders.get(input.missionId);
    if (!encoder) {
      encoder = new ReplayEncoder(this.opts);
      this.encoders.set(input.missionId, encoder);
    }
    const frame = encoder.frame(worldSample(fleet, this.effectors));
    const data = typeof input.data === 'object' && input.data !== null ? input.data : {};
    return frame ? { ...input, data: { ...data, world: frame } } : input;
  }

  /** A mission that ended needs no encoder; a later run of it starts again with a keyframe. */
  forget(missionId: string): void {
    this.encoders.delete(missionId);
  }
}
