import type { ActionLimits, RobotAction } from '../domain/action.js';
import type { Observation } from '../domain/observation.js';
import type { ApplyResult } from '../domain/robot.js';
import type { RobotBody } from '../robots/bodies/body.js';

/**
 * A body reached over a link, with its observations stamped on the fleet's control clock: the
 * verifier measures settle and stall windows between observations and the executor's claim, so
 * both must be read on one clock, whatever time the robot's messages carry.
 */
export class ClockedBody implements RobotBody {
  /** When each message was first read: a message read again keeps its time, so it never looks newer than it is. */
  private stamp: { seq: number; simTime: number } | null = null;

  constructor(
    readonly inner: RobotBody,
    private readonly simTime: () => number,
  ) {}

  get id(): string {
    return this.inner.id;
  }

  get kind(): string {
    return this.inner.kind;
  }

  get capabilities(): RobotBody['capabilities'] {
    return this.inner.capabilities;
  }

  get limits(): ActionLimits {
    return this.inner.limits;
  }

  get estopped(): boolean {
    return this.inner.estopped;
  }

  get observationAgeMs(): number {
    return this.inner.observationAgeMs;
  }

  observe(): Observation {
    const obs = this.inner.observe();
    if (this.stamp?.seq !== obs.seq) this.stamp = { seq: obs.seq, simTime: this.simTime() };
    return { ...obs, simTime: this.stamp.simTime };
  }

  apply(action: RobotAction): ApplyResult {
    return this.inner.apply(action);
  }

  halt(): void {
    this.inner.halt();
  }

  estop(): void {
    this.inner.estop();
  }

  releaseEstop(): void {
    this.inner.releaseEstop();
  }

  ready(timeoutMs: number): Promise<void> {
    return this.inner.ready(timeoutMs);
  }

  confirmedStop(): Promise<boolean> {
    return this.inner.confirmedStop();
  }

  health(): Promise<{ ok: boolean; detail: string }> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
