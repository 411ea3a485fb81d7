import { describe, expect, it } from 'vitest';
import { loadBuiltinScene } from '../../world/scene-loader.js';
import { beliefFromScene } from '../belief-scene.js';
import { existenceValidator, fakeBuiltin, homeContext } from './fixtures.test-support.js';
import { createOpenAIReasoner } from './reasoner.js';

/**
 * Calls a real (paid) model: run with ORCA_LIVE_OPENAI=1, OPENAI_API_KEY, optionally OPENAI_BASE_URL
 * and ORCA_OPENAI_MODEL (default gpt-4o-mini).
 */
describe.skipIf(process.env['ORCA_LIVE_OPENAI'] !== '1')('live OpenAI-compatible model', () => {
  it('interprets and plans a simple instruction without falling back', { timeout: 120_000 }, async () => {
    const ctx = homeContext(beliefFromScene(loadBuiltinScene('home')));
    const fallback = fakeBuiltin();
    const warnings: string[] = [];
    const r = createOpenAIReasoner({
      model: process.env['ORCA_OPENAI_MODEL'] ?? 'gpt-4o-mini',
      timeoutMs: 60_000,
      maxRetries: 2,
      repairRounds: 2,
      fallback,
      validatePlan: existenceValidator,
      logger: { warn: (o, msg) => warnings.push(`${msg} ${JSON.stringify(o)}`) },
    });
    const out = await r.interpret({ instruction: 'put the red apple on the dining table', belief: ctx.belief, speaker: 'alex' });
    expect(warnings).toEqual([]);
    if (out.kind !== 'goal') throw new Error(`expected a goal, got ${JSON.stringify(out)}`);
    const preds = out.goal.steps.flatMap((s) => s.conjuncts);
    expect(preds.some((p) => p.pred === 'on' && p.args[0] === 'apple_1' && p.args[1]?.startsWith('dining_table_1'))).toBe(true);

    const plan = await r.plan(out.goal, ctx);
    expect(plan).toMatchObject({ kind: 'plan' });
    if (plan.kind === 'plan') expect(['model', 'model_repaired']).toContain(plan.source);
    expect(await r.classify('stop', { missionRunning: true, pendingQuestion: false })).toEqual({ kind: 'stop' });
    expect(fallback.used).toEqual([]);
  });
});
