import { describe, expect, it } from 'vitest';
import type { MissionOutcome, MissionRunner, ReflectionContext } from '../../src/execution/index.js';
import { LiveMission } from './live.js';

function fakeRunner(): { runner: MissionRunner; finish: (o: MissionOutcome) => void } {
  let finish: (o: MissionOutcome) => void = () => undefined;
  const done = new Promise<MissionOutcome>((r) => (finish = r));
  return { runner: { done } as MissionRunner, finish };
}

const ctx = { subgoal: { id: 'v1-pick' }, failure: { code: 'grasp_failed', message: 'missed' }, attempts: [], remainingRetries: 2, simTime: 3 } as unknown as ReflectionContext;

describe('LiveMission', () => {
  it('queues escalations in order, parks reflections until decided, and ends with the outcome', async () => {
    const { runner, finish } = fakeRunner();
    const live = new LiveMission(runner);
    const decided = live.reflectionHook(ctx);
    live.humanHook.request({ kind: 'task', subgoalId: 'v1-slice', person: 'alex', instruction: 'slice the apple' });
    const first = await live.next();
    expect(first).toMatchObject({ kind: 'reflection', subgoalId: 'v1-pick', remainingRetries: 2 });
    if (first.kind !== 'reflection') throw new Error('expected a reflection');
    expect(live.decide(first.token, { kind: 'retry' })).toBe(true);
    expect(live.decide(first.token, { kind: 'retry' })).toBe(false);
    await expect(decided).resolves.toEqual({ kind: 'retry' });
    expect(await live.next()).toMatchObject({ kind: 'human', request: { kind: 'task' } });
    const waiting = live.next();
    finish({ outcome: 'succeeded', reason: null });
    await expect(waiting).resolves.toEqual({ kind: 'outcome', outcome: 'succeeded', reason: null });
    expect(live.finished).toBe(true);
  });
});
