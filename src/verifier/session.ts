import { distance, formatPredicate, planarDistance } from '../domain/index.js';
import type { Evidence, Observation, Pose2D, Subgoal, Vec3, VerificationSession, Verdict, VerifierFactory } from '../domain/index.js';
import { AttemptTracker } from './attempt.js';
import { evaluateOnObservation } from './evaluate.js';
import type { EvaluateOptions, Evaluation } from './evaluate.js';
import { BeliefMemory } from './memory.js';
import { progressScore } from './score.js';

export interface TemporalVerifierOptions extends EvaluateOptions {
  /** Consecutive observations a carried object must be seen away from its target to call a drop. */
  dropConfirm?: number;
  /** A score gain below this is not progress (noise). */
  progressEpsilon?: number;
  /** Net base / end-effector displacement (m) that counts as motion for the stall check. */
  baseMotion?: number;
  eeMotion?: number;
  /** Share with every session of a robot one belief memory (default true): beliefs outlive subgoals. */
  sharedMemory?: boolean;
  /** Observations kept as evidence at most. */
  evidenceLimit?: number;
}

interface Ref {
  simTime: number;
  score: number;
  pose: Pose2D;
  ee: Vec3;
}

class TemporalSession implements VerificationSession {
  decided = false;
  private final: Verdict | null = null;
  /** The last progress score, or NaN before the first observation; its verdict is built on demand. */
  private progress = Number.NaN;
  private claimAt: number | null = null;
  private run = 0;
  private readonly seen: { seq: number; simTime: number }[] = [];
  private lastEvals: Evaluation[] = [];
  private lastObs: Observation | undefined;
  private ref: Ref | undefined;
  private reported: { score: number; nTrue: number } | undefined;
  private readonly attempt: AttemptTracker;
  private readonly dropConfirm: number;

  constructor(
    private readonly subgoal: Subgoal,
    private readonly robotId: string,
    private readonly memory: BeliefMemory,
    private readonly opts: TemporalVerifierOptions,
  ) {
    this.dropConfirm = opts.dropConfirm ?? 3;
    this.attempt = new AttemptTracker(subgoal.success.all, robotId, this.dropConfirm);
  }

  /** Built only when asked for: most control steps report nothing, and need not allocate a verdict. */
  get latest(): Verdict | null {
    if (this.final) return this.final;
    if (Number.isNaN(this.progress)) return null;
    return { kind: 'progress', score: this.progress, evidence: this.evidence(this.seen.slice(-Math.max(1, this.run))) };
  }

  claimDone(simTime: number): void {
    if (!this.decided && this.claimAt === null) this.claimAt = simTime;
  }

  observe(obs: Observation): Verdict | null {
    if (this.decided || obs.robotId !== this.robotId) return null;
    this.memory.update(obs);
    this.lastObs = obs;
    this.seen.push({ seq: obs.seq, simTime: obs.simTime });
    if (this.seen.length > (this.opts.evidenceLimit ?? 60)) this.seen.shift();

    const criteria = this.subgoal.success.all;
    const evals = criteria.map((p) => evaluateOnObservation(p, obs, this.memory, this.opts));
    this.lastEvals = evals;
    const allTrue = evals.every((e) => e.truth === 'true');
    this.run = allTrue ? this.run + 1 : 0;
    const k = this.subgoal.success.consecutive;

    // Success does not wait for a claim: a policy that finished silently still finished.
    if (this.run >= k) return this.decide({ kind: 'succeeded', evidence: this.evidence(this.seen.slice(-k)) });

    const dropped = this.attempt.update(obs, evals);
    if (dropped && this.claimAt === null) {
      return this.decide({
        kind: 'failed',
        code: 'object_dropped',
        evidence: this.evidence(this.seen.slice(-this.dropConfirm - 1), `${dropped} left the gripper away from its target`),
      });
    }

    const score = progressScore(criteria, evals, obs, this.memory);
    if (this.claimAt !== null) {
      const settle = this.subgoal.success.settleSeconds;
      // A run of true observations under way at the deadline may finish; any miss then decides.
      if (obs.simTime - this.claimAt >= settle && this.run === 0) return this.decide(this.afterSettle());
    } else {
      const stalled = this.checkStall(obs, score);
      if (stalled) return this.decide(stalled);
    }

    const nTrue = evals.filter((e) => e.truth === 'true').length;
    this.progress = score;
    const eps = this.opts.progressEpsilon ?? 0.05;
    if (!this.reported || nTrue !== this.reported.nTrue || Math.abs(score - this.reported.score) >= eps) {
      this.reported = { score, nTrue };
      return this.latest;
    }
    return null;
  }

  private checkStall(obs: Observation, score: number): Verdict | null {
    const moved = (r: Ref): boolean =>
      planarDistance(obs.pose, r.pose) > (this.opts.baseMotion ?? 0.05) || distance(obs.ee, r.ee) > (this.opts.eeMotion ?? 0.03);
    const eps = this.opts.progressEpsilon ?? 0.05;
    if (!this.ref || score > this.ref.score + eps || moved(this.ref)) {
      this.ref = { simTime: obs.simTime, score: Math.max(score, this.ref?.score ?? 0), pose: obs.pose, ee: obs.ee };
      return null;
    }
    if (obs.simTime - this.ref.simTime < this.subgoal.success.stallSeconds) return null;
    const since = this.ref.simTime;
    return {
      kind: 'stalled',
      evidence: this.evidence(
        this.seen.filter((s) => s.simTime >= since),
        `no score gain and no base/ee motion since t=${since.toFixed(2)}s`,
      ),
    };
  }

  judgeOpenClaim(): Verdict | null {
    if (this.decided || this.claimAt === null) return null;
    if (this.lastEvals.length > 0 && this.lastEvals.every((e) => e.truth === 'true')) return null;
    return this.decide(this.afterSettle());
  }

  private afterSettle(): Verdict {
    const claim = this.claimAt ?? 0;
    const window = this.seen.filter((s) => s.simTime >= claim);
    const truths = this.lastEvals.map((e) => e.truth);
    const unknown = truths.filter((t) => t === 'unknown').length;
    const anyFalse = truths.includes('false');
    if (unknown * 2 > truths.length || (!anyFalse && unknown > 0)) {
      return { kind: 'uncertain', evidence: this.evidence(window, 'claimed done; the criteria cannot be checked from what is in view') };
    }
    const d = this.attempt.diagnose(this.lastObs, this.memory);
    return { kind: 'false_completion', diagnosis: d.code, evidence: this.evidence(window, `claimed done at t=${claim.toFixed(2)}s; ${d.note}`) };
  }

  private decide(v: Verdict): Verdict {
    this.decided = true;
    this.final = v;
    return v;
  }

  private evidence(observations: { seq: number; simTime: number }[], note?: string): Evidence {
    const e: Evidence = {
      observations: observations.map((o) => ({ ...o })),
      criteria: this.subgoal.success.all.map((p, i) => {
        const e = this.lastEvals[i];
        return {
          predicate: formatPredicate(p),
          truth: e?.truth ?? 'unknown',
          reason: e?.reason ?? 'not evaluated',
          ...(e?.distance !== undefined ? { distance: e.distance } : {}),
          ...(e?.confidence !== undefined ? { confidence: e.confidence } : {}),
        };
      }),
      consecutive: this.run,
    };
    if (note) e.note = note;
    return e;
  }
}

/**
 * The temporal verifier: one session per subgoal attempt, deciding from observations alone.
 * Beliefs (objects hidden in closed containers) are kept per robot across sessions unless
 * `sharedMemory: false`.
 */
export function createTemporalVerifier(opts: TemporalVerifierOptions = {}): VerifierFactory {
  const memories = new Map<string, BeliefMemory>();
  return {
    begin(subgoal: Subgoal, robotId: string): VerificationSession {
      let memory = opts.sharedMemory === false ? undefined : memories.get(robotId);
      if (!memory) {
        memory = new BeliefMemory();
        if (opts.sharedMemory !== false) memories.set(robotId, memory);
      }
      return new TemporalSession(subgoal, robotId, memory, opts);
    },
  };
}
