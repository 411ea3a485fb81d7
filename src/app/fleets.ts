import type { Fleet, FleetProvider } from '../../agents/orchestrator/fleet.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import type { SceneSummary } from '../../agents/orchestrator/types.js';
import type { SiteLatch } from '../domain/estop.js';
import { OrcaError } from '../domain/failures.js';
import { listBuiltinScenes, loadBuiltinScene, loadScene } from '../world/index.js';
import type { Scene } from '../world/index.js';
import type { OrchestratorConfig } from './config.js';
import { SimFleet, sceneSummary } from './sim-fleet.js';
import { sceneFromSnapshot } from './world-state.js';
import type { WorldStateStore } from './world-state.js';

/** Uploaded scene files are bounded: they are parsed and laid out in memory. */
export const MAX_SCENE_TEXT_BYTES = 512 * 1024;

/**
 * Fleets by scene name: built-in scenes load on first use; uploaded scenes are validated before
 * they are registered, so a bad file leaves nothing behind.
 */
export class SimFleetProvider implements FleetProvider {
  private readonly fleets = new Map<string, SimFleet>();
  private readonly uploaded = new Map<string, Scene>();
  private readonly builtin: string[];

  constructor(
    private readonly config: OrchestratorConfig,
    private readonly worlds: WorldStateStore | null = null,
    /** The process's e-stop latch, read by every robot of every fleet. */
    private readonly siteLatch: SiteLatch | null = null,
  ) {
    this.builtin = listBuiltinScenes();
  }

  get(scene: string): Fleet {
    const known = this.fleets.get(scene);
    if (known) return known;
    let loaded: Scene;
    let source: 'builtin' | 'uploaded' = 'uploaded';
    const up = this.uploaded.get(scene);
    if (up) loaded = up;
    else if (this.builtin.includes(scene)) {
      loaded = loadBuiltinScene(scene);
      source = 'builtin';
    } else throw new OrchestratorError('not_found', `unknown scene "${scene}" (known: ${this.scenes().map((s) => s.name).join(', ')})`);
    const saved = this.worlds?.load(scene) ?? null;
    if (saved) loaded = sceneFromSnapshot(loaded, saved);
    const worlds = this.worlds;
    const fleet = new SimFleet({
      scene: loaded,
      ...(worlds ? { save: (snap) => worlds.save(scene, snap) } : {}),
      source,
      seed: this.config.seed,
      faults: this.config.faults,
      noise: this.config.noise,
      clock: this.config.clock,
      speed: this.config.speed,
      maxMissionSeconds: this.config.maxMissionSeconds,
      ...(this.siteLatch ? { siteLatch: this.siteLatch } : {}),
    });
    this.fleets.set(scene, fleet);
    return fleet;
  }

  scenes(): SceneSummary[] {
    const out: SceneSummary[] = [];
    for (const name of this.builtin) {
      const fleet = this.fleets.get(name);
      if (fleet) out.push(fleet.scene);
      else {
        try {
          out.push(sceneSummary(loadBuiltinScene(name), 'builtin'));
        } catch {
          continue;
        }
      }
    }
    for (const s of this.uploaded.values()) out.push(sceneSummary(s, 'uploaded'));
    return out;
  }

  addScene(text: string): SceneSummary {
    if (Buffer.byteLength(text, 'utf8') > MAX_SCENE_TEXT_BYTES) throw new OrchestratorError('bad_input', `scene files are limited to ${MAX_SCENE_TEXT_BYTES} bytes`);
    let scene: Scene;
    try {
      scene = loadScene(text);
    } catch (err) {
      const issues = err instanceof OrcaError && 'issues' in err ? (err as OrcaError & { issues: unknown }).issues : undefined;
      throw new OrchestratorError('bad_input', err instanceof Error ? err.message : String(err), issues ? { issues } : {});
    }
    if (this.builtin.includes(scene.name)) throw new OrchestratorError('conflict', `"${scene.name}" is a built-in scene; give the uploaded scene another name`);
    if (this.fleets.has(scene.name)) throw new OrchestratorError('conflict', `scene "${scene.name}" is already loaded and in use`);
    this.uploaded.set(scene.name, scene);
    return sceneSummary(scene, 'uploaded');
  }

  active(): Fleet[] {
    return [...this.fleets.values()];
  }
}
