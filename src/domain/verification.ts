import type { FailureCode } from './failures.js';
import type { Observation } from './observation.js';
import type { Subgoal } from './plan.js';

/** What a verdict rests on: the predicates checked, their truth per observation, and why. */
export interface Evidence {
  /** Observation sequence numbers (and sim times) the verdict used. */
  observations: { seq: number; simTime: number }[];
  /** Each criterion's last evaluated truth, with a short reason ("apple_1 seen in fridge_1, conf 0.93"). */
  criteria: {
    predicate: string;
    truth: 'true' | 'false' | 'unknown';
    reason: string;
    /** Metres from the target the criterion measured (near, inLight), for plots over time. */
    distance?: number;
    /** The detector's confidence in the sighting the criterion rests on. */
    confidence?: number;
  }[];
  /** How many consecutive observations satisfied every criterion at the time of the verdict. */
  consecutive: number;
  note?: string;
}

/**
 * A verifier's reading of the observation stream for one running subgoal.
 * - `progress`: criteria partly met or moving towards them (score 0..1).
 * - `succeeded`: every criterion held for the required consecutive observations.
 * - `stalled`: no progress for the skill's stall window while running.
 * - `false_completion`: the executor claimed done and the criteria did not hold within the settle window;
 *   `diagnosis` names the likelier failure (grasp_failed, wrong_object, object_dropped, ...).
 * - `uncertain`: the evidence is too weak to decide (relevant objects out of view, low confidence).
 * - `failed`: a failure seen directly while running (e.g. the carried object was dropped).
 */
export type Verdict =
  | { kind: 'progress'; score: number; evidence: Evidence }
  | { kind: 'succeeded'; evidence: Evidence }
  | { kind: 'stalled'; evidence: Evidence }
  | { kind: 'false_completion'; diagnosis: FailureCode; evidence: Evidence }
  | { kind: 'uncertain'; evidence: Evidence }
  | { kind: 'failed'; code: FailureCode; evidence: Evidence };

/**
 * One verification session per subgoal attempt. It never reads the executor's claim as proof and
 * never reads ground truth: only observations.
 */
export interface VerificationSession {
  /** Feed one observation; returns a verdict when the session has something new to say. */
  observe(observation: Observation): Verdict | null;
  /** The executor claims done at `simTime`; from now on the settle window runs. */
  claimDone(simTime: number): void;
  /** The latest verdict (progress while undecided). */
  readonly latest: Verdict | null;
  /** True once a terminal verdict (succeeded, false_completion, stalled, uncertain, failed) was given. */
  readonly decided: boolean;
  /**
   * The attempt is being stopped while a claim is still in its settle window: the verdict the
   * evidence so far supports (null when there is no open claim, or the criteria hold right now).
   */
  judgeOpenClaim?(): Verdict | null;
}

export interface VerifierFactory {
  /** `robotId` is the robot whose observations are fed; `$robot` in criteria binds to it. */
  begin(subgoal: Subgoal, robotId: string): VerificationSession;
}
