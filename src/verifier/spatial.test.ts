import { describe, expect, it } from 'vitest';
import { parsePredicate } from '../domain/index.js';
import { evaluateOnObservation } from './evaluate.js';
import { det, stream } from './testkit.js';

const P = parsePredicate;

describe('spatial relations in the verifier', () => {
  it('reads next to, the four sides and between from detected positions', () => {
    const next = stream();
    const can = det('can_1', 'Cup', { x: 1, y: 1, z: 0.9 });
    const bowl = det('bowl_1', 'Bowl', { x: 1.6, y: 1, z: 0.9 });
    const apple = det('apple_1', 'Apple', { x: 1.3, y: 1.01, z: 0.9 });
    const o = next({ detections: [can, bowl, apple] });
    expect(evaluateOnObservation(P('nextTo(apple_1, can_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('rightOf(apple_1, can_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('leftOf(apple_1, can_1)'), o).truth).toBe('false');
    expect(evaluateOnObservation(P('leftOf(apple_1, bowl_1)'), o).truth).toBe('true');
    expect(evaluateOnObservation(P('behind(apple_1, can_1)'), o).truth).toBe('false');
    expect(evaluateOnObservation(P('between(apple_1, can_1, bowl_1)'), o).truth).toBe('true');
    // Not next to the bowl... and never "in" it.
    expect(evaluateOnObservation(P('nextTo(bowl_1, can_1)'), o).truth).toBe('false');
    expect(evaluateOnObservation(P('nextTo(apple_1, mug_9)'), o).truth).toBe('unknown');
  });

  it('is stricter than the world near the limits, so a confirmation holds in the world too', () => {
    const next = stream();
    const can = det('can_1', 'Cup', { x: 0, y: 0, z: 0.9 });
    // 0.47 m apart: next to in the world (≤ 0.5 m), not yet for the verifier (≤ 0.44 m).
    const o = next({ detections: [can, det('apple_1', 'Apple', { x: 0.47, y: 0, z: 0.9 })] });
    expect(evaluateOnObservation(P('nextTo(apple_1, can_1)'), o).truth).toBe('false');
    // 4 cm to the right: a side in the world (≥ 2 cm), too close to call for the verifier (≥ 6 cm).
    const o2 = next({ detections: [can, det('apple_1', 'Apple', { x: 0.04, y: 0, z: 0.9 })] });
    expect(evaluateOnObservation(P('rightOf(apple_1, can_1)'), o2).truth).toBe('false');
  });
});
