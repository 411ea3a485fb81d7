import { z } from 'zod';
import { errorRecord, findOrchestratorFactory, OrchestratorDriver } from './driver.js';
import type { MissionDriver, RunSpec } from './driver.js';
import { loadSuites } from './tasks.js';
import { SUITES } from './schema.js';
import { CONFIGS, PRESETS } from './configs.js';

/**
 * A child process that plays missions: the parent sends `{job, suite, taskId, config, preset, seed}`
 * over IPC, the worker answers `{job, record}`. Tasks are loaded here from the same files, so only
 * ids cross the process boundary.
 */
const JobSchema = z.object({
  job: z.number().int(),
  suite: z.enum(SUITES),
  taskId: z.string(),
  config: z.enum(CONFIGS),
  preset: z.enum([...PRESETS, 'off']),
  seed: z.number().int(),
});

const suites = new Map(loadSuites().map((s) => [s.name, new Map(s.tasks.map((t) => [t.id, t]))]));
const factory = await findOrchestratorFactory();
const driver: MissionDriver | null = factory ? new OrchestratorDriver(factory) : null;

process.on('message', (raw: unknown) => {
  if (raw === 'exit') {
    void driver?.close().finally(() => process.exit(0));
    return;
  }
  const job = JobSchema.parse(raw);
  const task = suites.get(job.suite)?.get(job.taskId);
  if (!task) throw new Error(`unknown task ${job.suite}/${job.taskId}`);
  const spec: RunSpec = { suite: job.suite, task, config: job.config, preset: job.preset, seed: job.seed };
  const run = driver ? driver.run(spec) : Promise.resolve(errorRecord(spec, new Error('createOrchestrator is not exported by src/app/index.ts yet'), 0));
  void run
    .catch((e: unknown) => errorRecord(spec, e, 0))
    .then((record) => process.send?.({ job: job.job, record }));
});
// One unscored mission first, so module loading and JIT warm-up do not land in the first task's wall time.
const warm = suites.get('household')?.values().next().value;
if (driver && warm) await driver.run({ suite: 'household', task: warm, config: 'oracle', preset: 'off', seed: 0 }).catch(() => undefined);
process.send?.({ ready: true, orchestrator: driver !== null });
