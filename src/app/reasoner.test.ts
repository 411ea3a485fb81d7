import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beliefFromScene } from '../reasoning/belief-scene.js';
import { fakeBuiltin } from '../reasoning/openai/fixtures.test-support.js';
import { startFakeServer } from '../reasoning/openai/test-server.js';
import type { FakeServer } from '../reasoning/openai/test-server.js';
import { loadBuiltinScene } from '../world/scene-loader.js';
import { ReasonerConfigSchema } from './config.js';
import { createReasoner } from './reasoner.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});

describe('the configured OpenAI-compatible reasoner', () => {
  it('has a stage deadline by default', () => {
    const config = ReasonerConfigSchema.parse({ kind: 'openai', model: 'm' });
    expect(config.kind === 'openai' && config.stageDeadlineMs).toBe(45_000);
    expect(ReasonerConfigSchema.safeParse({ kind: 'openai', model: 'm', stageDeadlineMs: 0 }).success).toBe(false);
  });

  it('falls back to the built-in reasoner once the configured stage deadline passes', async () => {
    server.script({ hang: true });
    const config = ReasonerConfigSchema.parse({ kind: 'openai', model: 'stalling-model', baseURL: server.baseURL, apiKey: 'sk-test', timeoutMs: 600_000, stageDeadlineMs: 100 });
    const builtin = fakeBuiltin();
    const reasoner = createReasoner(config, builtin, { warn: () => undefined });
    const out = await reasoner.interpret({ instruction: 'bring me the apple', belief: beliefFromScene(loadBuiltinScene('home')), speaker: 'alex' });
    expect(out).toMatchObject({ kind: 'not_found', fallback: { stage: 'interpret', model: 'stalling-model', answeredBy: 'fake-builtin', reason: expect.stringContaining('deadline of 100 ms') } });
    expect(builtin.used).toEqual(['interpret']);
  });
});
