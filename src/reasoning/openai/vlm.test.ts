import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpError, ok, startFakeServer } from './test-server.js';
import type { FakeServer } from './test-server.js';
import { createVlmFrameCheck } from './vlm.js';

let server: FakeServer;
beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await server.close();
});

const check = () => createVlmFrameCheck({ model: 'vlm', apiKey: 'k', baseURL: server.baseURL, maxRetries: 1, sleep: async () => {} });
const frame = { image: new Uint8Array([137, 80, 78, 71]), mime: 'image/png' as const };
const pred = { pred: 'in' as const, args: ['apple_1', 'fridge_1'] };

describe('VLM frame check', () => {
  it('sends the frame as an image part and maps a confident yes to true', async () => {
    server.script(ok({ answer: 'yes', confidence: 0.9, why: 'the apple is on the top shelf' }));
    expect(await check()(frame, pred, { apple_1: 'a red apple' })).toEqual({ truth: 'true', confidence: 0.9, why: 'the apple is on the top shelf' });
    const raw = JSON.stringify(server.requests[0]?.body.messages);
    expect(raw).toContain('data:image/png;base64,iVBORw==');
    expect(raw).toContain('in(apple_1, fridge_1) (where apple_1 is a red apple)');
  });

  it('reports unknown for a low-confidence answer and for a failing endpoint', async () => {
    server.script(ok({ answer: 'no', confidence: 0.3, why: 'dark' }));
    expect((await check()(frame, pred)).truth).toBe('unknown');
    server.script(httpError(503));
    expect(await check()(frame, pred)).toMatchObject({ truth: 'unknown', confidence: 0 });
  });
});
