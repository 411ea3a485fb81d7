import type { FaultConfig, FaultPreset } from '../executors/sim-policy/faults.js';
import { SimRobot } from '../robots/sim-robot.js';
import { loadBuiltinScene, Simulation } from '../world/index.js';
import type { NoisePreset, Scene } from '../world/index.js';
import { SimEmbodiment } from './embodiment.js';
import { HouseholdPolicy } from './household-policy.js';
import { PolicyServer } from './policy-server.js';
import { RosbridgeServer } from './rosbridge-server.js';

export interface SimRobotOptions {
  /** A built-in scene name or a loaded scene. */
  scene: string | Scene;
  /** 0 picks free ports. */
  rosbridgePort: number;
  openpiPort: number;
  host?: string;
  seed?: number | string;
  faults?: FaultPreset | FaultConfig;
  noise?: NoisePreset;
  /** World seconds per wall second; default 1. */
  speed?: number;
  /** Control and publishing rate, Hz (world time); default 10. */
  rate?: number;
  /** Rows per policy answer; default 8. */
  horizon?: number;
  /** `false`: the world only moves when `step()` is called (tests). Default true. */
  realtime?: boolean;
}

export interface SimRobotEndpoints {
  rosbridge: string;
  openpi: string;
}

export const DEFAULT_HORIZON = 8;

/**
 * `orca sim-robot`: the simulated household as a separate process would show it to orca — a
 * rosbridge endpoint with each robot's sensors and command topics, and an openpi endpoint serving the
 * simulated policy. The world runs on its own clock (`speed` × real time) and applies the latest
 * commands each control step.
 */
export class SimRobotProcess {
  readonly embodiments = new Map<string, SimEmbodiment>();

  private constructor(
    readonly sim: Simulation,
    readonly robots: ReadonlyMap<string, SimRobot>,
    readonly policy: HouseholdPolicy,
    readonly rosbridge: RosbridgeServer,
    private readonly openpi: PolicyServer,
    readonly endpoints: SimRobotEndpoints,
  ) {
    for (const robot of robots.values()) this.embodiments.set(robot.id, new SimEmbodiment(sim.world, robot, rosbridge, () => sim.ticker.simTime));
    sim.ticker.onTick((t) => this.embodiments.forEach((e) => e.control(t.dt)), 'control');
    sim.ticker.onTick(() => this.embodiments.forEach((e) => e.publish()), 'observe');
  }

  static async start(opts: SimRobotOptions): Promise<SimRobotProcess> {
    const scene = typeof opts.scene === 'string' ? loadBuiltinScene(opts.scene) : opts.scene;
    const sim = Simulation.fromScene(scene, { seed: opts.seed ?? 0, noise: opts.noise ?? 'default', controlRate: opts.rate ?? 10 });
    const dt = sim.ticker.dt;
    const robots = new Map(sim.world.robotIds().map((id) => [id, new SimRobot(sim.world, id, { dt })] as const));
    const horizon = opts.horizon ?? DEFAULT_HORIZON;
    const policy = new HouseholdPolicy({ world: sim.world, robots, dt, horizon, faults: opts.faults ?? 'off', seed: opts.seed ?? 0 });
    const host = opts.host ?? '127.0.0.1';
    const rosbridge = await RosbridgeServer.listen(host, opts.rosbridgePort);
    let openpi: PolicyServer;
    try {
      openpi = await PolicyServer.listen(host, opts.openpiPort, {
        robots: [...robots.keys()],
        trainedTemplates: policy.trainedTemplates,
        horizon,
        answer: (robot, prompt, reset) => policy.answer(robot, prompt, reset),
      });
    } catch (err) {
      await rosbridge.close();
      throw err;
    }
    const endpoints = { rosbridge: `ws://${host}:${rosbridge.port}`, openpi: `ws://${host}:${openpi.port}` };
    const proc = new SimRobotProcess(sim, robots, policy, rosbridge, openpi, endpoints);
    if (opts.realtime !== false) sim.startRealtime(opts.speed ?? 1);
    return proc;
  }

  /** Advances the world `ticks` control steps (for a process started with `realtime: false`). */
  step(ticks = 1): void {
    this.sim.advance(ticks);
  }

  async close(): Promise<void> {
    this.sim.stopRealtime();
    await Promise.all([this.rosbridge.close(), this.openpi.close()]);
  }
}
