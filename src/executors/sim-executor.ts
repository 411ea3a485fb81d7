import type { TickSource } from '../domain/clock.js';
import type { Executor, ExecutorEvent, ExecutorHealth, ExecutorState, ExecutorTask, StopResult } from '../domain/executor.js';
import type { FailureCode } from '../domain/failures.js';
import type { Observation } from '../domain/observation.js';
import type { Robot } from '../domain/robot.js';
import type { RobotKind, StaticMap } from '../robots/world-port.js';
import type { SimVlaPolicy } from './sim-policy/policy.js';

/** Velocities below this count as stopped when confirming a stop. */
const STOPPED_EPS = 1e-3;

/** What the simulated policy needs of its robot besides `Robot`: its kind, reach and prior map. */
export interface SimPolicyRobot extends Robot {
  readonly kind: RobotKind;
  readonly reach: number;
  staticMap(): StaticMap;
}

/**
 * Runs a simulated policy on a simulated robot, one policy step per `control` tick:
 * observe → policy.act → robot.apply (through the safety filter).
 */
export class SimExecutor implements Executor {
  private _state: ExecutorState = 'idle';
  private task: ExecutorTask | null = null;
  private readonly listeners = new Set<(e: ExecutorEvent) => void>();
  private pendingStops: { reason: string; resolve: (r: StopResult) => void; issuedAt: number; sawHalt: boolean }[] = [];
  private lastPose: { x: number; y: number; theta: number; ee: { x: number; y: number; z: number }; t: number } | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    readonly robot: SimPolicyRobot,
    readonly policy: SimVlaPolicy,
    private readonly ticks: TickSource,
  ) {
    this.unsubscribe = ticks.onTick((tick) => this.onControl(tick.simTime), 'control');
  }

  get robotId(): string {
    return this.robot.id;
  }

  get state(): ExecutorState {
    return this._state;
  }

  get trainedTemplates(): readonly string[] {
    return this.policy.trainedTemplates;
  }

  get currentTask(): ExecutorTask | null {
    return this.task;
  }

  start(task: ExecutorTask): void {
    if (this.robot.estopped) {
      this._state = 'estopped';
      this.emit({ type: 'failed', goalId: task.goalId, code: 'estopped', message: 'robot is e-stopped', simTime: this.ticks.simTime });
      return;
    }
    if (this._state === 'running' || this._state === 'stopping') throw new Error(`executor ${this.robotId} is ${this._state}; stop or reset it first`);
    this.task = task;
    this._state = 'running';
    this.emit({ type: 'started', goalId: task.goalId, simTime: this.ticks.simTime });
    this.beginPolicy(task);
  }

  setTask(task: ExecutorTask): void {
    if (this._state !== 'running') {
      this.start(task);
      return;
    }
    this.task = task;
    this.emit({ type: 'task_changed', goalId: task.goalId, instruction: task.instruction, simTime: this.ticks.simTime });
    this.beginPolicy(task);
  }

  /** Halts now; resolves on the first control tick after the robot reads as stopped. */
  stop(reason: string): Promise<StopResult> {
    this.robot.halt();
    this.lastPose = null;
    if (this._state === 'running') this._state = 'stopping';
    return new Promise((resolve) => this.pendingStops.push({ reason, resolve, issuedAt: this.ticks.simTime, sawHalt: false }));
  }

  reset(): void {
    this.robot.halt();
    this.task = null;
    this._state = this.robot.estopped ? 'estopped' : 'idle';
  }

  subscribe(listener: (event: ExecutorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async health(): Promise<ExecutorHealth> {
    if (this.robot.estopped) return { ok: false, detail: 'e-stopped', latencyMs: 0 };
    return { ok: true, detail: `simulated policy on ${this.robotId}, state ${this._state}`, latencyMs: 0 };
  }

  dispose(): void {
    this.unsubscribe();
  }

  private beginPolicy(task: ExecutorTask): void {
    const obs = this.robot.observe();
    const env = { kind: this.robot.kind, limits: this.robot.limits, reach: this.robot.reach, map: this.robot.staticMap(), dt: this.ticks.dt };
    const out = this.policy.begin(task, env, obs);
    if (out?.kind === 'fail') this.fail(out.code, out.message);
  }

  private onControl(simTime: number): void {
    if (this.robot.estopped && this._state !== 'estopped' && this._state !== 'idle') {
      this.robot.halt();
      this._state = 'estopped';
      if (this.task) this.emit({ type: 'failed', goalId: this.task.goalId, code: 'estopped', message: 'e-stop latched', simTime });
    }
    if (this.pendingStops.length > 0) {
      this.robot.halt();
      this.confirmStops(simTime);
      return;
    }
    if (this._state === 'claimed_done') this.robot.halt();
    if (this._state !== 'running' || !this.task) return;
    const obs = this.robot.observe();
    const out = this.policy.act(obs);
    const goalId = this.task.goalId;
    if (out.kind === 'done') {
      this.robot.halt();
      this._state = 'claimed_done';
      this.emit({ type: 'claimed_done', goalId, simTime, message: out.message });
      return;
    }
    if (out.kind === 'fail') {
      this.fail(out.code, out.message);
      return;
    }
    const result = this.robot.apply(out.action);
    if (result.status === 'rejected') {
      this.fail(result.reason === 'estopped' ? 'estopped' : 'unsafe_action', `${result.reason}: ${result.message}`);
      return;
    }
    this.emit({ type: 'step', goalId, seq: obs.seq, simTime, action: result.action, observation: obs });
  }

  /**
   * A stop is confirmed once the robot's own readings show it still: the pose and end effector did
   * not move between two control ticks after the halt.
   */
  private confirmStops(simTime: number): void {
    const obs = this.robot.observe();
    const still = this.isStill(obs);
    for (const s of this.pendingStops) s.sawHalt = s.sawHalt || simTime > s.issuedAt;
    if (!still) return;
    const stops = this.pendingStops.filter((s) => s.sawHalt);
    if (stops.length === 0) return;
    this.pendingStops = this.pendingStops.filter((s) => !s.sawHalt);
    if (this._state !== 'estopped') this._state = 'stopped';
    for (const s of stops) {
      if (this.task) this.emit({ type: 'stopped', goalId: this.task.goalId, confirmed: true, simTime, reason: s.reason });
      s.resolve({ confirmed: true, reason: s.reason });
    }
  }

  private isStill(obs: Observation): boolean {
    const prev = this.lastPose;
    const cur = { x: obs.pose.x, y: obs.pose.y, theta: obs.pose.theta, ee: obs.ee, t: obs.simTime };
    this.lastPose = cur;
    if (!prev || prev.t === cur.t) return false;
    const dt = cur.t - prev.t;
    // Readings carry ~2 mm noise; moving at even a tenth of the slowest speed limit would show more.
    const tol = Math.max(0.01, STOPPED_EPS * dt);
    return Math.hypot(cur.x - prev.x, cur.y - prev.y) < tol && Math.hypot(cur.ee.x - prev.ee.x, cur.ee.y - prev.ee.y, cur.ee.z - prev.ee.z) < tol;
  }

  private fail(code: FailureCode, message: string): void {
    this.robot.halt();
    this._state = code === 'estopped' ? 'estopped' : 'failed';
    if (this.task) this.emit({ type: 'failed', goalId: this.task.goalId, code, message, simTime: this.ticks.simTime });
  }

  private emit(e: ExecutorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
