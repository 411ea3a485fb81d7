import { describe, expect, it } from 'vitest';
import { baselineRecovery, checksEndState } from './ablation.js';

const failure = (code: 'grasp_failed' | 'cancelled', remainingRetries: number) => ({
  kind: 'reflection' as const, token: 't', subgoalId: 'v1-pick_mug', failure: { code, message: 'x' }, attempts: [], remainingRetries,
});

describe('baseline recovery (benchmark ablations)', () => {
  it('open loop gives up at once; verify-retry retries as is while the budget lasts; full leaves it to reflection', () => {
    expect(baselineRecovery('none', failure('grasp_failed', 2))).toMatchObject({ kind: 'abort' });
    expect(baselineRecovery('retry_only', failure('grasp_failed', 2))).toMatchObject({ kind: 'retry' });
    expect(baselineRecovery('retry_only', failure('grasp_failed', 0))).toMatchObject({ kind: 'abort' });
    expect(baselineRecovery('retry_only', failure('cancelled', 2))).toMatchObject({ kind: 'abort' });
    expect(baselineRecovery('full', failure('grasp_failed', 2))).toBeNull();
  });
  it('checks the end state only where recovery may replan', () => {
    expect(checksEndState({ trustExecutorDone: false, recovery: 'full', asking: true })).toBe(true);
    expect(checksEndState({ trustExecutorDone: false, recovery: 'retry_only', asking: false })).toBe(false);
    expect(checksEndState({ trustExecutorDone: true, recovery: 'full', asking: true })).toBe(false);
  });
});
