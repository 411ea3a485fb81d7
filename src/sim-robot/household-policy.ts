import type { RobotAction } from '../domain/action.js';
import type { FailureCode } from '../domain/failures.js';
import type { Observation } from '../domain/observation.js';
import { householdRow } from '../executors/openpi/household.js';
import { PolicyError } from '../executors/protocols/errors.js';
import { SimVlaPolicy } from '../executors/sim-policy/policy.js';
import type { FaultConfig, FaultPreset } from '../executors/sim-policy/faults.js';
import { SimRobot } from '../robots/sim-robot.js';
import type { World } from '../world/index.js';

export interface HouseholdAnswer {
  /** `[horizon, 8]` household rows; the last rows hold still. */
  actions: number[][];
  done?: { message: string };
  failure?: { code: FailureCode; message: string };
}

export interface HouseholdPolicyOptions {
  world: World;
  robots: ReadonlyMap<string, SimRobot>;
  /** The world's control period, seconds. */
  dt: number;
  /** Rows per answer. */
  horizon: number;
  faults: FaultPreset | FaultConfig;
  seed: number | string;
}

interface Session {
  prompt: string;
  attempt: number;
  open: boolean;
  gripper: number;
  /** World time of the last answer: a client silent for long has stopped the robot, so its next request starts afresh. */
  answeredAt: number;
}

/** Idle world seconds after which a request starts a new attempt even with the same prompt. */
const STALE_S = 2;

/**
 * The simulated household policy (`SimVlaPolicy`) behind the openpi protocol. It acts for the robot
 * a request names, from that robot's own sensors; a chunk is planned by rolling the policy ahead on a
 * fork of the world (its model), and ends with a row at rest so a client that executes the chunk and
 * then waits for the next leaves the robot still. A new prompt, an ended attempt or a long silence
 * starts a new attempt.
 */
export class HouseholdPolicy {
  private readonly policies = new Map<string, SimVlaPolicy>();
  private readonly sessions = new Map<string, Session>();
  private requests = 0;

  constructor(private readonly opts: HouseholdPolicyOptions) {
    if (!(opts.horizon >= 2)) throw new Error('the household policy needs a horizon of at least 2 rows (motion, then rest)');
    for (const id of opts.robots.keys()) this.policies.set(id, new SimVlaPolicy({ faults: opts.faults, seed: `${String(opts.seed)}/${id}` }));
  }

  get trainedTemplates(): readonly string[] {
    return [...(this.policies.values().next().value?.trainedTemplates ?? [])];
  }

  answer(robotId: string, prompt: string, reset = false): HouseholdAnswer {
    const robot = this.opts.robots.get(robotId);
    const policy = this.policies.get(robotId);
    if (!robot || !policy) throw new PolicyError('malformed', `no robot "${robotId}" here (robots: ${[...this.opts.robots.keys()].join(', ')})`);
    const obs = robot.observe();
    const { session, fresh } = this.session(robotId, prompt, obs, reset);
    session.answeredAt = obs.simTime;
    const failed = fresh ? this.begin(robot, policy, session, obs) : null;
    if (failed) return this.closing(session, [], { failure: failed });
    return this.rollout(robot, policy, session, obs);
  }

  private session(robotId: string, prompt: string, obs: Observation, reset: boolean): { session: Session; fresh: boolean } {
    const prev = this.sessions.get(robotId);
    const stale = prev !== undefined && obs.simTime - prev.answeredAt > STALE_S;
    if (prev && prev.open && prev.prompt === prompt && !reset && !stale) return { session: prev, fresh: false };
    const next: Session = { prompt, attempt: (prev?.attempt ?? 0) + 1, open: true, gripper: obs.gripper.aperture, answeredAt: obs.simTime };
    this.sessions.set(robotId, next);
    return { session: next, fresh: true };
  }

  private begin(robot: SimRobot, policy: SimVlaPolicy, session: Session, obs: Observation): { code: FailureCode; message: string } | null {
    const env = { kind: robot.kind, limits: robot.limits, reach: robot.reach, map: robot.staticMap(), dt: this.opts.dt };
    const out = policy.begin({ goalId: `${robot.id}/openpi-${session.attempt}`, instruction: session.prompt }, env, obs);
    return out?.kind === 'fail' ? { code: out.code, message: out.message } : null;
  }

  private rollout(robot: SimRobot, policy: SimVlaPolicy, session: Session, obs: Observation): HouseholdAnswer {
    const model = this.opts.world.fork(`policy-${++this.requests}`);
    const twin = new SimRobot(model, robot.id, { dt: this.opts.dt });
    const rows: number[][] = [];
    let current = obs;
    for (let k = 0; k < this.opts.horizon - 1; k++) {
      const out = policy.act(current);
      if (out.kind === 'done') return this.closing(session, rows, { done: { message: out.message } });
      if (out.kind === 'fail') return this.closing(session, rows, { failure: { code: out.code, message: out.message } });
      rows.push(householdRow(out.action, session.gripper));
      session.gripper = out.action.gripper ?? session.gripper;
      // An action the robot's filter refuses is sent as it is (orca's filter refuses it too), and the plan stops there.
      if (twin.apply(out.action).status === 'rejected') break;
      model.step(this.opts.dt);
      current = twin.observe();
    }
    return { actions: this.padded(rows, session.gripper) };
  }

  private closing(session: Session, rows: number[][], claim: Omit<HouseholdAnswer, 'actions'>): HouseholdAnswer {
    session.open = false;
    return { actions: this.padded(rows, session.gripper), ...claim };
  }

  /** Rows up to the horizon, the rest at rest with the gripper held. */
  private padded(rows: number[][], gripper: number): number[][] {
    const rest: RobotAction = { base: { vx: 0, vy: 0, wz: 0 }, ee: { vx: 0, vy: 0, vz: 0 }, gripper, press: false };
    const out = rows.slice(0, this.opts.horizon - 1);
    while (out.length < this.opts.horizon) out.push(householdRow(rest, gripper));
    return out;
  }
}
