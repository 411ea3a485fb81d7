import type { Fleet, FleetProvider } from '../../agents/orchestrator/fleet.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import type { SceneSummary } from '../../agents/orchestrator/types.js';
import type { SiteLatch } from '../domain/estop.js';
import { OrcaError } from '../domain/failures.js';
import { listBuiltinScenes, loadBuiltinScene, loadScene, UploadedSceneNameSchema } from '../world/index.js';
import type { Scene } from '../world/index.js';
import type { OrchestratorConfig } from './config.js';
import type { SceneStore } from './scene-store.js';
import { SimFleet, sceneSummary } from './sim-fleet.js';
import { sceneFromSnapshot } from './world-state.js';
import type { WorldStateStore } from './world-state.js';

/** Uploaded scene files are bounded: they are parsed and laid out in memory. */
export const MAX_SCENE_TEXT_BYTES = 512 * 1024;

/** Where a provider keeps what outlives the process; null parts are kept in memory only. */
export interface FleetStores {
  worlds: WorldStateStore | null;
  scenes: SceneStore | null;
}

/**
 * Fleets by scene name: built-in scenes load on first use; uploaded scenes are validated before
 * they are registered (and stored), so a bad file leaves nothing behind.
 */
export class SimFleetProvider implements FleetProvider {
  private readonly fleets = new Map<string, SimFleet>();
  private readonly uploaded = new Map<string, Scene>();
  private readonly builtin: string[];
  private readonly stores: FleetStores;

  constructor(
    private readonly config: OrchestratorConfig,
    stores: Partial<FleetStores> = {},
    /** The process's e-stop latch, read by every robot of every fleet. */
    private readonly siteLatch: SiteLatch | null = null,
  ) {
    this.builtin = listBuiltinScenes();
    this.stores = { worlds: stores.worlds ?? null, scenes: stores.scenes ?? null };
    this.restoreUploads();
  }

  get(scene: string): Fleet {
    return this.fleets.get(scene) ?? this.create(scene);
  }

  private create(scene: string): SimFleet {
    const initial = this.initialScene(scene);
    const saved = this.stores.worlds?.load(scene) ?? null;
    const worlds = this.stores.worlds;
    const fleet = new SimFleet({
      scene: saved ? sceneFromSnapshot(initial.scene, saved) : initial.scene,
      ...(worlds ? { save: (snap) => worlds.save(scene, snap) } : {}),
      source: initial.source,
      seed: this.config.seed,
      faults: this.config.faults,
      ...(this.config.noise ? { noise: this.config.noise } : {}),
      clock: this.config.clock,
      speed: this.config.speed,
      maxMissionSeconds: this.config.maxMissionSeconds,
      ...(this.siteLatch ? { siteLatch: this.siteLatch } : {}),
    });
    this.fleets.set(scene, fleet);
    return fleet;
  }

  /** The scene as its file describes it, before any mission moved anything. */
  private initialScene(scene: string): { scene: Scene; source: 'builtin' | 'uploaded' } {
    const up = this.uploaded.get(scene);
    if (up) return { scene: structuredClone(up), source: 'uploaded' };
    if (this.builtin.includes(scene)) return { scene: loadBuiltinScene(scene), source: 'builtin' };
    throw new OrchestratorError('not_found', `unknown scene "${scene}" (known: ${this.scenes().map((s) => s.name).join(', ')})`, { scene });
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
    const scene = parseUpload(text);
    if (this.builtin.includes(scene.name)) throw new OrchestratorError('conflict', `"${scene.name}" is a built-in scene; give the uploaded scene another name`, { field: 'name' });
    if (this.uploaded.has(scene.name) || this.stores.scenes?.has(scene.name)) {
      throw new OrchestratorError('conflict', `a scene named "${scene.name}" was already uploaded; give this one another name`, { field: 'name' });
    }
    this.stores.scenes?.add(scene.name, text);
    this.uploaded.set(scene.name, scene);
    return sceneSummary(scene, 'uploaded');
  }

  /**
   * Puts a scene's simulated world back as its file describes it: a new world, robots and belief,
   * and the saved snapshot forgotten. The caller makes sure no mission is using the scene.
   */
  resetWorld(scene: string): Fleet {
    this.initialScene(scene);
    this.fleets.get(scene)?.close();
    this.fleets.delete(scene);
    this.stores.worlds?.clear(scene);
    return this.create(scene);
  }

  reloadWorld(scene: string): Fleet {
    this.initialScene(scene);
    this.fleets.get(scene)?.close();
    this.fleets.delete(scene);
    return this.create(scene);
  }

  active(): Fleet[] {
    return [...this.fleets.values()];
  }

  /** Scenes uploaded to an earlier process; one that no longer validates is left in the file, unused. */
  private restoreUploads(): void {
    for (const row of this.stores.scenes?.all() ?? []) {
      try {
        const scene = parseUpload(row.text);
        if (scene.name === row.name && !this.builtin.includes(scene.name)) this.uploaded.set(scene.name, scene);
      } catch (err) {
        process.emitWarning(`uploaded scene "${row.name}" was not restored: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
}

/** Validates an uploaded scene file; throws OrchestratorError('bad_input') naming the failing fields. */
function parseUpload(text: string): Scene {
  if (Buffer.byteLength(text, 'utf8') > MAX_SCENE_TEXT_BYTES) throw new OrchestratorError('bad_input', `scene files are limited to ${MAX_SCENE_TEXT_BYTES} bytes`);
  let scene: Scene;
  try {
    scene = loadScene(text);
  } catch (err) {
    const issues = err instanceof OrcaError && 'issues' in err ? (err as OrcaError & { issues: unknown }).issues : undefined;
    throw new OrchestratorError('bad_input', err instanceof Error ? err.message : String(err), issues ? { issues } : {});
  }
  const name = UploadedSceneNameSchema.safeParse(scene.name);
  if (!name.success) {
    const message = name.error.issues.map((i) => i.message).join('; ');
    throw new OrchestratorError('bad_input', `invalid scene "${scene.name}": name: ${message}`, { issues: [{ path: 'name', message }] });
  }
  return scene;
}
