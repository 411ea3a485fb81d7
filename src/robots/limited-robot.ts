import type { ActionLimits, RobotAction } from '../domain/action.js';
import type { Observation } from '../domain/observation.js';
import type { ApplyResult, Robot } from '../domain/robot.js';
import { clampSpeeds, isWellFormedAction, tighterLimits } from './safety-filter.js';
import type { SimRobot } from './sim-robot.js';
import type { StaticMap } from './world-port.js';

/**
 * A robot held to the limits its configuration gives (`limits` in `config/robots/*.yaml`): every
 * action's speeds are scaled down to the tighter of those and the robot's own limits, then the
 * robot's own safety filter sees it as always. The latch and everything else belong to the robot.
 */
export class LimitedRobot<R extends Robot = Robot> implements Robot {
  readonly limits: ActionLimits;

  constructor(
    readonly inner: R,
    configured: Partial<ActionLimits>,
  ) {
    this.limits = tighterLimits(inner.limits, configured);
  }

  get id(): string {
    return this.inner.id;
  }

  get kind(): R['kind'] {
    return this.inner.kind;
  }

  get capabilities(): Robot['capabilities'] {
    return this.inner.capabilities;
  }

  get estopped(): boolean {
    return this.inner.estopped;
  }

  observe(): Observation {
    return this.inner.observe();
  }

  apply(action: RobotAction): ApplyResult {
    // Malformed or latched: the robot's own filter says why, with nothing changed on the way.
    if (this.inner.estopped || !isWellFormedAction(action)) return this.inner.apply(action);
    const limited = clampSpeeds(action, this.limits);
    const result = this.inner.apply(limited.action);
    return result.status === 'applied' && limited.clamped ? { ...result, clamped: true } : result;
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
}

/** A simulated robot held to configured limits; the simulated policy plans its speeds from them. */
export class LimitedSimRobot extends LimitedRobot<SimRobot> {
  get reach(): number {
    return this.inner.reach;
  }

  staticMap(): StaticMap {
    return this.inner.staticMap();
  }
}
