import { describe, expect, it } from 'vitest';
import { MemoryTraceStore } from './memory-store.js';
import { subgoalPlots } from './plots.js';
import { input } from './test-helpers.js';

describe('subgoal plots', () => {
  it('reads progress, distance, confidence, aperture and markers per subgoal over time since the start', () => {
    const store = new MemoryTraceStore();
    const criterion = (distance: number, confidence: number) => ({ evidence: { criteria: [{ predicate: 'near(r, x)', truth: 'false', reason: '', distance, confidence }, { predicate: 'p', truth: 'true', reason: '', confidence: 0.95 }] } });
    store.append(input('m', 'instruction', { simTime: 50 }));
    store.append(input('m', 'step', { simTime: 50.5, subgoalId: 'a', data: { robotId: 'rover', robot: { aperture: 1 } } }));
    store.append(input('m', 'verdict', { simTime: 51, subgoalId: 'a', data: { robotId: 'rover', kind: 'progress', score: 0.2, ...criterion(3, 0.8) } }));
    store.append(input('m', 'step', { simTime: 52, subgoalId: 'a', data: { robotId: 'rover', robot: { aperture: 0.2 } } }));
    store.append(input('m', 'verdict', { simTime: 53, subgoalId: 'a', data: { robotId: 'rover', kind: 'false_completion', diagnosis: 'grasp_failed', ...criterion(0.5, 0.9) } }));
    store.append(input('m', 'error', { simTime: 53, subgoalId: 'a', data: { code: 'false_completion' } }));
    store.append(input('m', 'verdict', { simTime: 60, subgoalId: 'b', data: { robotId: 'arm', kind: 'succeeded', evidence: { criteria: [] } } }));
    const [a, b] = subgoalPlots(store.events('m'));
    expect(a).toEqual({
      subgoalId: 'a',
      robotId: 'rover',
      series: { progress: [[1, 0.2]], distance: [[1, 3], [3, 0.5]], aperture: [[0.5, 1], [2, 0.2]], confidence: [[1, 0.8], [3, 0.9]] },
      markers: [
        { t: 3, kind: 'verdict', label: 'false_completion: grasp_failed', ok: false },
        { t: 3, kind: 'failure', label: 'false_completion', ok: false },
      ],
    });
    expect(b).toMatchObject({ subgoalId: 'b', series: { progress: [[10, 1]] }, markers: [{ t: 10, kind: 'verdict', label: 'succeeded', ok: true }] });
  });

  it('is empty for a mission with no simulated time', () => {
    expect(subgoalPlots([])).toEqual([]);
  });
});
