import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { startServer } from '../../src/server/index.js';
import { SseReader } from '../../src/server/testing/sse-reader.js';
import { openTraceStore } from '../../src/traces/index.js';
import { PG_URL, freshPgDatabase } from '../support/pg.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const json = async (res: Response): Promise<Record<string, unknown>> => (await res.json()) as Record<string, unknown>;
const post = (url: string, body: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the service with the real orchestrator', () => {
  it('drives a mission over HTTP and SSE to the end, answering its question over the API', async () => {
    const orchestrator = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 5 });
    const server = await startServer({ orchestrator, port: 0 });
    cleanups.push(() => orchestrator.close(), () => server.close());

    const created = await post(`${server.url}/api/missions`, { instruction: 'bring me the mug' });
    expect(created.status).toBe(201);
    const mission = (await json(created)) as unknown as MissionView;
    const stream = await fetch(`${server.url}/api/missions/${mission.id}/events`, { headers: { accept: 'text/event-stream' } });
    const sse = new SseReader(stream.body!);
    cleanups.push(() => sse.cancel());

    const requests = (await json(await fetch(`${server.url}/api/requests?missionId=${mission.id}`))) as unknown as { requests?: { id: string }[] } | { id: string }[];
    const list = Array.isArray(requests) ? requests : (requests.requests ?? []);
    expect(list).toHaveLength(1);
    const answered = await post(`${server.url}/api/missions/${mission.id}/requests/${list[0]!.id}`, { type: 'respond', text: 'the blue one' });
    expect(answered.status).toBe(200);

    const seen = await sse.until((m) => m.event === 'mission' && (JSON.parse(m.data) as { mission: MissionView }).mission.status === 'succeeded');
    expect(seen.some((m) => m.event === 'trace')).toBe(true);
    const final = (await json(await fetch(`${server.url}/api/missions/${mission.id}`))) as unknown as MissionView;
    expect(final.status).toBe('succeeded');
    const objects = (await json(await fetch(`${server.url}/api/scenes/home/objects`))) as unknown as { objects?: { id: string; location: unknown }[] } | { id: string; location: unknown }[];
    const all = Array.isArray(objects) ? objects : (objects.objects ?? []);
    expect(all.find((o) => o.id === 'mug_blue')?.location).toEqual({ relation: 'held_by', target: 'alex' });
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function serve(db: string, port: number): ChildProcess {
  // On PostgreSQL a restarted process is a new owner: the killed one's leases must expire before it takes its missions.
  const lease = db.startsWith('postgres') ? ['--lease-seconds', '2'] : [];
  const child = spawn(process.execPath, ['bin/orca.mjs', 'serve', '--db', db, '--port', String(port), '--speed', '4', '--faults', 'off', '--seed', '2', ...lease], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ORCA_TOKENS: '' },
  });
  return child;
}

async function until<T>(probe: () => Promise<T | null>, what: string, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const v = await probe();
      if (v !== null) return v;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The crash tests run on the embedded SQLite file and, when a server is available, on PostgreSQL. */
const backends: [string, () => string][] = [
  [
    'SQLite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'orca-kill-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return join(dir, 'orca.sqlite');
    },
  ],
  ...(PG_URL ? [['PostgreSQL', () => freshPgDatabase()] as [string, () => string]] : []),
];

describe.each(backends)('a server killed mid-mission (%s)', (_name, makeDb) => {
  it('loses no committed trace event, and after a restart the mission is interrupted and paused until resumed', async () => {
    const db = makeDb();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = serve(db, port);
    cleanups.push(() => void first.kill('SIGKILL'));
    await until(async () => ((await fetch(`${url}/healthz`)).ok ? true : null), 'the server');
    const created = (await json(await post(`${url}/api/missions`, { instruction: 'put the potato on the kitchen counter' }))) as unknown as MissionView;

    // Wait until the first subgoal has succeeded and another one is under way.
    const before = await until(async () => {
      const page = (await json(await fetch(`${url}/api/missions/${created.id}/trace?limit=1000`))) as { events: { seq: number; kind: string; data: Record<string, unknown> }[] };
      const succeeded = page.events.some((e) => e.kind === 'transition' && e.data['to'] === 'succeeded');
      return succeeded ? page.events : null;
    }, 'a succeeded subgoal');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    // Every event the API had shown is in the file, unchanged.
    const store = openTraceStore(db);
    const stored = store.events(created.id, { limit: 10_000 });
    store.close();
    for (const e of before) expect(stored.find((s) => s.seq === e.seq)?.kind).toBe(e.kind);

    const second = serve(db, port);
    cleanups.push(() => void second.kill('SIGKILL'));
    await until(async () => ((await fetch(`${url}/healthz`)).ok ? true : null), 'the restarted server');
    const after = await until(async () => {
      const v = (await json(await fetch(`${url}/api/missions/${created.id}`))) as unknown as MissionView;
      return v.status === 'running' ? null : v;
    }, 'the mission taken back by the restarted server');
    expect(after.status).toBe('interrupted');
    const doneBefore = after.subgoals.filter((s) => s.status === 'succeeded').map((s) => s.id);
    expect(doneBefore.length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 1000));
    const still = (await json(await fetch(`${url}/api/missions/${created.id}`))) as unknown as MissionView;
    expect(still.status).toBe('interrupted');
    const count = ((await json(await fetch(`${url}/api/missions/${created.id}/trace?limit=1000`))) as { events: unknown[] }).events.length;

    const resumed = await post(`${url}/api/missions/${created.id}/resume`, {});
    expect(resumed.status).toBe(200);
    const final = await until(async () => {
      const v = (await json(await fetch(`${url}/api/missions/${created.id}`))) as unknown as MissionView;
      return v.status === 'succeeded' || v.status === 'failed' ? v : null;
    }, 'the resumed mission', 60_000);
    expect(final.status).toBe('succeeded');
    // Nothing that had succeeded before the kill was dispatched again.
    const dispatched = ((await json(await fetch(`${url}/api/missions/${created.id}/trace?kind=dispatch&limit=1000`))) as { events: { seq: number; subgoalId?: string }[] }).events;
    const again = dispatched.filter((e) => e.seq > count && doneBefore.includes(e.subgoalId ?? ''));
    expect(again).toEqual([]);
  }, 120_000);
});

describe.each(backends)('an e-stop and then a SIGKILL (%s)', (_name, makeDb) => {
  it('comes back latched after a restart, with who latched it, and nothing moves until a release', async () => {
    const db = makeDb();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const first = serve(db, port);
    cleanups.push(() => void first.kill('SIGKILL'));
    await until(async () => ((await fetch(`${url}/healthz`)).ok ? true : null), 'the server');
    const created = (await json(await post(`${url}/api/missions`, { instruction: 'put the potato on the kitchen counter' }))) as unknown as MissionView;
    await until(async () => {
      const v = (await json(await fetch(`${url}/api/missions/${created.id}`))) as unknown as MissionView;
      return v.subgoals.some((s) => s.status === 'running') ? v : null;
    }, 'a running subgoal');
    const stop = await post(`${url}/api/estop`, { reason: 'someone in the hallway' });
    expect(stop.status).toBe(200);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const second = serve(db, port);
    cleanups.push(() => void second.kill('SIGKILL'));
    const health = await until(async () => {
      const res = await fetch(`${url}/healthz`);
      return res.ok ? ((await res.json()) as { estopLatched: boolean; estop: { by: string | null; reason: string | null; at: string | null } }) : null;
    }, 'the restarted server');
    expect(health.estopLatched).toBe(true);
    expect(health.estop.reason).toBe('someone in the hallway');
    expect(health.estop.by).toMatch(/local user/);
    expect(health.estop.at).not.toBeNull();
    const robots = (await json(await fetch(`${url}/api/robots`))) as unknown as { id: string; estopped: boolean; pose: unknown }[];
    expect(robots.length).toBeGreaterThan(0);
    expect(robots.every((r) => r.estopped)).toBe(true);

    await until(async () => (((await json(await fetch(`${url}/api/missions/${created.id}`))) as unknown as MissionView).status === 'running' ? null : true), 'the mission taken back by the restarted server');
    const refused = await post(`${url}/api/missions/${created.id}/resume`, {});
    expect(refused.status).toBe(409);
    expect(((await json(refused)) as { error: { code: string } }).error.code).toBe('estopped');
    const fresh = await post(`${url}/api/missions`, { instruction: 'bring me the apple' });
    expect(fresh.status).toBe(409);

    const released = await post(`${url}/api/estop/release`, {});
    expect(released.status).toBe(200);
    const after = (await json(await fetch(`${url}/healthz`))) as { estopLatched: boolean };
    expect(after.estopLatched).toBe(false);
    expect((await post(`${url}/api/missions/${created.id}/resume`, {})).status).toBe(200);
  }, 120_000);
});

describe('the e-stop while the main thread is busy', () => {
  it('latches every simulated robot before the main thread runs again, and the mission then pauses without moving', async () => {
    const orchestrator = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 3, clock: 'realtime', speed: 4, persistWorld: false });
    const server = await startServer({ orchestrator, port: 0 });
    cleanups.push(() => orchestrator.close(), () => server.close());
    const created = (await json(await post(`${server.url}/api/missions`, { instruction: 'put the potato on the kitchen counter' }))) as unknown as MissionView;
    await until(async () => {
      const v = (await json(await fetch(`${server.url}/api/missions/${created.id}`))) as unknown as MissionView;
      return v.subgoals.some((s) => s.status === 'running') ? v : null;
    }, 'a running subgoal');
    expect(orchestrator.robots().some((r) => r.estopped)).toBe(false);

    const cells = new Int32Array(new SharedArrayBuffer(8));
    const client = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cells = new Int32Array(workerData.cells);
       Atomics.wait(cells, 0, 0);
       fetch(workerData.url + '/api/estop', { method: 'POST' })
         .then((r) => { Atomics.store(cells, 1, r.status); Atomics.notify(cells, 1); }, () => { Atomics.store(cells, 1, -1); Atomics.notify(cells, 1); });`,
      { eval: true, workerData: { cells: cells.buffer, url: server.url } },
    );
    cleanups.push(() => client.terminate().then(() => undefined));
    Atomics.store(cells, 0, 1);
    Atomics.notify(cells, 0);
    const deadline = Date.now() + 15_000;
    while (Atomics.load(cells, 1) === 0 && Date.now() < deadline) Atomics.wait(cells, 1, 0, 50);
    // Still on the blocked thread: its robots read the shared latch.
    expect(Atomics.load(cells, 1)).toBe(200);
    expect(orchestrator.robots().every((r) => r.estopped)).toBe(true);
    const poses = JSON.stringify(orchestrator.robots().map((r) => r.pose));

    const paused = await until(async () => {
      const v = (await json(await fetch(`${server.url}/api/missions/${created.id}`))) as unknown as MissionView;
      return v.status === 'paused' ? v : null;
    }, 'the paused mission');
    expect(paused.reason).toMatch(/e-stop/);
    await new Promise((r) => setTimeout(r, 500));
    expect(JSON.stringify(orchestrator.robots().map((r) => r.pose))).toBe(poses);
    expect(paused.subgoals.some((s) => s.status === 'failed')).toBe(false);
  }, 60_000);
});
