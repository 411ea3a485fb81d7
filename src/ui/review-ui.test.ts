import { describe, expect, it } from 'vitest';
import { chartScale } from './public/js/plots-model.js';
import { replayedSubgoals, rowAtOrBefore, subgoalStatus } from './public/js/replay-model.js';

describe('replay model', () => {
  it("names the machine's subgoal states as the plan graph does", () => {
    expect(subgoalStatus('executing')).toBe('running');
    expect(subgoalStatus('awaiting_approval')).toBe('awaiting_human');
    expect(subgoalStatus('succeeded')).toBe('succeeded');
    expect(subgoalStatus('something new')).toBe('pending');
  });

  it("draws the plan of then: current subgoals in their old states, and an earlier version's from their ids", () => {
    const now = [{ id: 'v2-pick_mug', skill: 'pick', args: { object: 'mug' }, robot: 'rover', dependsOn: ['v2-navigate_mug'], status: 'succeeded', progress: 1 }];
    const then = replayedSubgoals(now, [{ id: 'v1-open_cabinet', state: 'failed' }, { id: 'v2-pick_mug', state: 'executing' }]);
    expect(then.map((sg) => [sg.id, sg.skill, sg.status, sg.dependsOn])).toEqual([
      ['v1-open_cabinet', 'open_cabinet', 'failed', []],
      ['v2-pick_mug', 'pick', 'running', []],
    ]);
    expect(then[1]?.progress).toBeNull();
  });

  it('jumps to the last shown trace row at or before a time', () => {
    const rows = [{ seq: 1, hidden: false }, { seq: 4, hidden: false }, { seq: 6, hidden: true }, { seq: 9, hidden: false }];
    expect(rowAtOrBefore(rows, 7)?.seq).toBe(4);
    expect(rowAtOrBefore(rows, 9)?.seq).toBe(9);
    expect(rowAtOrBefore(rows, 0)).toBeNull();
  });
});

describe('plot scales', () => {
  it('maps the time span across the box and a fixed range up the box', () => {
    const sc = chartScale([[0, 0.5]], [10, 20], [0, 1], { x0: 0, x1: 100, y0: 50, y1: 0 });
    expect(sc.x(10)).toBe(0);
    expect(sc.x(20)).toBe(100);
    expect(sc.y(0)).toBe(50);
    expect(sc.y(1)).toBe(0);
  });

  it('keeps a flat or empty series drawable', () => {
    const flat = chartScale([[0, 0], [1, 0]], [0, 0], null, { x0: 0, x1: 10, y0: 10, y1: 0 });
    expect(Number.isFinite(flat.y(0))).toBe(true);
    expect(Number.isFinite(flat.x(0))).toBe(true);
    expect(flat.yMax).toBeGreaterThan(flat.yMin);
  });
});
