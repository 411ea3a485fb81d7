import { describe, expect, it } from 'vitest';
import { advance, advanceUntil, fakeObservation, plan, rig, subgoal } from './test-helpers.js';

const finished = (t: ReturnType<typeof rig>) => () => t.runner.snapshot().outcome !== null;
const personTask = (id: string, deps: string[] = []) => subgoal(id, 'x', deps, { assignee: { kind: 'person', id: 'alice' }, instruction: 'bring the mug' });

describe('mission runner: people in the loop', () => {
  it('holds an approval-gated subgoal until approved; nothing is dispatched before', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { requiresApproval: true })));
    t.runner.start();
    await advance(t.ticker, 10);
    expect(t.stateOf('a')).toBe('awaiting_approval');
    expect(t.requests).toEqual([expect.objectContaining({ kind: 'approval', subgoalId: 'a', robotId: 'r1' })]);
    expect(t.of('dispatch_recorded')).toHaveLength(0);
    t.runner.approve('a', 'bob');
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
  });

  it('a rejected approval fails the mission with the reason', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { requiresApproval: true })));
    t.runner.start();
    await advance(t.ticker, 1);
    t.runner.reject('a', 'not now');
    await advanceUntil(t.ticker, finished(t));
    const out = await t.runner.done;
    expect(out.outcome).toBe('failed');
    expect(out.reason).toMatch(/not now/);
  });

  it('hands a person-assigned subgoal to the HumanTaskHook and accepts the report when no robot observes', async () => {
    const t = rig(plan(subgoal('a', 'r1'), personTask('p', ['a'])));
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('p') === 'awaiting_human');
    expect(t.requests).toEqual([expect.objectContaining({ kind: 'task', person: 'alice', subgoalId: 'p' })]);
    await advance(t.ticker, 5);
    expect(t.stateOf('p')).toBe('awaiting_human');
    t.runner.humanDone('p', 'done it');
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    const p = t.runner.snapshot().subgoals[1];
    expect(p?.attempts).toEqual([expect.objectContaining({ assignee: 'person:alice', result: 'succeeded', acceptedAsReported: true })]);
    expect(t.of('verdict').at(-1)?.kind).toBe('accepted_as_reported');
  });

  it("checks a person's report against a robot's observations when one can see", async () => {
    const observers = new Map([['r2', () => fakeObservation('r2', 0, 0)]]);
    const t = rig(plan(personTask('p')), {
      verdicts: (id, n) => (id === 'p' && n === 1 ? { kind: 'false_completion' } : { kind: 'confirm' }),
      extra: { observers },
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('p') === 'awaiting_human');
    t.runner.humanDone('p');
    // The robot's view contradicts the report: reflection retries and the person is asked again.
    await advanceUntil(t.ticker, () => t.requests.length === 2);
    expect(t.of('failure')[0]?.code).toBe('false_completion');
    t.runner.humanDone('p');
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    expect(t.verifier.begun.filter((b) => b.subgoalId === 'p').map((b) => b.robotId)).toEqual(['r2', 'r2']);
    expect(t.runner.snapshot().subgoals[0]?.attempts.at(-1)?.acceptedAsReported).toBeUndefined();
  });

  it('records what a person reported when the report is accepted, for the belief to take in', async () => {
    const t = rig(plan(personTask('p')));
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('p') === 'awaiting_human');
    t.runner.humanDone('p');
    await advanceUntil(t.ticker, finished(t));
    const accepted = t.of('verdict').find((v) => v.kind === 'accepted_as_reported');
    expect(accepted?.reportedBy).toBe('alice');
    expect(accepted?.reported?.length).toBeGreaterThan(0);
  });

  it('fails an attempt the preflight rules out before anything is dispatched, and reflection decides at once', async () => {
    const reflected: string[] = [];
    const t = rig(plan(subgoal('a', 'r1'), subgoal('b', 'r1', ['a'])), {
      reflect: (ctx) => {
        reflected.push(`${ctx.subgoal.id}:${ctx.failure.code}:${ctx.failure.message}`);
        return Promise.resolve({ kind: 'abort', reason: 'held by a person' });
      },
      extra: { preflight: (sg) => (sg.id === 'b' ? { code: 'precondition_unmet', message: 'apple_1 is held by alice' } : null) },
    });
    t.runner.start();
    await advanceUntil(t.ticker, finished(t));
    expect(t.of('dispatch_recorded').map((d) => d.subgoalId)).toEqual(['a']);
    expect(reflected).toEqual(['b:precondition_unmet:apple_1 is held by alice; not dispatched']);
    // Failing before dispatch takes no simulated time: no subgoal timeout was waited out.
    const failedAt = t.of('failure').find((f) => f.subgoalId === 'b')!.simTime;
    const aDone = t.of('subgoal_state').find((s) => s.subgoalId === 'a' && s.to === 'succeeded')!.simTime;
    expect(failedAt - aDone).toBeLessThan(1);
    expect((await t.runner.done).outcome).toBe('failed');
  });

  it('delegates a failing robot subgoal to a person', async () => {
    const t = rig(plan(subgoal('a', 'r1', [], { retries: 0 })), {
      verdicts: () => ({ kind: 'false_completion' }),
      reflect: () => ({ kind: 'delegate', person: 'carol' }),
    });
    t.runner.start();
    await advanceUntil(t.ticker, () => t.stateOf('a') === 'awaiting_human');
    expect(t.requests.at(-1)).toMatchObject({ kind: 'delegation', person: 'carol', subgoalId: 'a' });
    expect(t.requests.at(-1)).toHaveProperty('failure.code', 'false_completion');
    t.runner.humanDone('a');
    await advanceUntil(t.ticker, finished(t));
    expect((await t.runner.done).outcome).toBe('succeeded');
    expect(t.runner.snapshot().subgoals[0]?.assignee).toBe('person:carol');
  });
});
