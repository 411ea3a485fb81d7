import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../world/scene-loader.js';
import { beliefFromScene } from '../belief-scene.js';
import type { BeliefState } from '../belief.js';
import { CALIBRATED_QHAT, decide } from '../ask-rule.js';
import { existenceValidator, fakeBuiltin } from './fixtures.test-support.js';
import { createOpenAIReasoner } from './reasoner.js';
import { ok, startFakeServer } from './test-server.js';
import type { FakeServer } from './test-server.js';

/** Recorded-style model replies: the model scores the readings of "the mug", orca decides whether to ask. */
let server: FakeServer;
let belief: BeliefState;

beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  belief = beliefFromScene(loadBuiltinScene('home'));
});

const reasoner = () =>
  createOpenAIReasoner({ model: 'test-model', apiKey: 'sk-test', baseURL: server.baseURL, timeoutMs: 2000, maxRetries: 0, repairRounds: 1, fallback: fakeBuiltin(), validatePlan: existenceValidator, logger: { warn: () => {} }, sleep: async () => {} });

const none = { steps: null, groundings: null, search: null, question: null, options: null, reason: null };
const mugs = (red: number, blue: number) => [
  { label: 'the red mug', ids: ['mug_red'], score: red },
  { label: 'the blue mug', ids: ['mug_blue'], score: blue },
];
const goalWith = (red: number, blue: number, ids = ['mug_red']) => ({
  ...none,
  kind: 'goal',
  steps: [{ conjuncts: [{ pred: 'heldBy', args: [ids[0], 'alex'], neg: false }] }],
  groundings: [{ text: 'the mug', ids, candidates: mugs(red, blue) }],
});
const input = () => ({ instruction: 'bring me the mug', belief, speaker: 'alex' });

describe('the model scores, orca decides whether to ask', () => {
  it('asks which one when the scores leave two readings in the prediction set', async () => {
    server.script(ok(goalWith(0.55, 0.45)));
    const out = await reasoner().interpret(input());
    expect(out).toMatchObject({ kind: 'clarify', question: 'Which mug — the red mug or the blue mug?', options: ['the red mug', 'the blue mug'] });
    // The same probabilities decide the same way for the built-in reasoner.
    expect(decide([{ ids: ['mug_red'], label: 'red', p: 0.55 }, { ids: ['mug_blue'], label: 'blue', p: 0.45 }]).kind).toBe('ask');
  });

  it('takes the best-scored reading without asking when the request leaves the choice to orca, as the built-in reasoner does', async () => {
    const reply = goalWith(0.55, 0.45);
    server.script(ok({ ...reply, groundings: [{ ...reply.groundings[0]!, text: 'the suitable mug' }] }));
    const out = await reasoner().interpret({ ...input(), instruction: 'bring me the suitable mug' });
    expect(out.kind).toBe('goal');
    if (out.kind === 'goal') expect(out.groundings[0]?.ids).toEqual(['mug_red']);
  });

  it('acts on a clear reading, with its probability as the grounding confidence', async () => {
    server.script(ok(goalWith(0.99, 0.01)));
    const out = await reasoner().interpret(input());
    expect(out.kind).toBe('goal');
    if (out.kind !== 'goal') return;
    expect(out.groundings[0]?.ids).toEqual(['mug_red']);
    expect(out.groundings[0]?.confidence).toBeCloseTo(0.99, 5);
    expect(1 - CALIBRATED_QHAT).toBeGreaterThan(0.01);
  });

  it('sends back a goal whose ids are not its best-scored reading, and a question its own scores do not call for', async () => {
    server.script(ok(goalWith(0.01, 0.99, ['mug_red'])), ok(goalWith(0.99, 0.01)));
    const first = await reasoner().interpret(input());
    expect(first.kind).toBe('goal');
    expect(JSON.stringify(server.requests[1]?.body.messages)).toContain('best-scored candidate');
    server.script(ok({ ...goalWith(0.99, 0.01), kind: 'clarify', steps: null, question: 'Which mug?', options: [{ label: 'red', ids: ['mug_red'] }, { label: 'blue', ids: ['mug_blue'] }] }), ok(goalWith(0.99, 0.01)));
    const second = await reasoner().interpret(input());
    expect(second.kind).toBe('goal');
    expect(JSON.stringify(server.requests.at(-1)?.body.messages)).toContain('return kind \\"goal\\"');
  });
});
