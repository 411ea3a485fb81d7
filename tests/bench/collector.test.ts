import { describe, expect, it } from 'vitest';
import { HeapClock, overlapsPause, pauseOutside } from '../../bench/collector.js';

describe('collector pauses', () => {
  const pauses = [
    { start: 1, end: 2 },
    { start: 4, end: 6 },
    { start: 9, end: 12 },
  ];

  it('counts only the part of each pause inside the step and outside every section', () => {
    // Step [0, 10]: the first pause wholly in the gap (1 ms), the second half inside a section
    // [5, 7] (1 ms in the gap), the third cut by the step's end (1 ms).
    expect(pauseOutside(pauses, 0, 10, [{ start: 5, end: 7 }])).toBeCloseTo(3, 9);
    expect(pauseOutside(pauses, 0, 10, [])).toBeCloseTo(4, 9);
    expect(pauseOutside(pauses, 2, 4, [])).toBe(0);
  });

  it('tells which steps a pause interrupted', () => {
    expect(overlapsPause(pauses, 2, 4)).toBe(false);
    expect(overlapsPause(pauses, 5.5, 5.6)).toBe(true);
  });

  it('calibrates what one heap read allocates, and counts reads', () => {
    const clock = new HeapClock();
    expect(clock.readCost).toBeGreaterThanOrEqual(0);
    clock.now();
    clock.now();
    expect(clock.reads).toBe(2);
  });
});
