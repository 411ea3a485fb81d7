import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { ok, startFakeServer } from '../../src/reasoning/openai/test-server.js';
import type { FakeServer } from '../../src/reasoning/openai/test-server.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});

/** A model that grounds every instruction in an object the household does not have. */
const hallucinated = {
  kind: 'goal',
  steps: [{ conjuncts: [{ pred: 'holding', args: ['alex', 'mug_9'], neg: false }] }],
  groundings: [{ text: 'the mug', ids: ['mug_9'], candidates: null }],
  search: null,
  question: null,
  options: null,
  reason: null,
};

describe('a model whose answers cannot be used', () => {
  it('puts each fallback in the mission trace: the stage, why, and what answered instead', async () => {
    server.script(ok(hallucinated));
    let o: Orchestrator | null = null;
    try {
      o = await createOrchestrator({
        db: ':memory:',
        faults: 'off',
        seed: 7,
        reasoner: { kind: 'openai', model: 'confused-model', baseURL: server.baseURL, apiKey: 'sk-test', repairRounds: 0, maxRetries: 0 },
      });
      const m = await o.startMission({ instruction: 'bring me the mug' });
      const q = m.pending[0];
      if (!q) throw new Error(`expected a clarification, got ${m.status}`);
      await o.answer(m.id, q.id, { type: 'respond', text: 'the red one' });
      await o.settled(m.id);
      const notes = o.traces.events(m.id, { kinds: ['note'] }).map((e) => e.data as { text?: string; fallback?: Record<string, unknown> });
      const fallbacks = notes.flatMap((n) => (n.fallback ? [n.fallback] : []));
      expect(fallbacks.map((f) => f['stage'])).toEqual(['interpret', 'readAnswer', 'interpret']);
      expect(fallbacks[0]).toEqual({ stage: 'interpret', model: 'confused-model', answeredBy: 'builtin', reason: expect.stringContaining('"mug_9", which is not an id in the belief state') });
      expect(notes.find((n) => n.fallback)?.text).toMatch(/^interpret: confused-model gave no usable answer \(.*mug_9.*\); builtin answered instead$/);
      const plan = o.traces.events(m.id, { kinds: ['plan'] })[0]?.data as { source?: string; notes?: string[] };
      expect(plan.source).toBe('fallback');
      expect(plan.notes?.join(' ')).toContain("the model's answer stayed unusable");
    } finally {
      await o?.close();
    }
  });
});
