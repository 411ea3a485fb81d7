import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../world/scene-loader.js';
import { beliefFromScene } from '../belief-scene.js';
import type { Goal } from '../goal.js';
import type { PlanningContext } from '../provider.js';
import { FALLBACK_CALL, existenceValidator, fakeBuiltin, homeContext } from './fixtures.test-support.js';
import type { FakeBuiltin } from './fixtures.test-support.js';
import { createOpenAIReasoner } from './reasoner.js';
import { httpError, ok, startFakeServer } from './test-server.js';
import type { FakeServer } from './test-server.js';

let server: FakeServer;
let ctx: PlanningContext;
let fallback: FakeBuiltin;
let warnings: string[];

beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  ctx = homeContext(beliefFromScene(loadBuiltinScene('home')));
  fallback = fakeBuiltin();
  warnings = [];
});

function reasoner(extra: { repairRounds?: number; timeoutMs?: number; maxRetries?: number; stageDeadlineMs?: number; sleep?: (ms: number) => Promise<void> } = {}) {
  return createOpenAIReasoner({
    model: 'test-model',
    apiKey: 'sk-test',
    baseURL: server.baseURL,
    timeoutMs: extra.timeoutMs ?? 2000,
    maxRetries: extra.maxRetries ?? 2,
    repairRounds: extra.repairRounds ?? 1,
    fallback,
    validatePlan: existenceValidator,
    logger: { warn: (_o, msg) => warnings.push(msg) },
    sleep: extra.sleep ?? (async () => {}),
    ...(extra.stageDeadlineMs !== undefined ? { stageDeadlineMs: extra.stageDeadlineMs } : {}),
  });
}

const none = { steps: null, groundings: null, search: null, question: null, options: null, reason: null };
const goalReply = (apple: string) => ({
  ...none,
  kind: 'goal',
  steps: [{ conjuncts: [{ pred: 'on', args: [apple, 'dining_table_1'], neg: false }] }],
  groundings: [{ text: 'the apple', ids: [apple], candidates: null }],
});
const goal: Goal = { steps: [{ conjuncts: [{ pred: 'holding', args: ['*', 'apple_1'] }] }] };
const call = (id: string, skill: string, args: Record<string, string>, dependsOn: string[] = []) => ({
  id,
  skill,
  args: Object.entries(args).map(([name, value]) => ({ name, value })),
  assignee: { kind: 'robot', id: 'rover' },
  dependsOn,
});
const goodPlan = { calls: [call('c1', 'navigate', { target: 'apple_1' }), call('c2', 'pick', { object: 'apple_1' }, ['c1'])], impossible: null };
/** The provenance a fallback answer carries; `reason` is matched as a substring. */
const fellBack = (stage: string, reason: string) => ({ stage, model: 'test-model', reason: expect.stringContaining(reason) as unknown, answeredBy: 'fake-builtin' });
const lastUserMessage = (i: number): string => {
  const msgs = server.requests[i]?.body.messages ?? [];
  return msgs.filter((m) => m.role === 'user').at(-1)?.content ?? '';
};

describe('interpret', () => {
  it('turns a well-formed model answer into a goal, with the belief in the prompt', async () => {
    server.script(ok(goalReply('apple_1')));
    const out = await reasoner().interpret({ instruction: 'put the apple on the dining table', belief: ctx.belief, speaker: 'alex' });
    expect(out).toEqual({ kind: 'goal', goal: { steps: [{ conjuncts: [{ pred: 'on', args: ['apple_1', 'dining_table_1'] }] }] }, groundings: [{ text: 'the apple', ids: ['apple_1'] }] });
    const system = server.requests[0]?.body.messages[0]?.content ?? '';
    expect(system).toContain('apple_1 (Apple)');
    expect(system).toContain('cabinet_1');
    expect(system).not.toMatch(/\{(belief|robots|people|predicates|speaker)\}/);
    expect(lastUserMessage(0)).toContain('put the apple on the dining table');
    expect(fallback.used).toEqual([]);
  });

  it('sends what phrases meant in earlier missions as evidence, and nothing when memory is empty', async () => {
    server.script(ok(goalReply('apple_1')), ok(goalReply('apple_1')));
    const memory = [{ entryId: 'mem-1', phrase: 'my apple', ids: ['apple_1'], label: 'the red apple', person: 'alex' }];
    await reasoner().interpret({ instruction: 'put my apple on the dining table', belief: ctx.belief, speaker: 'alex', memory });
    expect(lastUserMessage(0)).toMatch(/What phrases meant in earlier missions \(evidence for your scores, not a command\):\n- "my apple" meant apple_1 \(the red apple\) for alex/);
    await reasoner().interpret({ instruction: 'put my apple on the dining table', belief: ctx.belief, speaker: 'alex' });
    expect(lastUserMessage(1)).not.toContain('earlier missions');
  });

  it('sends step-by-step directions with the instruction, numbered in order', async () => {
    server.script(ok(goalReply('apple_1')));
    const at = server.requests.length;
    await reasoner().interpret({ instruction: 'put the apple on the dining table', steps: ['Pick up the apple.', 'Chill it in the fridge.'], belief: ctx.belief, speaker: 'alex' });
    expect(lastUserMessage(at)).toContain('Step-by-step directions given with it:\n1. Pick up the apple.\n2. Chill it in the fridge.');
  });

  it('feeds a hallucinated id back, then falls back when the repair names it again', async () => {
    server.script(ok(goalReply('apple_9')));
    const out = await reasoner({ repairRounds: 1 }).interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' });
    expect(server.requests).toHaveLength(2);
    expect(lastUserMessage(1)).toContain('"apple_9", which is not an id in the belief state');
    expect(server.requests[1]?.body.messages.some((m) => m.role === 'assistant' && m.content.includes('apple_9'))).toBe(true);
    expect(out).toEqual({ kind: 'not_found', reason: 'from the built-in reasoner', fallback: fellBack('interpret', 'unusable after 1 repair round(s): step 1: on(apple_9, dining_table_1) names "apple_9"') });
    expect(fallback.used).toEqual(['interpret']);
    expect(warnings.join()).toContain('unusable');
  });

  it('repairs an unknown predicate name', async () => {
    const bad = { ...goalReply('apple_1'), steps: [{ conjuncts: [{ pred: 'isBroken', args: ['apple_1'], neg: false }] }] };
    server.script(ok(bad), ok(goalReply('apple_1')));
    const out = await reasoner().interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' });
    expect(out.kind).toBe('goal');
    expect(lastUserMessage(1)).toContain('does not match the schema');
    expect(lastUserMessage(1)).toContain('steps.0.conjuncts.0.pred');
  });

  it('asks a clarification whose answer the model reads into the option ids', async () => {
    const options = [
      { label: 'the left cabinet', ids: ['cabinet_1'] },
      { label: 'the right cabinet', ids: ['cabinet_2'] },
    ];
    server.script(ok({ ...none, kind: 'clarify', question: 'Which cabinet?', options }));
    const r = reasoner();
    const out = await r.interpret({ instruction: 'open the cabinet', belief: ctx.belief, speaker: 'alex' });
    if (out.kind !== 'clarify' || !out.pending) throw new Error(`expected a clarification, got ${out.kind}`);
    expect(out.options).toEqual(['the left cabinet', 'the right cabinet']);
    server.script(ok({ kind: 'chosen', options: [1], reason: null }));
    expect(await r.readAnswer(out.pending, 'the right one', ctx.belief)).toEqual({ kind: 'chosen', ids: ['cabinet_2'] });
    expect(lastUserMessage(0)).toContain('1: the right cabinet (cabinet_2)');
  });

  it('falls back when the model reads an answer into an option that does not exist', async () => {
    const pending = { instruction: 'open the cabinet', mentionKey: 'cabinet', headType: 'Cabinet', options: [{ label: 'left', ids: ['cabinet_1'] }], choices: {} };
    server.script(ok({ kind: 'chosen', options: [4], reason: null }));
    expect(await reasoner().readAnswer(pending, 'the third', ctx.belief)).toEqual({ kind: 'unresolved', reason: 'from the built-in reasoner', fallback: fellBack('readAnswer', 'unusable') });
  });
});

describe('plan', () => {
  it('accepts a valid model plan as source "model"', async () => {
    server.script(ok(goodPlan));
    const out = await reasoner().plan(goal, ctx);
    expect(out).toMatchObject({ kind: 'plan', source: 'model' });
    if (out.kind !== 'plan') throw new Error('expected a plan');
    expect(out.calls[1]).toEqual({ id: 'c2', skill: 'pick', args: { object: 'apple_1' }, assignee: { kind: 'robot', id: 'rover' }, dependsOn: ['c1'] });
    const system = server.requests[0]?.body.messages[0]?.content ?? '';
    expect(system).toContain('pick(object:object) capability=manipulate');
    expect(lastUserMessage(0)).toContain('holding(*, apple_1)');
  });

  it('repairs malformed JSON', async () => {
    server.script(ok('{"calls": [ {"id": "c1", '), ok(goodPlan));
    const out = await reasoner().plan(goal, ctx);
    expect(out).toMatchObject({ kind: 'plan', source: 'model_repaired' });
    expect(lastUserMessage(1)).toContain('not valid JSON');
  });

  it('repairs a hallucinated object with the validator issues in the next request', async () => {
    const bad = { calls: [call('c1', 'navigate', { target: 'golden_apple_1' }), call('c2', 'pick', { object: 'golden_apple_1' }, ['c1'])], impossible: null };
    server.script(ok(bad), ok(goodPlan));
    const out = await reasoner().plan(goal, ctx);
    expect(out).toMatchObject({ kind: 'plan', source: 'model_repaired' });
    expect(server.requests).toHaveLength(2);
    expect(lastUserMessage(1)).toContain('[unknown_entity] call c1: argument target="golden_apple_1" is not in the belief state');
    expect(fallback.used).toEqual([]);
  });

  it('uses the built-in plan when a hallucinated skill survives every repair round', async () => {
    server.script(ok({ calls: [call('c1', 'teleport', { object: 'apple_1' })], impossible: null }));
    const out = await reasoner({ repairRounds: 2 }).plan(goal, ctx);
    expect(server.requests).toHaveLength(3);
    expect(lastUserMessage(1)).toContain('[unknown_skill] call c1: there is no skill "teleport"');
    expect(lastUserMessage(2)).toContain('teleport');
    expect(out).toMatchObject({ kind: 'plan', source: 'fallback', calls: [FALLBACK_CALL] });
    if (out.kind === 'plan') expect(out.notes.join(' ')).toContain('unusable after 2 repair round(s): [unknown_skill] call c1');
    expect(out.fallback).toEqual(fellBack('plan', '[unknown_skill] call c1'));
    expect(fallback.used).toEqual(['plan']);
  });

  it('asks the built-in planner before believing the model that a goal is impossible', async () => {
    server.script(ok({ calls: [], impossible: 'no robot can do it' }));
    const out = await reasoner().plan(goal, ctx);
    expect(out).toMatchObject({ kind: 'plan', source: 'fallback' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('reflect', () => {
  const input = () => ({
    call: FALLBACK_CALL,
    failure: { code: 'grasp_failed' as const, message: 'the gripper closed on nothing' },
    attempts: [{ result: 'failed', failureCode: 'grasp_failed' as const, assignee: 'rover' }],
    remainingRetries: 1,
    hint: 'approach from the side',
    remaining: [],
    goal,
    context: ctx,
  });
  const reply = { why: 'the grasp missed', instruction: null, calls: null, person: null, question: null, reason: null };

  it('returns a valid recovery choice', async () => {
    server.script(ok({ ...reply, kind: 'retry_reworded', instruction: 'pick up the apple from the side' }));
    expect(await reasoner().reflect(input())).toEqual({ kind: 'retry_reworded', instruction: 'pick up the apple from the side', why: 'the grasp missed' });
    expect(lastUserMessage(0)).toContain('Failure: grasp_failed');
    expect(lastUserMessage(0)).toContain('approach from the side');
  });

  it('falls back on an inserted call with a hallucinated skill, without a repair round', async () => {
    server.script(ok({ ...reply, kind: 'insert', calls: [call('r1', 'wiggle', { object: 'apple_1' })] }));
    expect(await reasoner().reflect(input())).toEqual({ kind: 'replan', why: 'from the built-in reasoner', fallback: fellBack('reflect', 'there is no skill "wiggle"') });
    expect(server.requests).toHaveLength(1);
  });

  it('falls back on a retry when no retries remain', async () => {
    server.script(ok({ ...reply, kind: 'retry' }));
    expect(await reasoner().reflect({ ...input(), remainingRetries: 0 })).toMatchObject({ kind: 'replan' });
  });
});

describe('classify', () => {
  it.each([
    ['stop', 'stop'],
    ['Stop!', 'stop'],
    ['please stop it now', 'stop'],
    ['EMERGENCY STOP', 'estop'],
    ['e-stop', 'estop'],
    ['pause', 'pause'],
    ['wait a second', 'pause'],
    ['hold on', 'pause'],
    ['resume', 'resume'],
    ['ok, carry on', 'resume'],
  ])('"%s" is %s without asking the model', async (text, kind) => {
    server.script(ok({ kind: 'answer', text, referent: null, mode: null, about: null }));
    expect(await reasoner().classify(text, { missionRunning: true, pendingQuestion: false })).toEqual({ kind });
    expect(server.requests).toHaveLength(0);
  });

  it('takes the built-in control reading before the model', async () => {
    server.script(ok({ kind: 'answer', text: 'x', referent: null, mode: null, about: null }));
    expect(await reasoner().classify('hold your horses', { missionRunning: true, pendingQuestion: false })).toEqual({ kind: 'pause' });
    expect(server.requests).toHaveLength(0);
  });

  it('asks the model for everything else', async () => {
    server.script(ok({ kind: 'correction', text: 'no, the other mug', referent: 'other', mode: null, about: null }));
    const out = await reasoner().classify('no, the other mug', { missionRunning: true, pendingQuestion: false });
    expect(out).toEqual({ kind: 'correction', text: 'no, the other mug', referent: 'other' });
    expect(lastUserMessage(0)).toContain('no, the other mug');
  });

  it('uses the built-in reading when the model leaves a required field empty', async () => {
    server.script(ok({ kind: 'question', text: 'what now?', referent: null, mode: null, about: null }));
    expect(await reasoner().classify('what now?', { missionRunning: true, pendingQuestion: false })).toEqual({ kind: 'answer', text: 'what now?', fallback: fellBack('classify', 'unusable') });
  });
});

describe('endpoint failures', () => {
  it('retries a 429 and then uses the answer', async () => {
    server.script(httpError(429, { 'retry-after': '1' }), ok(goalReply('apple_1')));
    const out = await reasoner().interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' });
    expect(out.kind).toBe('goal');
    expect(server.requests).toHaveLength(2);
    expect(fallback.used).toEqual([]);
  });

  it('falls back for every method when the endpoint keeps answering 500', async () => {
    server.script(httpError(500));
    const r = reasoner({ maxRetries: 2 });
    expect(await r.interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' })).toMatchObject({ kind: 'not_found' });
    expect(server.requests).toHaveLength(3);
    expect(await r.plan(goal, ctx)).toMatchObject({ kind: 'plan', source: 'fallback' });
    expect(await r.classify('also wash the bowl', { missionRunning: true, pendingQuestion: false })).toMatchObject({ kind: 'answer', text: 'also wash the bowl', fallback: fellBack('classify', 'the model endpoint failed') });
    expect(fallback.used).toEqual(['interpret', 'plan', 'classify']);
    expect(warnings.filter((w) => w.includes('endpoint failed'))).toHaveLength(3);
  });

  it('falls back when the server never answers', async () => {
    server.script({ hang: true });
    const out = await reasoner({ timeoutMs: 100, maxRetries: 1 }).plan(goal, ctx);
    expect(out).toMatchObject({ kind: 'plan', source: 'fallback' });
    expect(server.requests).toHaveLength(2);
    if (out.kind === 'plan') expect(out.notes.join(' ')).toContain('the model endpoint failed');
  });
});

describe('stage deadline', () => {
  // The per-request timeout is far longer than any test: only the stage deadline can end these calls.
  const stalling = (extra: { repairRounds?: number; sleep?: (ms: number) => Promise<void> } = {}) => reasoner({ timeoutMs: 600_000, maxRetries: 3, stageDeadlineMs: 150, ...extra });
  const pending = { instruction: 'open the cabinet', mentionKey: 'cabinet', headType: 'Cabinet', options: [{ label: 'left', ids: ['cabinet_1'] }], choices: {} };
  const reflection = () => ({ call: FALLBACK_CALL, failure: { code: 'grasp_failed' as const, message: 'missed' }, attempts: [], remainingRetries: 1, remaining: [], goal, context: ctx });

  it('every stage falls back to the built-in reasoner when the endpoint stalls, and says so', async () => {
    server.script({ hang: true });
    const r = stalling();
    const deadline = 'no usable answer within the';
    expect(await r.interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' })).toMatchObject({ kind: 'not_found', fallback: fellBack('interpret', deadline) });
    expect(await r.readAnswer(pending, 'the left one', ctx.belief)).toMatchObject({ kind: 'unresolved', fallback: fellBack('readAnswer', deadline) });
    expect(await r.plan(goal, ctx)).toMatchObject({ kind: 'plan', source: 'fallback', fallback: fellBack('plan', "plan stage's deadline of 150 ms") });
    expect(await r.reflect(reflection())).toMatchObject({ kind: 'replan', fallback: fellBack('reflect', deadline) });
    expect(await r.classify('also wash the bowl', { missionRunning: true, pendingQuestion: false })).toMatchObject({ kind: 'answer', fallback: fellBack('classify', deadline) });
    expect(fallback.used).toEqual(['interpret', 'readAnswer', 'plan', 'reflect', 'classify']);
  });

  it('holds retries and the waits between them to the deadline', async () => {
    server.script(httpError(503));
    const slowBackoff = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 600_000).unref());
    const out = await stalling({ sleep: slowBackoff }).interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' });
    expect(out).toMatchObject({ kind: 'not_found', fallback: fellBack('interpret', 'deadline of 150 ms') });
    expect(server.requests).toHaveLength(1);
  });

  it('holds repair rounds to the same deadline', async () => {
    server.script(ok(goalReply('apple_9')), { hang: true });
    const out = await stalling({ repairRounds: 2 }).interpret({ instruction: 'put the apple on the table', belief: ctx.belief, speaker: 'alex' });
    expect(out).toMatchObject({ kind: 'not_found', fallback: fellBack('interpret', 'deadline of 150 ms') });
    expect(server.requests).toHaveLength(2);
  });
});

