import { describe, expect, it } from 'vitest';
import type { FailureCode } from '../../../domain/index.js';
import { loadBuiltinScene, REACH } from '../../../world/index.js';
import type { RecoveryHistory } from '../../memory-prior.js';
import type { ProposedCall, ReflectionInput } from '../../provider.js';
import { contextFromScene } from '../planner/fixtures.testutil.js';
import { reflect } from './index.js';

const pickMug: ProposedCall = { id: 'pick_mug', skill: 'pick', args: { object: 'mug_red' }, assignee: { kind: 'robot', id: 'rover' }, dependsOn: [] };
const alone = { ...contextFromScene(loadBuiltinScene('home'), REACH), onlyRobots: ['rover'] };

function input(code: FailureCode, history?: RecoveryHistory, diagnosis?: FailureCode): ReflectionInput {
  return {
    call: pickMug,
    failure: { code, message: `${code} happened`, ...(diagnosis ? { diagnosis } : {}) },
    attempts: [{ result: 'failed', failureCode: code, assignee: 'rover' }],
    remainingRetries: 3,
    remaining: [],
    goal: { steps: [] },
    context: alone,
    ...(history ? { history } : {}),
  };
}

const history = (recoveries: RecoveryHistory['recoveries'], failure: FailureCode = 'grasp_failed'): RecoveryHistory => ({ entryId: 'mem-1', skill: 'pick', objectType: 'Mug', robot: 'rover', failure, recoveries });

describe('reflect with the site memory', () => {
  it('without memory, a first grasp failure is retried', () => {
    expect(reflect(input('grasp_failed')).kind).toBe('retry');
  });

  it('prefers the recovery that worked before for this failure, skill and object type', () => {
    const choice = reflect(input('grasp_failed', history([{ recovery: 'retry', worked: 0, failed: 3 }, { recovery: 'delegate', worked: 2, failed: 0 }])));
    expect(choice).toMatchObject({ kind: 'delegate', person: 'alex' });
    expect(choice.why).toMatch(/worked before/);
  });

  it('skips a recovery that keeps failing when another applies', () => {
    const choice = reflect(input('grasp_failed', history([{ recovery: 'retry', worked: 0, failed: 2 }])));
    expect(choice.kind).toBe('retry_reworded');
    expect(choice.why).toMatch(/retry keeps failing/);
  });

  it('reads the history of the diagnosed failure behind a false completion', () => {
    const choice = reflect(input('false_completion', history([{ recovery: 'delegate', worked: 1, failed: 0 }]), 'grasp_failed'));
    expect(choice.kind).toBe('delegate');
  });

  it('ignores a history of another failure', () => {
    expect(reflect(input('grasp_failed', history([{ recovery: 'delegate', worked: 5, failed: 0 }], 'stalled'))).kind).toBe('retry');
  });

  it('keeps to its ladder when memory is mixed (a recovery that worked as often as it failed is not skipped)', () => {
    expect(reflect(input('grasp_failed', history([{ recovery: 'retry', worked: 1, failed: 1 }]))).kind).toBe('retry');
  });
});
