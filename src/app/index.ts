import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { EstopStore } from '../../agents/orchestrator/estop-store.js';
import { MissionStore } from '../../agents/orchestrator/mission-store.js';
import { OrcaOrchestrator } from '../../agents/orchestrator/orchestrator.js';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import { SiteLatch } from '../domain/estop.js';
import { createBuiltinReasoner } from '../reasoning/builtin/reasoner.js';
import { validatePlan } from '../reasoning/builtin/planner/index.js';
import type { Reasoner } from '../reasoning/provider.js';
import { SqliteTraceStore } from '../traces/index.js';
import { OrchestratorConfigSchema } from './config.js';
import type { OrchestratorConfig, OrchestratorConfigInput } from './config.js';
import { SimFleetProvider } from './fleets.js';
import { createReasoner } from './reasoner.js';
import { SceneStore } from './scene-store.js';
import { WorldStateStore } from './world-state.js';

export { OrchestratorConfigSchema } from './config.js';
export type { OrchestratorConfig, OrchestratorConfigInput, ReasonerConfig } from './config.js';
export { SimFleetProvider } from './fleets.js';
export { SimFleet } from './sim-fleet.js';

/**
 * The composition root: an orchestrator on the embedded defaults (simulated household, built-in
 * reasoner, SQLite) or whatever the config names. Traces, mission records and LangGraph
 * checkpoints share one SQLite file, so a restarted process finds all three.
 */
export async function createOrchestrator(input: OrchestratorConfigInput = {}, opts: { reasoner?: Reasoner } = {}): Promise<Orchestrator> {
  const parsed = OrchestratorConfigSchema.safeParse(input);
  if (!parsed.success) {
    throw new OrchestratorError('bad_input', `invalid orchestrator config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const config: OrchestratorConfig = parsed.data;
  if (config.db !== ':memory:') mkdirSync(dirname(config.db), { recursive: true });
  const traces = new SqliteTraceStore(config.db);
  const missions = new MissionStore(config.db);
  const estops = new EstopStore(config.db);
  const latch = SiteLatch.create();
  const checkpointer = SqliteSaver.fromConnString(config.db);
  const builtin = createBuiltinReasoner();
  const reasoner = opts.reasoner ?? createReasoner(config.reasoner, builtin);
  // A service keeps its simulated worlds and uploaded scenes across restarts; a one-shot run starts fresh.
  const worlds = config.persistWorld ? new WorldStateStore(config.db) : null;
  const scenes = config.persistWorld ? new SceneStore(config.db) : null;
  const fleets = new SimFleetProvider(config, { worlds, scenes }, latch);
  fleets.get(config.defaultScene);
  return new OrcaOrchestrator({
    fleets,
    reasoner,
    validatePlan,
    traces,
    checkpointer,
    missions,
    latch,
    estops,
    estopJournal: config.db === ':memory:' ? null : config.db,
    defaultScene: config.defaultScene,
    speaker: config.speaker,
    ablation: config.ablation,
    maxQueuedMissions: config.maxQueuedMissions,
    onClose: () => {
      traces.close();
      missions.close();
      estops.close();
      worlds?.close();
      scenes?.close();
      checkpointer.db.close();
    },
  });
}
