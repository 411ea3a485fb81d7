import { describe, expect, it } from 'vitest';
import { itemName, itemType, kitchenScene } from '../../bench/ambik/scene.js';
import { ambikFigures, exploredBelief, names, runAmbik, scoreOutcome } from '../../bench/ambik/suite.js';
import { ambikAvailable, loadAmbik } from '../../bench/ambik/records.js';
import type { AmbikTask } from '../../bench/ambik/records.js';
import { createBuiltinReasoner } from '../../src/reasoning/builtin/reasoner.js';
import { CALIBRATED_QHAT, TARGET_COVERAGE } from '../../src/reasoning/ask-rule.js';
import { calibrate } from '../../scripts/calibrate-asking.js';
import { halfOf } from '../../bench/split.js';

/** Environment lists and requests written for these tests, in the shape of AmbiK's records. */
const ENVIRONMENT = ['a cheese grater', 'beer mug', 'bottle of apple juice', 'ceramic soup bowl', 'bell pepper', 'red onion', 'blender', 'muesli'];

function task(over: Partial<AmbikTask['record']>, category: AmbikTask['category'] = 'preferences'): AmbikTask {
  return {
    half: 'dev',
    category,
    record: { id: 'test-1', ambik_id: '1', ambiguity_type: 'preferences', environment: ENVIRONMENT, instruction: 'Bring me a mug.', ambiguous: true, ...over },
  };
}

describe('ambik-calib scenes', () => {
  it('names things as the list does, without articles, with "X of Y" read as a Y X', () => {
    expect(itemName('a cheese grater')).toBe('cheese grater');
    expect(itemName('bottle of apple juice')).toBe('apple juice bottle');
  });

  it('types each item by the catalogue, WordNet or a stand-in by what it is, never by a cut compound', () => {
    expect(itemType('beer mug').type).toBe('Mug');
    expect(itemType('ceramic soup bowl').type).toBe('Bowl');
    // "bell pepper" is a vegetable, not the pepper shaker its last word would name.
    expect(itemType('bell pepper')).toMatchObject({ type: 'Apple', how: 'stand-in:vegetable' });
    expect(itemType('muesli').type).toBe('Bread');
    // An amount or portion is of what its other words name; a word the catalogue types keeps its type.
    expect(itemType('cheddar cheese slices')).toMatchObject({ type: 'Bread', how: 'stand-in:dairy product' });
    expect(itemType('silver teaspoon').type).toBe('Spoon');
  });

  it('builds a valid kitchen whose belief already knows what is in the cupboards and the fridge', () => {
    const { scene } = kitchenScene('ambik-test', ENVIRONMENT);
    expect(scene.entities.filter((e) => e.name === 'beer mug')).toHaveLength(1);
    const belief = exploredBelief(scene);
    const mug = belief.all().find((e) => e.name === 'beer mug');
    expect(mug?.placement).toMatchObject({ relation: 'in', target: 'cabinet' });
    expect(belief.get('cabinet')?.state.open).toBe(false);
    expect(scene.entities.find((e) => e.name === 'ceramic soup bowl')?.attributes).toMatchObject({ material: 'ceramic' });
  });
});

describe('ambik-calib scoring', () => {
  it('splits by a stable hash of the id', () => {
    expect(halfOf('1')).toBe(halfOf('1'));
    const halves = new Set(Array.from({ length: 40 }, (_, i) => halfOf(`record-${i}`)));
    expect(halves).toEqual(new Set(['dev', 'report']));
  });

  it('reads an option as named when all its words are said, any "|" alternative counting', () => {
    expect(names('Which mug — the beer mug or the glass mug?', 'beer mug')).toBe(true);
    expect(names('Which one?', 'beer mug')).toBe(false);
    expect(names('I will chop it', 'slice|chop')).toBe(true);
  });

  it('counts a preference question as specific only when it offers the candidates AmbiK lists', () => {
    const { scene } = kitchenScene('ambik-test', ENVIRONMENT);
    const belief = exploredBelief(scene);
    const t = task({ options: ['beer mug', 'glass mug'] });
    const specific = scoreOutcome(t, { kind: 'clarify', question: 'Which mug — the beer mug or the glass mug?', options: ['the beer mug', 'the glass mug'], pending: null }, belief);
    expect(specific).toMatchObject({ asked: true, specific: true, understood: true });
    const vague = scoreOutcome(t, { kind: 'not_understood', unknown: ['bring'], reason: 'I do not know how to "bring"' }, belief);
    expect(vague).toMatchObject({ asked: true, specific: false, understood: false });
    // "I can't pour" is understood and asks nothing about what is meant: counted apart, as `cannot`.
    const cannot = scoreOutcome(task({ ambiguous: false }), { kind: 'not_understood', unknown: ['pour'], reason: 'I can\'t "pour"' }, belief);
    expect(cannot).toMatchObject({ asked: false, cannot: true, understood: true });
    expect(ambikFigures([cannot])).toMatchObject({ clearAsked: { hits: 0, of: 1 }, clearAskedOrCannot: { hits: 1, of: 1 } });
  });

  it('counts common sense as acted on only without a candidate AmbiK marks as not meant', () => {
    const { scene } = kitchenScene('ambik-test', ENVIRONMENT);
    const belief = exploredBelief(scene);
    const mug = belief.all().find((e) => e.name === 'beer mug')!;
    const t = task({ user_intent: ['ceramic soup bowl'], amb_shortlist: ['ceramic soup bowl', 'beer mug'] }, 'common_sense');
    const wrong = scoreOutcome(t, { kind: 'goal', goal: { steps: [] }, groundings: [{ text: 'a cup', ids: [mug.id] }] }, belief);
    expect(wrong.acceptable).toBe(false);
    const asked = scoreOutcome(t, { kind: 'clarify', question: 'Which?', options: [], pending: null }, belief);
    expect(asked.acceptable).toBe(false);
    const bowl = belief.all().find((e) => e.name === 'ceramic soup bowl')!;
    expect(scoreOutcome(t, { kind: 'goal', goal: { steps: [] }, groundings: [{ text: 'a bowl', ids: [bowl.id] }] }, belief).acceptable).toBe(true);
  });
});

describe('ambik-calib on the dev half (when the shared data is there)', () => {
  it.skipIf(!ambikAvailable())('keeps its figures and its calibrated q̂', async () => {
    const outcomes = await runAmbik(loadAmbik().filter((t) => t.half === 'dev'), createBuiltinReasoner());
    const f = ambikFigures(outcomes);
    expect(f.understood.hits / f.understood.of).toBeGreaterThanOrEqual(0.95);
    expect(f.preferencesAskSpecific.hits).toBeGreaterThanOrEqual(10);
    expect(f.commonSenseSafetyActed.hits).toBeGreaterThanOrEqual(5);
    expect(f.clearAsked.hits / f.clearAsked.of).toBeLessThanOrEqual(0.1);
    expect(f.clearAskedOrCannot.hits).toBeLessThanOrEqual(16);
    expect(f.clearAsked.hits).toBeLessThanOrEqual(4);
    // The constant orca decides with is the one calibration gives on this half.
    const c = await calibrate();
    expect(c.coverage).toBe(TARGET_COVERAGE);
    expect(CALIBRATED_QHAT).toBeCloseTo(c.qhat, 3);
  }, 60_000);
});
