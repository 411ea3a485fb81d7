import type { ActionLimits, RobotAction } from '../../domain/action.js';
import type { FailureCode } from '../../domain/failures.js';
import type { Observation } from '../../domain/observation.js';
import type { RobotKind, StaticMap } from '../../robots/world-port.js';
import { EarlyClaim, PolicyContext, PolicyFailure, type Prog } from './context.js';
import { drawFaultPlan, faultConfig, type FaultConfig, type FaultPreset, type InjectedFault } from './faults.js';
import { runIntent } from './household.js';
import { parseInstruction, TRAINED_TEMPLATES, type Intent } from './language.js';

/** What the policy knows about its robot: its body and its prior map, nothing of the world's truth. */
export interface PolicyEnv {
  kind: RobotKind;
  limits: ActionLimits;
  map: StaticMap;
  dt: number;
  /** Planar reach of the end effector from the base, metres. */
  reach: number;
}

export type PolicyOutput =
  | { kind: 'act'; action: RobotAction }
  | { kind: 'done'; message: string }
  | { kind: 'fail'; code: FailureCode; message: string };

export interface SimVlaPolicyOptions {
  faults?: FaultPreset | FaultConfig;
  seed?: number | string;
}

/**
 * The simulated vision-language-action policy: instruction text and live observations in, one action
 * per control step out. Programs per intent are closed-loop phase controllers; the fault model,
 * drawn per attempt from (seed, goalId), makes it fail the way real policies do.
 */
export class SimVlaPolicy {
  readonly trainedTemplates: readonly string[] = TRAINED_TEMPLATES;
  readonly faults: FaultConfig;
  readonly seed: number | string;
  private program: Prog | null = null;
  private ctx: PolicyContext | null = null;
  private goalId = '';
  private readonly injected: InjectedFault[] = [];
  private readonly listeners = new Set<(f: InjectedFault) => void>();
  private attempts = new Map<string, number>();
  private readonly scopes = new Map<string, number>();

  /**
   * Goal ids may be scoped by ids minted from the wall clock ("m-<time>-1/g3"); fault draws key on
   * the scope's order of first appearance instead, so a run replays exactly given the seed.
   */
  private stableKey(goalId: string): string {
    const cut = goalId.lastIndexOf('/');
    if (cut < 0) return goalId;
    const scope = goalId.slice(0, cut);
    if (!this.scopes.has(scope)) this.scopes.set(scope, this.scopes.size);
    return `${goalId.slice(cut + 1)}@${this.scopes.get(scope)}`;
  }

  constructor(options: SimVlaPolicyOptions = {}) {
    this.faults = faultConfig(options.faults ?? 'off');
    this.seed = options.seed ?? 0;
  }

  /** Starts (or restarts with a new instruction) an attempt. A failure output means it cannot even begin. */
  begin(task: { goalId: string; instruction: string }, env: PolicyEnv, obs: Observation): PolicyOutput | null {
    this.goalId = task.goalId;
    const parsed = parseInstruction(task.instruction);
    if (!parsed || parsed.intents.length === 0) {
      this.program = null;
      return { kind: 'fail', code: 'executor_error', message: `cannot make sense of "${task.instruction}"` };
    }
    // A mid-run correction under the same goal id draws a fresh, still reproducible, fault plan.
    const n = this.attempts.get(task.goalId) ?? 0;
    this.attempts.set(task.goalId, n + 1);
    const stable = this.stableKey(task.goalId);
    const planKey = n === 0 ? stable : `${stable}#${n}`;
    // This policy drives one robot, so its approach to the work is the instruction it is given.
    const plan = drawFaultPlan(this.faults, this.seed, planKey, parsed.inTemplate, task.instruction.trim().toLowerCase());
    const goalId = task.goalId;
    this.ctx = new PolicyContext(obs, env.dt, env.kind, env.limits, env.reach, env.map, plan, (kind, detail, falseCompletion) => {
      const f: InjectedFault = { goalId, kind, detail, falseCompletion, simTime: this.ctx?.obs.simTime ?? obs.simTime };
      this.injected.push(f);
      for (const l of this.listeners) l(f);
    });
    this.program = run(this.ctx, parsed.intents);
    return null;
  }

  act(obs: Observation): PolicyOutput {
    const ctx = this.ctx;
    const program = this.program;
    if (!ctx || !program) return { kind: 'fail', code: 'executor_error', message: 'no task' };
    ctx.update(obs);
    try {
      const step = program.next(obs);
      if (step.done) {
        this.program = null;
        return { kind: 'done', message: 'done' };
      }
      return { kind: 'act', action: step.value };
    } catch (err) {
      this.program = null;
      if (err instanceof EarlyClaim) return { kind: 'done', message: 'done' };
      if (err instanceof PolicyFailure) return { kind: 'fail', code: err.code, message: err.message };
      return { kind: 'fail', code: 'executor_error', message: err instanceof Error ? err.message : String(err) };
    }
  }

  /** Faults that took effect (all attempts, or one goal id). For tests and benchmarks, never for orca's decisions. */
  injectedFaults(goalId?: string): InjectedFault[] {
    return this.injected.filter((f) => goalId === undefined || f.goalId === goalId);
  }

  onFault(listener: (f: InjectedFault) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get currentGoalId(): string {
    return this.goalId;
  }
}

function* run(ctx: PolicyContext, intents: readonly Intent[]): Prog {
  for (const intent of intents) yield* runIntent(ctx, intent);
}
