import { z } from 'zod';
import { FaultConfigSchema } from '../executors/sim-policy/index.js';
import { NOISE_PRESET_NAMES } from '../world/index.js';

/**
 * Configuration of an orchestrator process. Every field has an embedded default: the simulated
 * `home`, the built-in reasoner and SQLite under `./data/`.
 */
export const ReasonerConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin') }),
  z.object({
    kind: z.literal('openai'),
    model: z.string().min(1),
    baseURL: z.string().url().optional(),
    /** Read from `OPENAI_API_KEY` when omitted; never logged. */
    apiKey: z.string().min(1).optional(),
    timeoutMs: z.number().int().positive().default(30_000),
    maxRetries: z.number().int().min(0).max(10).default(3),
    repairRounds: z.number().int().min(0).max(5).default(2),
    /**
     * Longest one reasoning stage (interpret, readAnswer, plan, reflect, classify) waits for the
     * model, retries and repair rounds included, before the built-in reasoner answers instead.
     */
    stageDeadlineMs: z.number().int().positive().default(45_000),
  }),
]);
export type ReasonerConfig = z.infer<typeof ReasonerConfigSchema>;

export const OrchestratorConfigSchema = z
  .object({
    /**
     * Where missions, traces, LangGraph checkpoints, the e-stop, uploaded scenes and saved worlds are
     * kept: a SQLite file (`:memory:` for throwaway runs), or a `postgres://` URL shared by several
     * orca processes.
     */
    db: z.string().min(1).default('./data/orca.sqlite'),
    /**
     * PostgreSQL only: how long a process's claim on a mission holds without renewal (renewed every
     * third of it). After a process dies, another takes its missions over once their leases expire.
     */
    leaseSeconds: z.number().positive().max(3600).default(15),
    reasoner: ReasonerConfigSchema.default({ kind: 'builtin' }),
    /**
     * A fleet file (config/fleets/*.yaml): the orchestrator runs its robots on its site instead of the
     * built-in simulated scenes, and the site is the default scene.
     */
    fleet: z.string().min(1).optional(),
    /** Scene used when a mission names none. */
    defaultScene: z.string().min(1).default('home'),
    seed: z.union([z.number().int(), z.string()]).default(0),
    /** The simulated policies' faults: a preset, or per-attempt probabilities (see `FaultConfigSchema`). */
    faults: z.union([z.enum(['off', 'default', 'harsh', 'realistic']), FaultConfigSchema]).default('default'),
    /**
     * Observation noise of simulated worlds. When absent, the fault preset decides: `realistic` faults
     * come with `realistic` perception (hallucinations and occlusions that last over frames), any
     * other with `default`.
     */
    noise: z.enum(NOISE_PRESET_NAMES).optional(),
    /**
     * How simulated time runs: `realtime` paces the control loop to the wall clock (times `speed`),
     * `fast` runs it as fast as the machine allows (tests, CLI, benchmarks).
     */
    clock: z.enum(['realtime', 'fast']).default('fast'),
    speed: z.number().positive().max(100).default(1),
    /** The person who gives instructions when a mission names no speaker. */
    speaker: z.string().min(1).default('alex'),
    /**
     * Keep the simulated world and the uploaded scene files across restarts (the service: a household
     * does not reset when orca does). Off for one-shot runs, which start from the scene file every time.
     */
    persistWorld: z.boolean().default(true),
    /**
     * Missions that may wait for busy robots at once (`whenBusy: "queue"`); one more is refused. Each
     * holds a record, a trace and a waiting task, so the queue is bounded.
     */
    maxQueuedMissions: z.number().int().min(0).max(10_000).default(20),
    /** Simulated seconds a mission may run before it is cancelled. */
    maxMissionSeconds: z.number().positive().default(1800),
    /**
     * The site memory: what people answered and corrected, and how recoveries went, used by later
     * missions. Off: missions neither read nor add to it (the benchmark's memory-off arm).
     */
    memory: z.boolean().default(true),
    /**
     * Ablations for the benchmark's baselines; the defaults are orca itself.
     * `trustExecutorDone`: accept the executor's "done" without the verifier (open loop).
     * `recovery`: `full` (typed reflection, replanning, delegation), `retry_only`, or `none`.
     */
    ablation: z
      .object({
        trustExecutorDone: z.boolean().default(false),
        recovery: z.enum(['full', 'retry_only', 'none']).default('full'),
        asking: z.boolean().default(true),
      })
      .default({ trustExecutorDone: false, recovery: 'full', asking: true }),
  })
  .strict();
export type OrchestratorConfig = z.infer<typeof OrchestratorConfigSchema>;
export type OrchestratorConfigInput = z.input<typeof OrchestratorConfigSchema>;
