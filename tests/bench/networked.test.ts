import { describe, expect, it } from 'vitest';
import { networkedRun } from '../../bench/networked.js';
import { loadSuites } from '../../bench/tasks.js';

describe('the networked configuration', () => {
  it('runs a household task through an orca sim-robot process and times the openpi requests against the policy', async () => {
    const [household] = loadSuites(['household']);
    const task = household?.tasks.find((t) => t.id === 'h01');
    expect(task).toBeDefined();
    const r = await networkedRun({ tasks: task ? [task] : [], seeds: [1], latencySamples: 20, log: () => undefined });
    expect(r.missions).toEqual([expect.objectContaining({ taskId: 'h01', seed: 1, status: 'succeeded', success: true })]);
    expect(r.successRate).toBe(1);
    const l = r.latency;
    expect(l?.samples).toBe(20);
    // Each round trip includes the policy's own time; what the sockets add is the difference, never negative.
    expect(l?.policyP50).toBeGreaterThan(0);
    expect(l?.addedP50).toBeGreaterThanOrEqual(0);
    expect(l && l.roundTripP99 >= l.addedP99).toBe(true);
  }, 8 * 60_000);
});
