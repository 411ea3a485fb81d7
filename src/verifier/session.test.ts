import { describe, expect, it } from 'vitest';
import type { Detection, Observation, Verdict } from '../domain/index.js';
import { createTemporalVerifier } from './session.js';
import { det, ROBOT, stream, subgoal } from './testkit.js';
import type { ObsSpec } from './testkit.js';

const basket = det('basket_1', 'basket', { x: 0.5, y: 0.5, z: 0.1 }, {
  regions: [{ id: 'basket_1_contain_region', position: { x: 0.5, y: 0.5, z: 0.1 }, state: {} }],
});
const soupIn = (target: string, relation: 'in' | 'on' = 'in', extra: Partial<Detection> = {}): Detection =>
  det('soup_1', 'alphabet_soup', { x: 0.5, y: 0.5, z: 0.1 }, { placement: { relation, target }, ...extra });
const putIn = () => subgoal('put_in', ['in(soup_1, basket_1)', `handEmpty(${ROBOT})`]);

/** Feeds specs in order; returns every non-null verdict and the session. */
function feed(session: ReturnType<ReturnType<typeof createTemporalVerifier>['begin']>, next: (s?: ObsSpec) => Observation, specs: ObsSpec[]) {
  const verdicts: Verdict[] = [];
  for (const s of specs) {
    const v = session.observe(next(s));
    if (v) verdicts.push(v);
  }
  return verdicts;
}
const terminal = (vs: Verdict[]) => vs.find((v) => v.kind !== 'progress');

describe('temporal verification session', () => {
  it('needs K consecutive observations; a noisy miss resets the count but does not fail', () => {
    const s = createTemporalVerifier().begin(putIn(), ROBOT);
    const next = stream();
    const good: ObsSpec = { detections: [basket, soupIn('basket_1_contain_region')] };
    const miss: ObsSpec = { detections: [basket] }; // the soup's detection was missed once
    const vs = feed(s, next, [good, good, miss, good, good]);
    expect(terminal(vs)).toBeUndefined();
    expect(s.decided).toBe(false);
    const last = feed(s, next, [good]);
    expect(last[0]?.kind).toBe('succeeded');
    expect(last[0]?.evidence.consecutive).toBe(3);
    expect(last[0]?.evidence.observations.map((o) => o.seq)).toEqual([3, 4, 5]);
    expect(last[0]?.evidence.criteria[0]).toMatchObject({ predicate: 'in(soup_1, basket_1)', truth: 'true' });
  });

  it("puts each criterion's measured distance and the sighting's confidence in the evidence, for plots", () => {
    const s = createTemporalVerifier().begin(subgoal('navigate', ['near(' + ROBOT + ', basket_1)']), ROBOT);
    const next = stream();
    const far = { ...basket, confidence: 0.8, position: { x: 3, y: 4, z: 0.1 } };
    s.observe(next({ detections: [far] }));
    const v = s.latest;
    expect(v?.evidence.criteria[0]).toMatchObject({ truth: 'false', distance: 5, confidence: 0.8 });
    const placedSession = createTemporalVerifier().begin(putIn(), ROBOT);
    placedSession.observe(next({ detections: [basket, soupIn('basket_1_contain_region')] }));
    expect(placedSession.latest?.evidence.criteria[0]).toMatchObject({ truth: 'true', confidence: 0.9 });
    expect(placedSession.latest?.evidence.criteria[0]?.distance).toBeUndefined();
  });

  it('does not take a claim as proof: claim with the gripper closed on nothing is grasp_failed', () => {
    const s = createTemporalVerifier().begin(putIn(), ROBOT);
    const next = stream();
    const onTable: ObsSpec = { detections: [basket, soupIn('kitchen_table', 'on')] };
    feed(s, next, [onTable, { ...onTable, gripper: { aperture: 0.6 } }, { ...onTable, gripper: { aperture: 0.1 } }]);
    s.claimDone(0.15);
    const vs = feed(s, next, Array.from({ length: 30 }, () => ({ ...onTable, gripper: { aperture: 0.1 } })));
    const v = terminal(vs);
    expect(v).toMatchObject({ kind: 'false_completion', diagnosis: 'grasp_failed' });
    expect(v?.evidence.observations.every((o) => o.simTime >= 0.15)).toBe(true);
  });

  it('diagnoses wrong_object when a different object of the same type was moved', () => {
    const s = createTemporalVerifier().begin(putIn(), ROBOT);
    const next = stream();
    const soup2 = det('soup_2', 'alphabet_soup', { x: 0.6, y: 0.5, z: 0.2 });
    const table: ObsSpec = { detections: [basket, soupIn('kitchen_table', 'on'), soup2] };
    feed(s, next, [table, { ...table, gripper: { aperture: 0.1, contact: true, holding: 'soup_2' } }]);
    const placed2 = { ...soup2, placement: { relation: 'in' as const, target: 'basket_1_contain_region' } };
    feed(s, next, [{ detections: [basket, soupIn('kitchen_table', 'on'), placed2] }]);
    s.claimDone(0.1);
    const vs = feed(s, next, Array.from({ length: 30 }, () => ({ detections: [basket, soupIn('kitchen_table', 'on'), placed2] })));
    expect(terminal(vs)).toMatchObject({ kind: 'false_completion', diagnosis: 'wrong_object' });
  });

  it('diagnoses object_dropped after a claim, and fails at once on a drop while running', () => {
    const claimed = createTemporalVerifier().begin(putIn(), ROBOT);
    let next = stream();
    const holding: ObsSpec = { gripper: { aperture: 0.1, contact: true, holding: 'soup_1' }, detections: [basket, det('soup_1', 'alphabet_soup', { x: 0.3, y: 0, z: 1 })] };
    const unseen: ObsSpec = { detections: [basket] };
    feed(claimed, next, [holding, holding, unseen]);
    claimed.claimDone(0.1);
    expect(terminal(feed(claimed, next, Array.from({ length: 30 }, () => unseen)))).toMatchObject({ kind: 'uncertain' });

    const claimed2 = createTemporalVerifier().begin(putIn(), ROBOT);
    next = stream();
    const onFloor: ObsSpec = { detections: [basket, soupIn('kitchen', 'on')] };
    feed(claimed2, next, [holding, holding, onFloor]);
    claimed2.claimDone(0.1);
    expect(terminal(feed(claimed2, next, Array.from({ length: 30 }, () => onFloor)))).toMatchObject({
      kind: 'false_completion',
      diagnosis: 'object_dropped',
    });

    const running = createTemporalVerifier().begin(putIn(), ROBOT);
    next = stream();
    const vs = feed(running, next, [holding, holding, onFloor, onFloor, onFloor, onFloor]);
    expect(terminal(vs)).toMatchObject({ kind: 'failed', code: 'object_dropped' });
    expect(vs.filter((v) => v.kind !== 'progress')).toHaveLength(1);
  });

  it('a release onto the target is not a drop', () => {
    const s = createTemporalVerifier().begin(putIn(), ROBOT);
    const next = stream();
    const holding: ObsSpec = { gripper: { aperture: 0.1, contact: true, holding: 'soup_1' }, detections: [basket, det('soup_1', 'alphabet_soup', { x: 0.5, y: 0.5, z: 0.4 })] };
    const placed: ObsSpec = { detections: [basket, soupIn('basket_1_contain_region')] };
    expect(terminal(feed(s, next, [holding, holding, placed, placed, placed]))?.kind).toBe('succeeded');
  });

  it('reports a stall when neither the score nor the robot moves, and progress while approaching', () => {
    const s = createTemporalVerifier().begin(subgoal('pick', [`holding(${ROBOT}, soup_1)`]), ROBOT);
    const next = stream();
    const soup = soupIn('kitchen_table', 'on');
    const approach = feed(s, next, [-2, -1.5, -1, -0.5, 0].map((x) => ({ ee: { x, y: 0.5, z: 0.1 }, detections: [soup] })));
    const scores = approach.filter((v) => v.kind === 'progress').map((v) => (v.kind === 'progress' ? v.score : 0));
    expect(scores.length).toBeGreaterThan(1);
    expect(scores[scores.length - 1]).toBeGreaterThan(scores[0] ?? 1);
    const still = feed(s, next, Array.from({ length: 50 }, () => ({ ee: { x: 0, y: 0.5, z: 0.1 }, detections: [soup] })));
    const v = terminal(still);
    expect(v?.kind).toBe('stalled');
    expect(v?.evidence.note).toMatch(/no score gain/);
    expect(s.decided).toBe(true);
  });

  it('uses belief memory for an object in a closed fridge, and is uncertain when things are out of view', () => {
    const verifier = createTemporalVerifier();
    const sg = subgoal('close', ['isClosed(fridge_1)', 'in(apple_1, fridge_1)']);
    const fridge = (open: boolean) => det('fridge_1', 'Fridge', { x: 1, y: 0, z: 1.8 }, { state: { open } });
    const apple = det('apple_1', 'Apple', { x: 1, y: 0, z: 1 }, { placement: { relation: 'in', target: 'fridge_1' } });
    const s = verifier.begin(sg, ROBOT);
    const next = stream();
    feed(s, next, [{ detections: [fridge(true), apple] }]);
    const vs = feed(s, next, [1, 2, 3].map(() => ({ detections: [fridge(false)] })));
    expect(terminal(vs)).toMatchObject({ kind: 'succeeded' });
    expect(terminal(vs)?.evidence.criteria[1]?.reason).toMatch(/belief memory/);

    // The robot left the room: nothing in view after the claim -> uncertain, never success.
    const away = createTemporalVerifier({ sharedMemory: false }).begin(sg, ROBOT);
    const next2 = stream();
    feed(away, next2, [{ room: 'hall', detections: [] }]);
    away.claimDone(0);
    expect(terminal(feed(away, next2, Array.from({ length: 30 }, () => ({ room: 'hall', detections: [] }))))).toMatchObject({ kind: 'uncertain' });
  });

  it('ignores low-confidence detections when deciding', () => {
    const s = createTemporalVerifier().begin(putIn(), ROBOT);
    const next = stream();
    const faint: ObsSpec = { detections: [basket, soupIn('basket_1_contain_region', 'in', { confidence: 0.4 })] };
    const vs = feed(s, next, Array.from({ length: 5 }, () => faint));
    expect(terminal(vs)).toBeUndefined();
    expect(s.latest?.evidence.criteria[0]?.truth).toBe('unknown');
  });

  it('a claim does not delay success that the observations show', () => {
    const s = createTemporalVerifier().begin(subgoal('toggle_on', ['isOn(stove_1)']), ROBOT);
    const next = stream();
    const on: ObsSpec = { detections: [det('stove_1', 'flat_stove', { x: 0.5, y: 0.5, z: 0.1 }, { state: { on: true } })] };
    feed(s, next, [on]);
    s.claimDone(0.05);
    expect(terminal(feed(s, next, [on, on]))?.kind).toBe('succeeded');
  });
});
