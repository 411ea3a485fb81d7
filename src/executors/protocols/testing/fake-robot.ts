import type { ActionLimits, RobotAction } from '../../../domain/action.js';
import type { Capability } from '../../../domain/entities.js';
import type { Observation } from '../../../domain/observation.js';
import type { ApplyResult, Robot } from '../../../domain/robot.js';

/**
 * A small in-memory robot for executor tests: a safety filter that rejects non-finite numbers and
 * clamps ee speed, an e-stop latch, and a log of applied actions. `rejectWith` makes the next
 * actions fail the way a workspace check would.
 */
export class FakeRobot implements Robot {
  readonly kind = 'fake_arm';
  readonly capabilities: readonly Capability[] = ['manipulate'];
  readonly limits: ActionLimits = { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 };
  readonly applied: RobotAction[] = [];
  halts = 0;
  rejectWith: 'outside_workspace' | null = null;
  private seq = 0;
  private _estopped = false;
  private ee = { x: 0.4, y: 0, z: 0.3 };
  private aperture = 1;

  constructor(
    readonly id = 'arm1',
    private readonly images: NonNullable<Observation['images']> = { front: { width: 4, height: 2, encoding: 'rgb8', data: new Uint8Array(24).fill(7) } },
    private readonly joints?: Observation['joints'],
  ) {}

  get estopped(): boolean {
    return this._estopped;
  }

  observe(): Observation {
    return {
      robotId: this.id,
      seq: this.seq++,
      simTime: 0,
      pose: { x: 0, y: 0, theta: 0 },
      ee: { ...this.ee },
      gripper: { aperture: this.aperture, contact: false, holding: null },
      room: null,
      detections: [],
      images: this.images,
      ...(this.joints ? { joints: this.joints } : {}),
    };
  }

  apply(action: RobotAction): ApplyResult {
    if (this._estopped) return { status: 'rejected', reason: 'estopped', message: 'e-stop latched' };
    const nums = [action.ee?.vx, action.ee?.vy, action.ee?.vz, action.gripper].filter((v): v is number => v !== undefined);
    if (nums.some((v) => !Number.isFinite(v))) return { status: 'rejected', reason: 'not_finite', message: 'non-finite command' };
    if (this.rejectWith) return { status: 'rejected', reason: this.rejectWith, message: 'ee would leave the workspace' };
    let clamped = false;
    let out = action;
    if (action.ee) {
      const speed = Math.hypot(action.ee.vx, action.ee.vy, action.ee.vz);
      if (speed > this.limits.maxEeSpeed) {
        const k = this.limits.maxEeSpeed / speed;
        out = { ...action, ee: { vx: action.ee.vx * k, vy: action.ee.vy * k, vz: action.ee.vz * k } };
        clamped = true;
      }
    }
    if (out.gripper !== undefined) this.aperture = out.gripper;
    this.applied.push(out);
    return { status: 'applied', clamped, action: out };
  }

  halt(): void {
    this.halts++;
  }

  estop(): void {
    this._estopped = true;
  }

  releaseEstop(): void {
    this._estopped = false;
  }
}
