import { z } from 'zod';
import { Random } from '../../domain/random.js';

/**
 * Per-attempt fault probabilities of the simulated policy. Each is the chance that one attempt
 * (one goal id) suffers that fault; phrasings outside the trained templates multiply them all.
 *
 * - `graspMiss`: the gripper closes 0.08–0.12 m off the object (beyond the 0.06 m grasp radius).
 * - `drop`: the gripper opens part way through carrying.
 * - `wrongObject`: another detection of a similar or nearby type is taken instead of the target.
 * - `stall`: from some phase on, the policy emits zero actions forever.
 * - `falseDone`: the policy claims done at the start of an early phase, before the work is done.
 * - `persistence`: the chance that an attempt with the same approach (same robot, same instruction)
 *   repeats the fault decisions, fault geometry and difficulty of that approach's first draw: the
 *   same grasp fails the same way until something changes. 0 draws every attempt afresh.
 * - `falseDoneTiming`: `early` claims at an early phase; `almost_done` claims at the start of the
 *   release, when the object is already over its target and the scene looks almost right.
 */
export const FaultConfigSchema = z
  .object({
    graspMiss: z.number().min(0).max(1),
    drop: z.number().min(0).max(1),
    wrongObject: z.number().min(0).max(1),
    stall: z.number().min(0).max(1),
    falseDone: z.number().min(0).max(1),
    outOfTemplateMultiplier: z.number().min(1).max(20),
    persistence: z.number().min(0).max(1).optional(),
    falseDoneTiming: z.enum(['early', 'almost_done']).optional(),
  })
  .strict();
export type FaultConfig = z.output<typeof FaultConfigSchema>;

export const FAULT_PRESETS = {
  off: { graspMiss: 0, drop: 0, wrongObject: 0, stall: 0, falseDone: 0, outOfTemplateMultiplier: 1 },
  default: { graspMiss: 0.05, drop: 0.03, wrongObject: 0.03, stall: 0.02, falseDone: 0.05, outOfTemplateMultiplier: 3 },
  harsh: { graspMiss: 0.15, drop: 0.1, wrongObject: 0.08, stall: 0.06, falseDone: 0.15, outOfTemplateMultiplier: 4 },
  /** Failures that repeat per approach, wrong-object grasps, and false claims when the scene looks almost right. */
  realistic: { graspMiss: 0.08, drop: 0.04, wrongObject: 0.06, stall: 0.02, falseDone: 0.1, outOfTemplateMultiplier: 3, persistence: 0.85, falseDoneTiming: 'almost_done' },
} as const satisfies Record<string, FaultConfig>;
export type FaultPreset = keyof typeof FAULT_PRESETS;

export function faultConfig(preset: FaultPreset | FaultConfig): FaultConfig {
  return typeof preset === 'string' ? { ...FAULT_PRESETS[preset] } : FaultConfigSchema.parse(preset);
}

export type FaultKind = 'grasp_miss' | 'drop' | 'wrong_object' | 'stall' | 'false_done';

/** A fault that actually took effect during an attempt. For tests and benchmarks only. */
export interface InjectedFault {
  goalId: string;
  kind: FaultKind;
  simTime: number;
  /** True for a completion claim made before the work was done. */
  falseCompletion: boolean;
  /**
   * Set by whoever holds the world's truth: the subgoal's criteria already held when the early claim
   * was made (the robot started where the work leaves it), so the claim was true after all.
   */
  workAlreadyDone?: boolean;
  detail: string;
}

/** What this attempt will suffer, drawn once at the start so the attempt replays exactly. */
export interface FaultPlan {
  graspMiss: { dx: number; dy: number } | null;
  /** Fraction of the carry after which the gripper opens. */
  drop: number | null;
  wrongObject: boolean;
  /** Phase index at whose start the stall begins. */
  stallAtPhase: number | null;
  /** Phase index at whose start done is claimed. */
  falseDoneAtPhase: number | null;
  /** Name of the phase at whose (first) start done is claimed. */
  falseDoneAtPhaseNamed: string | null;
}

export const NO_FAULTS: FaultPlan = { graspMiss: null, drop: null, wrongObject: false, stallAtPhase: null, falseDoneAtPhase: null, falseDoneAtPhaseNamed: null };

/** The phase that starts when a carried object is over its target: a claim there looks almost right. */
export const ALMOST_DONE_PHASE = 'release';

/**
 * The fault plan of one attempt. `approach` (robot and instruction) keys the persistent part: with
 * probability `persistence` the attempt reuses that approach's draw, difficulty included.
 */
export function drawFaultPlan(config: FaultConfig, seed: number | string, goalId: string, inTemplate: boolean, approach?: string): FaultPlan {
  const root = new Random(seed);
  const fresh = root.fork(`sim-policy/${goalId}`);
  const persistence = config.persistence ?? 0;
  const repeats = approach !== undefined && persistence > 0 && fresh.next() < persistence;
  const rng = repeats ? root.fork(`sim-policy/approach/${approach}`) : fresh;
  // Some (object, skill) pairs are harder than others: a persistent approach keeps its difficulty.
  const difficulty = persistence > 0 ? rng.range(0.4, 2) : 1;
  const m = (inTemplate ? 1 : config.outOfTemplateMultiplier) * difficulty;
  const p = (x: number) => Math.min(0.95, x * m);
  // Draw every variate unconditionally so one probability's change does not reshuffle the others.
  const u = Array.from({ length: 5 }, () => rng.next());
  const angle = rng.range(0, 2 * Math.PI);
  const radius = rng.range(0.08, 0.12);
  const dropAt = rng.range(0.2, 0.8);
  const stallPhase = rng.int(1, 4);
  const falsePhase = rng.int(1, 3);
  const claims = (u[4] ?? 1) < p(config.falseDone);
  const almostDone = config.falseDoneTiming === 'almost_done';
  return {
    graspMiss: (u[0] ?? 1) < p(config.graspMiss) ? { dx: radius * Math.cos(angle), dy: radius * Math.sin(angle) } : null,
    drop: (u[1] ?? 1) < p(config.drop) ? dropAt : null,
    wrongObject: (u[2] ?? 1) < p(config.wrongObject),
    stallAtPhase: (u[3] ?? 1) < p(config.stall) ? stallPhase : null,
    falseDoneAtPhase: claims && !almostDone ? falsePhase : null,
    falseDoneAtPhaseNamed: claims && almostDone ? ALMOST_DONE_PHASE : null,
  };
}
