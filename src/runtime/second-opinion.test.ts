import { describe, expect, it } from 'vitest';
import type { Observation } from '../domain/observation.js';
import type { Subgoal } from '../domain/plan.js';
import type { Verdict, VerificationSession, VerifierFactory } from '../domain/verification.js';
import type { FrameCheck } from '../reasoning/openai/vlm.js';
import { frameOf, withSecondOpinion } from './second-opinion.js';

const evidence = (truth: 'true' | 'false'): Verdict['evidence'] => ({ observations: [], criteria: [{ predicate: 'holding(arm, mug_red)', truth, reason: '' }], consecutive: 0 });

/** A verifier whose verdicts the test scripts, one per observation. */
function scripted(verdicts: (Verdict | null)[]): VerifierFactory {
  return {
    begin: (): VerificationSession => {
      let latest: Verdict | null = null;
      return {
        observe: () => (latest = verdicts.shift() ?? null),
        claimDone: () => undefined,
        get latest() {
          return latest;
        },
        get decided() {
          return latest !== null && latest.kind !== 'progress';
        },
      };
    },
  };
}

const SUBGOAL = { id: 's1', success: { all: [{ pred: 'holding', args: ['arm', 'mug_red'] }] } } as unknown as Subgoal;

function obs(images?: Observation['images']): Observation {
  return { robotId: 'arm', seq: 1, simTime: 1, pose: { x: 0, y: 0, theta: 0 }, ee: { x: 0, y: 0, z: 0 }, gripper: { aperture: 1, contact: false, holding: null }, room: null, detections: [], ...(images ? { images } : {}) };
}

const FRAME = { front: { width: 2, height: 1, encoding: 'rgb8', data: new Uint8Array([255, 0, 0, 0, 0, 255]) } };

describe('the second opinion on camera frames', () => {
  it('asks the model about the criteria at the claim and adds its answer to the verdict, never changing the verdict', async () => {
    const asked: string[] = [];
    const check: FrameCheck = (frame, p, words) => {
      asked.push(`${p.pred}(${p.args.join(',')}) ${String(words?.['mug_red'])} ${frame.mime ?? ''}`);
      return Promise.resolve({ truth: 'false', confidence: 0.8, why: 'the gripper is empty' });
    };
    const verifier = withSecondOpinion(scripted([{ kind: 'succeeded', evidence: evidence('true') }]), { check, model: 'vlm-1', describe: (id) => `the ${id}`, frame: () => frameOf(obs(FRAME), 'front') });
    const session = verifier.begin(SUBGOAL, 'arm');
    session.claimDone(1);
    await new Promise((r) => setImmediate(r));
    const v = session.observe(obs());
    expect(asked).toEqual(['holding(arm,mug_red) the mug_red image/png']);
    expect(v?.kind).toBe('succeeded');
    expect(v?.evidence.note).toBe('second opinion (advisory, vlm-1): holding(arm, mug_red): false (0.80, the gripper is empty)');
  });

  it('says when the model was not asked or had not answered before the verdict', () => {
    const never: FrameCheck = () => new Promise(() => undefined);
    const quiet = withSecondOpinion(scripted([{ kind: 'false_completion', diagnosis: 'grasp_failed', evidence: evidence('false') }]), { check: never, model: 'm', describe: (id) => id, frame: () => null });
    expect(quiet.begin(SUBGOAL, 'arm').observe(obs())?.evidence.note).toBe('second opinion (advisory, m): not asked (no claim, criteria never all true)');
    const slow = withSecondOpinion(scripted([{ kind: 'progress', score: 1, evidence: evidence('true') }, { kind: 'succeeded', evidence: evidence('true') }]), { check: never, model: 'm', describe: (id) => id, frame: () => frameOf(obs(FRAME), null) });
    const session = slow.begin(SUBGOAL, 'arm');
    expect(session.observe(obs())?.evidence.note).toBeUndefined();
    expect(session.observe(obs())?.evidence.note).toBe('second opinion (advisory, m): not back before the verdict');
  });

  it('sends raw frames as PNG and compressed frames as they came', () => {
    const png = frameOf(obs(FRAME), 'front');
    expect(Buffer.from((png?.image as Uint8Array).subarray(0, 8)).toString('hex')).toBe('89504e470d0a1a0a');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff]);
    expect(frameOf(obs({ wrist: { width: 0, height: 0, encoding: 'jpeg', data: jpeg } }), 'wrist')).toEqual({ image: jpeg, mime: 'image/jpeg' });
    expect(frameOf(obs(FRAME), 'wrist')).toBeNull();
    expect(frameOf(obs(), null)).toBeNull();
  });
});
