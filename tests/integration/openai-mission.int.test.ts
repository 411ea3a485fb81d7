import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const none = { steps: null, groundings: null, search: null, question: null, options: null, reason: null };
const call = (id: string, skill: string, args: Record<string, string>, dependsOn: string[] = []) => ({
  id,
  skill,
  args: Object.entries(args).map(([name, value]) => ({ name, value })),
  assignee: { kind: 'robot', id: 'rover' },
  dependsOn,
});

describe('a mission planned by an OpenAI-compatible model (recorded responses)', () => {
  it('runs the model plan after symbolic validation and records which source planned it', async () => {
    server.script(
      ok({ ...none, kind: 'goal', steps: [{ conjuncts: [{ pred: 'on', args: ['potato_1', 'counter_1'], neg: false }] }], groundings: [{ text: 'the potato', ids: ['potato_1'], candidates: null }] }),
      ok({
        calls: [
          call('c1', 'navigate', { target: 'potato_1' }),
          call('c2', 'pick', { object: 'potato_1' }, ['c1']),
          call('c3', 'navigate', { target: 'counter_1' }, ['c2']),
          call('c4', 'place_on', { object: 'potato_1', receptacle: 'counter_1' }, ['c3']),
        ],
        impossible: null,
      }),
    );
    const o = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 1, reasoner: { kind: 'openai', model: 'test-model', baseURL: server.baseURL, apiKey: 'sk-test', timeoutMs: 2000, maxRetries: 0, repairRounds: 1 } });
    try {
      const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
      const v = await o.settled(m.id);
      const plan = o.traces.events(m.id, { kinds: ['plan'] }).find((e) => e.actor.kind === 'agent');
      expect(plan?.data['source']).toBe('model');
      expect(v.status).toBe('succeeded');
      expect(o.worldObjects()!.find((x) => x.id === 'potato_1')!.location).toEqual({ relation: 'on', target: 'counter_1' });
      expect(server.requests.length).toBeGreaterThanOrEqual(2);
      expect(server.requests[0]!.authorization).toBe('Bearer sk-test');
    } finally {
      await o.close();
    }
  });

  it('falls back to the built-in reasoner when the endpoint is down, and the mission still succeeds', async () => {
    const o = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 1, reasoner: { kind: 'openai', model: 'test-model', baseURL: 'http://127.0.0.1:9/v1', apiKey: 'sk-test', timeoutMs: 500, maxRetries: 0, repairRounds: 0 } });
    try {
      const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
      const v = await o.settled(m.id);
      expect(v.status).toBe('succeeded');
      const plan = o.traces.events(m.id, { kinds: ['plan'] }).find((e) => e.actor.kind === 'agent');
      expect(plan?.data['source']).toBe('fallback');
    } finally {
      await o.close();
    }
  });
});
