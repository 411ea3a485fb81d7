import type { Observation } from '../domain/observation.js';
import type { Subgoal } from '../domain/plan.js';
import type { Verdict, VerificationSession, VerifierFactory } from '../domain/verification.js';
import { toRgb } from '../executors/protocols/image.js';
import type { Frame, FrameCheck } from '../reasoning/openai/vlm.js';
import { encodePng } from './png.js';

export interface SecondOpinionOptions {
  check: FrameCheck;
  /** The robot's current camera frame, or null when it has none. */
  frame(robotId: string): Frame | null;
  /** Words for an id, as the instruction would use them. */
  describe(id: string): string;
  /** Named in the note, so a reader knows whose opinion it was. */
  model: string;
}

/**
 * A camera frame of an observation as a vision model takes it: compressed frames as they came,
 * raw pixels encoded as PNG. Null when the camera is missing or its encoding is unknown.
 */
export function frameOf(obs: Observation | null, camera: string | null): Frame | null {
  const images = obs?.images ?? {};
  const name = camera ?? Object.keys(images)[0];
  const img = name === undefined ? undefined : images[name];
  if (!img) return null;
  if (img.encoding === 'png' || img.encoding === 'jpeg') return { image: img.data, mime: img.encoding === 'png' ? 'image/png' : 'image/jpeg' };
  try {
    return { image: encodePng(toRgb(img)), mime: 'image/png' };
  } catch {
    return null;
  }
}

const TERMINAL = new Set<Verdict['kind']>(['succeeded', 'false_completion', 'stalled', 'uncertain', 'failed']);

/**
 * The verifier with a vision model's second opinion on camera frames. The model is asked about the
 * subgoal's success criteria once, on the robot's frame when the executor claims done or when every
 * criterion first reads true; its answer is added to the note of the verdict's evidence when it is
 * back in time. Advisory only: it never changes, delays or makes a verdict.
 */
export function withSecondOpinion(inner: VerifierFactory, opts: SecondOpinionOptions): VerifierFactory {
  return { begin: (subgoal, robotId) => new SecondOpinionSession(inner.begin(subgoal, robotId), subgoal, robotId, opts) };
}

class SecondOpinionSession implements VerificationSession {
  private opinion: string | null = null;
  private asked = false;

  constructor(
    private readonly inner: VerificationSession,
    private readonly subgoal: Subgoal,
    private readonly robotId: string,
    private readonly opts: SecondOpinionOptions,
  ) {}

  get latest(): Verdict | null {
    return this.inner.latest;
  }

  get decided(): boolean {
    return this.inner.decided;
  }

  observe(observation: Observation): Verdict | null {
    const v = this.inner.observe(observation);
    if (!v) return v;
    if (v.evidence.criteria.length > 0 && v.evidence.criteria.every((c) => c.truth === 'true')) this.ask();
    return TERMINAL.has(v.kind) ? this.annotate(v) : v;
  }

  claimDone(simTime: number): void {
    this.inner.claimDone(simTime);
    this.ask();
  }

  judgeOpenClaim(): Verdict | null {
    const v = this.inner.judgeOpenClaim?.() ?? null;
    return v ? this.annotate(v) : null;
  }

  private ask(): void {
    if (this.asked) return;
    this.asked = true;
    const frame = this.opts.frame(this.robotId);
    if (!frame) {
      this.opinion = 'no camera frame to look at';
      return;
    }
    const criteria = this.subgoal.success.all;
    const words = Object.fromEntries(criteria.flatMap((p) => p.args).map((id) => [id, this.opts.describe(id)]));
    void Promise.all(criteria.map((p) => this.opts.check(frame, p, words).then((r) => `${p.neg ? 'not ' : ''}${p.pred}(${p.args.join(', ')}): ${r.truth} (${r.confidence.toFixed(2)}, ${r.why})`))).then(
      (lines) => {
        this.opinion = lines.join('; ');
      },
    );
  }

  private annotate(v: Verdict): Verdict {
    const said = this.opinion ?? (this.asked ? 'not back before the verdict' : 'not asked (no claim, criteria never all true)');
    const note = `second opinion (advisory, ${this.opts.model}): ${said}`;
    return { ...v, evidence: { ...v.evidence, note: v.evidence.note ? `${v.evidence.note}; ${note}` : note } };
  }
}
