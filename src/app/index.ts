import { OrcaOrchestrator } from '../../agents/orchestrator/orchestrator.js';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import { SiteLatch } from '../domain/estop.js';
import { ValidationError } from '../domain/failures.js';
import { createBuiltinReasoner } from '../reasoning/builtin/reasoner.js';
import { validatePlan } from '../reasoning/builtin/planner/index.js';
import type { Reasoner } from '../reasoning/provider.js';
import { OrchestratorConfigSchema } from './config.js';
import type { OrchestratorConfig, OrchestratorConfigInput } from './config.js';
import type { FleetProvider } from '../../agents/orchestrator/fleet.js';
import { ConfiguredFleetProvider } from './configured-fleets.js';
import type { ConfiguredFleetDeps } from './configured-fleets.js';
import { SiteMemory, SqliteMemoryStore } from '../../agents/memory/index.js';
import { loadFleetFile } from './fleet-load.js';
import { SimFleetProvider } from './fleets.js';
import { createReasoner } from './reasoner.js';
import { openStorage } from './storage.js';
import { watchSiteEstop } from '../storage/estop-watch.js';
import type { Storage } from './storage.js';

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
 * reasoner, SQLite) or whatever the config names. Traces, mission records, LangGraph checkpoints,
 * the e-stop latch, uploaded scenes and saved worlds share one database (a SQLite file, or a
 * PostgreSQL server shared by every process of the site), so a restarted process finds them all.
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
  let storage: Storage | null = null;
  try {
    // A service keeps its simulated worlds and uploaded scenes across restarts; a one-shot run starts fresh.
    storage = await openStorage(config.db, { persistWorld: config.persistWorld && !configured, leaseSeconds: config.leaseSeconds });
    const orchestrator = buildOrchestrator(config, latch, configured, storage, opts.reasoner);
    if (storage.where.kind === 'postgres') await followSiteEstop(orchestrator, storage, latch);
    return orchestrator;
  } catch (err) {
    await storage?.close();
    await configured?.close();
    throw err;
  }
}

function buildOrchestrator(config: OrchestratorConfig, latch: SiteLatch, configured: ConfiguredFleetProvider | null, storage: Storage, reasonerOverride: Reasoner | undefined): Orchestrator {
  const { traces, missions, estops, checkpointer, worlds, scenes, leases, relay, memory: memoryStore } = storage;
  const builtin = createBuiltinReasoner();
  const reasoner = reasonerOverride ?? createReasoner(config.reasoner, builtin);
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
    ...(leases ? { leases } : {}),
    ...(relay ? { relay } : {}),
    latch,
    estops,
    memory: new SiteMemory(memoryStore, () => new Date().toISOString()),
    memoryEnabled: config.memory,
    estopJournal: config.db === ':memory:' ? null : config.db,
    defaultScene,
    speaker: config.speaker,
    ablation: config.ablation,
    maxQueuedMissions: config.maxQueuedMissions,
    onClose: () => storage.close(),
  });
}

/**
 * On a shared database the e-stop is the site's: a press or release journalled by any process
 * reaches this one (its robots are latched by the watcher's own thread first), and the watcher
 * stops with the storage.
 */
async function followSiteEstop(orchestrator: Orchestrator, storage: Storage, latch: SiteLatch): Promise<void> {
  if (storage.where.kind !== 'postgres') return;
  const watch = watchSiteEstop(storage.where.url, latch.buffer, (rec) => {
    if (rec.latched) orchestrator.estop(rec.reason ?? 'e-stop', { by: rec.by, recorded: true });
    else if (orchestrator.estopLatched) orchestrator.releaseEstop(rec.by, { recorded: true });
  });
  storage.onClose(() => watch.close());
  // A process that cannot hear the site's e-stop must not drive robots.
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OrchestratorError('conflict', 'could not listen for the site e-stop on the database within 15 s')), 15_000);
  });
  try {
    await Promise.race([watch.listening, late]);
  } finally {
    clearTimeout(timer);
  }
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
