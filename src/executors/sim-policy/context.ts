import type { ActionLimits, RobotAction } from '../../domain/action.js';
import type { FailureCode } from '../../domain/failures.js';
import type { Vec3 } from '../../domain/geometry.js';
import type { Observation } from '../../domain/observation.js';
import type { RobotKind, StaticMap } from '../../robots/world-port.js';
import type { FaultKind, FaultPlan } from './faults.js';
import { referents, type Referent } from './resolve.js';

/** A failure the policy notices itself and reports (a real policy's error channel). */
export class PolicyFailure extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'PolicyFailure';
  }
}

/** Thrown to end an attempt with a completion claim before the work is done (an injected fault). */
export class EarlyClaim extends Error {
  constructor() {
    super('early completion claim');
  }
}

/** A policy program: yields one action per control step and is resumed with the next observation. */
export type Prog<T = void> = Generator<RobotAction, T, Observation>;

/** How long a track survives missed detections before it counts as lost. */
const TRACK_MEMORY_S = 1.5;
const EMA = 0.35;

/**
 * Everything a running program knows: the latest observation, filtered track positions, the robot's
 * static map and limits, and the attempt's fault plan. No ground truth.
 */
export class PolicyContext {
  obs: Observation;
  gripperTarget: number;
  private phaseCount = 0;
  private readonly tracks = new Map<string, { pos: Vec3; seen: number; ref: Referent }>();
  /** Objects this attempt already put where they belong ("both moka pots": do not take the first again). */
  readonly handled = new Set<string>();

  constructor(
    first: Observation,
    readonly dt: number,
    readonly kind: RobotKind,
    readonly limits: ActionLimits,
    readonly reach: number,
    readonly map: StaticMap,
    readonly faults: FaultPlan,
    private readonly report: (kind: FaultKind, detail: string, falseCompletion: boolean) => void,
  ) {
    this.obs = first;
    this.gripperTarget = first.gripper.aperture > 0.5 ? 1 : 0;
    this.update(first);
  }

  private namesCache: Map<string, string> | null = null;
  /** The policy asks for what is in view several times per step; the referents of one observation are built once. */
  private namedFor: { obs: Observation; refs: readonly Referent[] } | null = null;

  /** Referents in view, with the names the static map gives fixtures (detections carry none). */
  private named(obs: Observation): Referent[] {
    if (this.namedFor?.obs !== obs) this.namedFor = { obs, refs: this.buildNamed(obs) };
    return [...this.namedFor.refs];
  }

  private buildNamed(obs: Observation): Referent[] {
    this.namesCache ??= new Map(this.map.fixtures.flatMap((f) => {
      const name = fixtureName(f);
      return name ? [[f.id, name] as const] : [];
    }));
    const names = this.namesCache;
    return referents(obs).map((r) => {
      const name = r.region ? undefined : names.get(r.id);
      return name ? { ...r, name } : r;
    });
  }

  update(obs: Observation): void {
    this.obs = obs;
    for (const r of this.named(obs)) {
      const prev = this.tracks.get(r.id);
      // Explicit region detections and entity detections share ids only by accident; the first wins.
      const pos = prev && obs.simTime - prev.seen < TRACK_MEMORY_S ? lerp(prev.pos, r.position, EMA) : r.position;
      this.tracks.set(r.id, { pos, seen: obs.simTime, ref: r });
    }
  }

  /** The referent with this id as last seen (within the track memory), with a smoothed position. */
  ref(id: string): Referent | null {
    const t = this.tracks.get(id);
    if (!t || this.obs.simTime - t.seen > TRACK_MEMORY_S) return null;
    return { ...t.ref, position: t.pos };
  }

  visible(): Referent[] {
    return this.named(this.obs);
  }

  private readonly spent = new Set<FaultKind>();

  /** True the first time a fault kind is asked for in this attempt: each planned fault strikes once. */
  once(kind: FaultKind): boolean {
    if (this.spent.has(kind)) return false;
    this.spent.add(kind);
    return true;
  }

  fault(kind: FaultKind, detail: string, falseCompletion = false): void {
    this.report(kind, detail, falseCompletion);
  }

  action(parts: { base?: { vx: number; vy: number; wz: number }; ee?: { vx: number; vy: number; vz: number }; press?: boolean } = {}): RobotAction {
    const a: RobotAction = { ee: parts.ee ?? { vx: 0, vy: 0, vz: 0 }, gripper: this.gripperTarget, press: parts.press ?? false };
    if (this.kind !== 'fixed_arm') a.base = parts.base ?? { vx: 0, vy: 0, wz: 0 };
    return a;
  }

  /** Marks the start of a phase; injected stalls and early claims happen at phase starts. */
  *phase(_name: string): Prog {
    const index = this.phaseCount++;
    if (this.faults.falseDoneAtPhase === index || (this.faults.falseDoneAtPhaseNamed === _name && this.once('false_done'))) {
      this.fault('false_done', `claimed done at the start of phase "${_name}"`, true);
      throw new EarlyClaim();
    }
    if (this.faults.stallAtPhase === index) {
      this.fault('stall', `stalled at phase "${_name}"`);
      for (;;) yield this.action();
    }
  }
}

/**
 * The map's name for a fixture. The robot-side map contract (src/robots/world-port.ts) does not declare
 * names yet, but the simulated world's map carries them; read them without trusting the shape.
 */
export function fixtureName(f: object): string | undefined {
  const n: unknown = (f as { name?: unknown }).name;
  return typeof n === 'string' && n.length > 0 ? n : undefined;
}

function lerp(a: Vec3, b: Vec3, t: number): Vec3 {
  return { x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, z: a.z + (b.z - a.z) * t };
}
