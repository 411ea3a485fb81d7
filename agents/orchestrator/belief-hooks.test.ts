import { describe, expect, it } from 'vitest';
import type { Subgoal } from '../../src/domain/plan.js';
import type { ExecutionEvent } from '../../src/execution/index.js';
import { beliefFromScene } from '../../src/reasoning/index.js';
import { loadBuiltinScene } from '../../src/world/index.js';
import { heldByPerson, verdictsIntoBelief } from './belief-hooks.js';

const cool: Subgoal = {
  id: 'v1-cool_apple_1', skill: 'cool', args: { object: 'apple_1', fridge: 'fridge_1' }, assignee: { kind: 'robot', id: 'rover' }, dependsOn: [],
  instruction: 'cool the red apple in the white fridge', success: { all: [{ pred: 'isCold', args: ['apple_1'] }], consecutive: 3, settleSeconds: 4, stallSeconds: 10 },
  timeoutSeconds: 40, retries: 2, requiresApproval: false,
};

describe('belief hooks of a mission runner', () => {
  it('rules out a robot step on a thing a person holds, and only that', () => {
    const belief = beliefFromScene(loadBuiltinScene('home'));
    expect(heldByPerson(belief, cool)).toBeNull();
    belief.get('apple_1')!.heldBy = 'rover';
    expect(heldByPerson(belief, cool)).toBeNull();
    const accepted = { type: 'verdict', missionId: 'm', seq: 9, simTime: 40, subgoalId: 'v1-pick_apple_1', goalId: null, robotId: null, kind: 'accepted_as_reported', evidence: {}, reportedBy: 'alex', reported: [{ pred: 'heldBy', args: ['apple_1', 'alex'] }] } satisfies ExecutionEvent;
    verdictsIntoBelief(() => belief)(accepted);
    expect(heldByPerson(belief, cool)).toEqual({ code: 'precondition_unmet', message: 'apple_1 is held by alex' });
  });
});
