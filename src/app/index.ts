import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { EstopStore } from '../../agents/orchestrator/estop-store.js';
import { MissionStore } from '../../agents/orchestrator/mission-store.js';
import { OrcaOrchestrator } from '../../agents/orchestrator/orchestrator.js';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import { SiteLatch } from '../domain/estop.js';
import { ValidationError } from '../domain/failures.js';
import { createBuiltinReasoner } from '../reasoning/builtin/reasoner.js';
import { validatePlan } from '../reasoning/builtin/planner/index.js';
import type { Reasoner } from '../reasoning/provider.js';
import { SqliteTraceStore } from '../traces/index.js';
import { OrchestratorConfigSchema } from './config.js';
import type { OrchestratorConfig, OrchestratorConfigInput } from './config.js';
import type { FleetProvider } from '../../agents/orchestrator/fleet.js';
import { ConfiguredFleetProvider } from './configured-fleets.js';
import type { ConfiguredFleetDeps } from './configured-fleets.js';
import { SiteMemory, SqliteMemoryStore } from '../../agents/memory/index.js';
import { loadFleetFile } from './fleet-load.js';
import { SimFleetProvider } from './fleets.js';
import { createReasoner } from './reasoner.js';
import { SceneStore } from './scene-store.js';
import { WorldStateStore } from './world-state.js';

export { OrchestratorConfigSchema } from './config.js';
export type { OrchestratorConfig, OrchestratorConfigInput, ReasonerConfig } from './config.js';
export { SimFleetProvider } from './fleets.js';
export { SimFleet } from './sim-fleet.js';
export { ConfiguredFleetProvider } from './configured-fleets.js';
export type { ConfiguredFleetDeps } from './configured-fleets.js';
export { ConfiguredFleet } from './configured-fleet.js';
export { defaultFleetsDir, listFleetFiles, loadFleetFile, parseFleetText } from './fleet-load.js';
export type { FleetLoadOptions, ResolvedFleet, ResolvedFleetRobot } from './fleet-load.js';

/**
 * The composition root: an orchestrator on the embedded defaults (simulated household, built-in
 * reasoner, SQLite) or whatever the config names. Traces, mission records and LangGraph
 * checkpoints share one SQLite file, so a restarted process finds all three.
 */
export async function createOrchestrator(input: OrchestratorConfigInput = {}, opts: { reasoner?: Reasoner; fleet?: ConfiguredFleetDeps } = {}): Promise<Orchestrator> {
  const parsed = OrchestratorConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new OrchestratorError('bad_input', `invalid orchestrator config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const config: OrchestratorConfig = parsed.data;
  const latch = SiteLatch.create();
  // A fleet's robots are opened first: a robot that does not come up leaves nothing open behind it.
  const configured = config.fleet ? await openConfiguredFleet(config, latch, opts.fleet) : null;
  try {
    return buildOrchestrator(config, latch, configured, opts.reasoner);
  } catch (err) {
    await configured?.close();
    throw err;
  }
}

function buildOrchestrator(config: OrchestratorConfig, latch: SiteLatch, configured: ConfiguredFleetProvider | null, reasonerOverride: Reasoner | undefined): Orchestrator {
  if (config.db !== ':memory:') mkdirSync(dirname(config.db), { recursive: true });
  const traces = new SqliteTraceStore(config.db);
  const missions = new MissionStore(config.db);
  const estops = new EstopStore(config.db);
  const memoryStore = new SqliteMemoryStore(config.db);
  const checkpointer = SqliteSaver.fromConnString(config.db);
  const builtin = createBuiltinReasoner();
  const reasoner = reasonerOverride ?? createReasoner(config.reasoner, builtin);
  // A service keeps its simulated worlds and uploaded scenes across restarts; a one-shot run starts fresh.
  const persist = config.persistWorld && !configured;
  const worlds = persist ? new WorldStateStore(config.db) : null;
  const scenes = persist ? new SceneStore(config.db) : null;
  const fleets: FleetProvider = configured ?? new SimFleetProvider(config, { worlds, scenes }, latch);
  const defaultScene = configured?.sceneName ?? config.defaultScene;
  fleets.get(defaultScene);
  return new OrcaOrchestrator({
    fleets,
    reasoner,
    validatePlan,
    traces,
    checkpointer,
    missions,
    latch,
    estops,
    memory: new SiteMemory(memoryStore, () => new Date().toISOString()),
    memoryEnabled: config.memory,
    estopJournal: config.db === ':memory:' ? null : config.db,
    defaultScene,
    speaker: config.speaker,
    ablation: config.ablation,
    maxQueuedMissions: config.maxQueuedMissions,
    onClose: () => {
      traces.close();
      missions.close();
      estops.close();
      memoryStore.close();
      worlds?.close();
      scenes?.close();
      checkpointer.db.close();
    },
  });
}

/** Loads the fleet file (field errors are bad input) and opens its robots (a robot that does not come up is named). */
async function openConfiguredFleet(config: OrchestratorConfig, latch: SiteLatch, deps: ConfiguredFleetDeps = {}): Promise<ConfiguredFleetProvider> {
  let file;
  try {
    file = loadFleetFile(config.fleet ?? '', { simDefaults: { faults: config.faults, seed: config.seed } });
  } catch (err) {
    const issues = err instanceof ValidationError ? err.issues : [];
    throw new OrchestratorError('bad_input', err instanceof Error ? err.message : String(err), issues.length > 0 ? { issues } : {});
  }
  return ConfiguredFleetProvider.open(file, config, { siteLatch: latch, ...deps });
}
