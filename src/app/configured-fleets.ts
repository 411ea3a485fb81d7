import type { Fleet, FleetProvider } from '../../agents/orchestrator/fleet.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import type { SceneSummary } from '../../agents/orchestrator/types.js';
import type { SiteLatch } from '../domain/estop.js';
import { FleetRuntime } from '../runtime/index.js';
import type { BodyOpener, WallClock } from '../runtime/index.js';
import type { OrchestratorConfig } from './config.js';
import { ConfiguredFleet } from './configured-fleet.js';
import type { ResolvedFleet } from './fleet-load.js';
import { secondOpinionVerifier } from './second-opinion.js';

export interface ConfiguredFleetDeps {
  siteLatch?: SiteLatch;
  /** Opens bodies (tests pass fakes); default: `openBody` of src/robots/bodies. */
  openBody?: BodyOpener;
  clock?: WallClock;
  env?: NodeJS.ProcessEnv;
  logger?: (message: string) => void;
}

/**
 * The one fleet of a fleet file, as the orchestrator's fleet provider: its site is the only scene.
 * Opening it opens every body and executor (and fails, naming the robot and the part, when one
 * does not come up); closing it closes them all.
 */
export class ConfiguredFleetProvider implements FleetProvider {
  private constructor(
    private readonly fleet: ConfiguredFleet,
    private readonly runtime: FleetRuntime,
    readonly file: ResolvedFleet,
  ) {}

  static async open(file: ResolvedFleet, config: OrchestratorConfig, deps: ConfiguredFleetDeps = {}): Promise<ConfiguredFleetProvider> {
    const runtime = await FleetRuntime.open({
      scene: file.scene,
      robots: file.robots.map((r) => ({ id: r.id, kind: r.kind, capabilities: r.capabilities, body: r.body, config: r.config, stepDeadlineMs: r.stepDeadlineMs })),
      controlRateHz: file.runtime.control_rate_hz,
      readyTimeoutMs: file.runtime.ready_timeout_ms,
      seed: config.seed,
      noise: config.noise ?? 'default',
      ...(deps.siteLatch ? { siteLatch: deps.siteLatch } : {}),
      ...(deps.openBody ? { openBody: deps.openBody } : {}),
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.env ? { env: deps.env } : {}),
      ...(deps.logger ? { logger: deps.logger } : {}),
    });
    const verifier = file.secondOpinion ? secondOpinionVerifier(runtime, file, deps.env ?? process.env) : undefined;
    const fleet = new ConfiguredFleet({
      fleet: file,
      runtime,
      clock: config.clock,
      speed: config.speed,
      maxMissionSeconds: config.maxMissionSeconds,
      ...(verifier ? { verifier } : {}),
    });
    return new ConfiguredFleetProvider(fleet, runtime, file);
  }

  get sceneName(): string {
    return this.fleet.scene.name;
  }

  get(scene: string): Fleet {
    if (scene === this.fleet.scene.name) return this.fleet;
    throw new OrchestratorError('not_found', `unknown scene "${scene}": this orca runs the fleet ${this.file.name}, whose site is "${this.fleet.scene.name}"`, { scene });
  }

  scenes(): SceneSummary[] {
    return [this.fleet.scene];
  }

  addScene(): SceneSummary {
    throw new OrchestratorError('conflict', `this orca runs the fleet ${this.file.name}; its site comes from the fleet file, so scenes cannot be uploaded`);
  }

  active(): Fleet[] {
    return [this.fleet];
  }

  /**
   * Refused (409): the robots of a fleet file live in their own world, which orca cannot put back,
   * and even a fleet of simulated bodies holds opened executors and links that a reset would have
   * to reopen mid-service. Orca's belief follows what the robots observe, so resetting their side
   * (a restarted `orca sim-robot`, a real room tidied) is all a reset needs.
   */
  resetWorld(scene: string): Fleet {
    const linked = this.file.robots.filter((r) => r.body.kind !== 'sim').map((r) => `${r.id} (${r.body.kind})`);
    const why = linked.length > 0
      ? `its robots ${linked.join(', ')} report a world of their own, which orca cannot put back; reset the robots' side (e.g. restart orca sim-robot) and orca's belief follows what they observe`
      : 'its world is reset by restarting orca with the fleet; run without --fleet for a built-in scene that can be reset in place';
    throw new OrchestratorError('conflict', `the world of ${scene} belongs to the fleet ${this.file.name}: ${why}`, { scene, fleet: this.file.name });
  }

  async close(): Promise<void> {
    this.fleet.close();
    await this.runtime.close();
  }
}
