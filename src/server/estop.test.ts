import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
afterEach(async () => {
  await h.close();
});

describe('e-stop', () => {
  it('answers while a mission start is still in progress, and the start then fails as e-stopped', async () => {
    h = await startHarness();
    const release = h.fake.blockStarts();
    let startDone = false;
    const slow = h.call('POST', '/api/missions', { body: { instruction: 'open the door' } }).then((r) => {
      startDone = true;
      return r;
    });
    // Let the slow request reach the orchestrator before the e-stop goes out.
    expect((await h.call('GET', '/healthz')).status).toBe(200);
    const stop = await h.call('POST', '/api/estop', { body: { reason: 'person in the way' } });
    expect(stop.status).toBe(200);
    expect(stop.body).toEqual({ latched: true, reason: 'person in the way' });
    expect(startDone).toBe(false);
    expect((await h.call('GET', '/api/estop')).body).toMatchObject({ latched: true, reason: 'person in the way', by: 'local user (no token)' });
    release();
    const started = await slow;
    expect(started.status).toBe(409);
    expect((started.body as { error: { code: string } }).error.code).toBe('estopped');
    expect(h.fake.listMissions()).toHaveLength(0);
  });

  it('latches even with an unreadable body, pauses live missions, and release keeps them paused', async () => {
    h = await startHarness();
    // A mission waiting for an answer stays unfinished, so the e-stop finds it live.
    const m = (await h.call('POST', '/api/missions', { body: { instruction: 'take the cup' } })).body as MissionView;
    expect(m.status).toBe('awaiting_human');
    const stop = await h.call('POST', '/api/estop', { raw: '{not json', headers: { 'content-type': 'application/json' } });
    expect(stop.status).toBe(200);
    expect(h.fake.estopLatched).toBe(true);
    const huge = await h.call('POST', '/api/estop', { body: { reason: 'x'.repeat(10_000) } });
    expect(huge.status).toBe(200);
    expect(huge.body).toEqual({ latched: true, reason: null });
    const view = (await h.call('GET', `/api/missions/${m.id}`)).body as MissionView;
    expect(view.status).toBe('paused');
    expect((await h.call('POST', `/api/missions/${m.id}/resume`)).status).toBe(409);
    expect((await h.call('POST', '/api/estop/release')).body).toEqual({ latched: false });
    expect(((await h.call('GET', `/api/missions/${m.id}`)).body as MissionView).status).toBe('paused');
    expect((await h.call('POST', `/api/missions/${m.id}/resume`)).status).toBe(200);
    const asked = (await h.call('GET', `/api/requests?missionId=${m.id}`)).body as { id: string }[];
    expect((await h.call('POST', `/api/missions/${m.id}/requests/${asked[0]?.id ?? ''}`, { body: { type: 'respond', text: 'the red cup' } })).status).toBe(200);
    const done = await h.fake.settled(m.id);
    expect(done.status).toBe('succeeded');
  });

  it('is answered, and every robot latched, while the main thread is blocked', async () => {
    h = await startHarness();
    const m = (await h.call('POST', '/api/missions', { body: { instruction: 'take the cup' } })).body as MissionView;
    // A client in another thread presses the e-stop when told; cell 1 becomes its HTTP status.
    const cells = new Int32Array(new SharedArrayBuffer(8));
    const client = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cells = new Int32Array(workerData.cells);
       Atomics.wait(cells, 0, 0);
       fetch(workerData.url + '/api/estop', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"reason":"blocked main"}' })
         .then((r) => { Atomics.store(cells, 1, r.status); Atomics.notify(cells, 1); }, () => { Atomics.store(cells, 1, -1); Atomics.notify(cells, 1); });`,
      { eval: true, workerData: { cells: cells.buffer, url: h.url } },
    );
    try {
      Atomics.store(cells, 0, 1);
      Atomics.notify(cells, 0);
      // Block this (the main) thread until the answer arrives; the bound only ends a failing test.
      const deadline = Date.now() + 15_000;
      while (Atomics.load(cells, 1) === 0 && Date.now() < deadline) Atomics.wait(cells, 1, 0, 50);
      const latchedWhileBlocked = h.fake.latch.latched;
      expect(Atomics.load(cells, 1)).toBe(200);
      expect(latchedWhileBlocked).toBe(true);
    } finally {
      await client.terminate();
    }
    // Once the main thread runs again, the missions follow the latch.
    const view = (await h.call('GET', `/api/missions/${m.id}`)).body as MissionView;
    expect(view.status).toBe('paused');
    expect(h.fake.estopState()).toMatchObject({ latched: true, reason: 'blocked main', by: 'local user (no token)' });
  });
});
