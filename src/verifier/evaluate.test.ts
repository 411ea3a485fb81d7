import { describe, expect, it } from 'vitest';
import { parsePredicate } from '../domain/index.js';
import { evaluateOnObservation } from './evaluate.js';
import { BeliefMemory } from './memory.js';
import { det, ROBOT, stream } from './testkit.js';

const P = parsePredicate;

describe('evaluateOnObservation', () => {
  it('reads placement, matching an entity by its regions', () => {
    const next = stream();
    const mw = det('microwave_1', 'microwave', { x: 1, y: 0, z: 1 }, {
      state: { open: false },
      regions: [{ id: 'microwave_1_heating_region', position: { x: 1, y: 0, z: 0.9 }, state: {} }],
    });
    const mug = det('mug_1', 'Mug', { x: 1, y: 0, z: 0.9 }, { placement: { relation: 'in', target: 'microwave_1_heating_region' } });
    const o = next({ detections: [mw, mug] });
    expect(evaluateOnObservation(P('in(mug_1, microwave_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('in(mug_1, microwave_1_heating_region)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('on(mug_1, microwave_1)'), o).truth).toBe('false');
    expect(evaluateOnObservation(P('in(mug_1, fridge_1)'), o).truth).toBe('false');
    expect(evaluateOnObservation(P('not in(mug_1, fridge_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('isClosed(microwave_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('in(apple_9, microwave_1)'), o)).toMatchObject({ truth: 'unknown', reason: 'apple_9 not in view' });
  });

  it('reads a region state (a drawer of a cabinet) and ignores low-confidence detections', () => {
    const next = stream();
    const cab = det('white_cabinet_1', 'white_cabinet', { x: 0, y: 1, z: 0.5 }, {
      regions: [{ id: 'white_cabinet_1_bottom_region', position: { x: 0, y: 1, z: 0.2 }, state: { open: true } }],
    });
    expect(evaluateOnObservation(P('isOpen(white_cabinet_1_bottom_region)'), next({ detections: [cab] })).truth).toBe('true');
    const faint = det('stove_1', 'flat_stove', { x: 0, y: 0, z: 0 }, { confidence: 0.3, state: { on: true } });
    const e = evaluateOnObservation(P('isOn(stove_1)'), next({ detections: [faint] }));
    expect(e.truth).toBe('unknown');
    expect(e.reason).toMatch(/low confidence/);
  });

  it('reads the gripper, distances and state fields', () => {
    const next = stream();
    const held = next({ gripper: { aperture: 0.1, contact: true, holding: 'apple_1' }, pose: { x: 0, y: 0, theta: 0 } });
    expect(evaluateOnObservation(P(`holding(${ROBOT}, apple_1)`), held).truth).toBe('true');
    expect(evaluateOnObservation(P(`holding(${ROBOT}, apple_2)`), held).truth).toBe('false');
    expect(evaluateOnObservation(P(`handEmpty(${ROBOT})`), held).truth).toBe('false');
    const handle = next({ gripper: { aperture: 0.1, contact: true, holding: null } });
    expect(evaluateOnObservation(P(`handEmpty(${ROBOT})`), handle).truth).toBe('false');
    const lamp = det('lamp_1', 'DeskLamp', { x: 0.8, y: 0, z: 1 }, { state: { on: true } });
    const book = det('book_1', 'Book', { x: 0.4, y: 0, z: 1 }, { state: { temperature: 'hot', clean: false } });
    const o = next({ detections: [lamp, book] });
    expect(evaluateOnObservation(P(`near(${ROBOT}, lamp_1)`), o).truth).toBe('true');
    expect(evaluateOnObservation(P(`near(${ROBOT}, kitchen)`), o).truth).toBe('true');
    expect(evaluateOnObservation(P('inLight(book_1, lamp_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('leftOf(book_1, lamp_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('rightOf(book_1, lamp_1)'), o).truth).toBe('false');
    expect(evaluateOnObservation(P('isHot(book_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('isDirty(book_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('isSliced(book_1)'), o).truth).toBe('unknown');
    const far = next({ pose: { x: 5, y: 0, theta: 0 }, detections: [{ ...lamp, state: { on: false } }] });
    expect(evaluateOnObservation(P(`near(${ROBOT}, lamp_1)`), far).truth).toBe('false');
    expect(evaluateOnObservation(P('inLight(book_1, lamp_1)'), far).truth).toBe('false');
  });

  it('keeps believing an object is in a container once the container closes', () => {
    const next = stream();
    const memory = new BeliefMemory();
    const fridge = (open: boolean) => det('fridge_1', 'Fridge', { x: 2, y: 0, z: 1.8 }, { state: { open } });
    const apple = det('apple_1', 'Apple', { x: 2, y: 0, z: 1 }, { placement: { relation: 'in', target: 'fridge_1' }, state: { temperature: 'cold' } });
    const seenOpen = next({ detections: [fridge(true), apple] });
    memory.update(seenOpen);
    const closed = next({ detections: [fridge(false)] });
    memory.update(closed);
    const e = evaluateOnObservation(P('in(apple_1, fridge_1)'), closed, memory);
    expect(e.truth).toBe('true');
    expect(e.reason).toMatch(/belief memory/);
    expect(evaluateOnObservation(P('isCold(apple_1)'), closed, memory).truth).toBe('true');
    // Without memory, or when the fridge is open again and the apple is not there, it is unknown.
    expect(evaluateOnObservation(P('in(apple_1, fridge_1)'), closed).truth).toBe('unknown');
    const reopened = next({ detections: [fridge(true)] });
    memory.update(reopened);
    expect(evaluateOnObservation(P('in(apple_1, fridge_1)'), reopened, memory).truth).toBe('unknown');
  });
});
