import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { SseReader } from '../../src/server/testing/sse-reader.js';
import { PG_MISSING, PG_URL, freePort, freshPgDatabase } from '../support/pg.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

type TraceEventJson = { seq: number; kind: string; subgoalId?: string; data: Record<string, unknown> };
const json = async <T>(res: Response): Promise<T> => (await res.json()) as T;
const post = (url: string, body: unknown): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function serve(db: string, port: number): ChildProcess {
  const child = spawn(process.execPath, ['bin/orca.mjs', 'serve', '--db', db, '--port', String(port), '--speed', '4', '--faults', 'off', '--seed', '2', '--lease-seconds', '5'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ORCA_TOKENS: '' },
  });
  cleanups.push(() => void child.kill('SIGKILL'));
  return child;
}

async function until<T>(probe: () => Promise<T | null>, what: string, ms = 90_000): Promise<T> {
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

const trace = async (base: string, id: string, query = ''): Promise<TraceEventJson[]> =>
  (await json<{ events: TraceEventJson[] }>(await fetch(`${base}/api/missions/${id}/trace?limit=1000${query}`))).events;

describe.skipIf(!PG_URL)(`commands and failover between two orca serve processes on one PostgreSQL${PG_URL ? '' : ` (skipped: ${PG_MISSING})`}`, () => {
  it('a SIGKILLed owner’s mission is taken over, comes back interrupted and paused, and finishes without re-dispatching a succeeded subgoal', async () => {
    const db = freshPgDatabase();
    const [portA, portB] = [await freePort(), await freePort()];
    const [a, b] = [`http://127.0.0.1:${portA}`, `http://127.0.0.1:${portB}`];
    const first = serve(db, portA);
    serve(db, portB);
    await until(async () => ((await fetch(`${a}/healthz`)).ok ? true : null), 'process A');
    await until(async () => ((await fetch(`${b}/healthz`)).ok ? true : null), 'process B');

    const created = await json<MissionView>(await post(`${a}/api/missions`, { instruction: 'put the potato on the kitchen counter' }));
    // B lists A's mission; commands sent to B reach A, which drives it.
    await until(async () => ((await fetch(`${b}/api/missions/${created.id}`)).ok ? true : null), 'the mission listed by B');
    const paused = await post(`${b}/api/missions/${created.id}/pause`, {});
    expect(paused.status).toBe(200);
    expect((await json<MissionView>(paused)).status).toBe('paused');
    expect((await json<MissionView>(await fetch(`${a}/api/missions/${created.id}`))).status).toBe('paused');
    // The owner's typed refusal comes back through B as it is.
    const unknown = await post(`${b}/api/missions/${created.id}/requests/r-none`, { type: 'accept' });
    expect(unknown.status).toBe(404);
    const resumedOnA = await post(`${b}/api/missions/${created.id}/resume`, {});
    expect(resumedOnA.status).toBe(200);
    expect((await json<MissionView>(await fetch(`${a}/api/missions/${created.id}`))).status).toBe('running');
    // A page connected to B follows the mission A drives, and then B's own work on it.
    const stream = await fetch(`${b}/api/missions/${created.id}/events`);
    const sse = new SseReader(stream.body!);
    cleanups.push(() => void sse.cancel().catch(() => undefined));
    const streamed: number[] = [];
    const reading = (async () => {
      for (;;) {
        const m = await sse.next().catch(() => null);
        if (!m) return;
        if (m.event === 'trace') streamed.push((JSON.parse(m.data) as { seq: number }).seq);
      }
    })();

    const before = await until(async () => {
      const events = await trace(a, created.id);
      return events.some((e) => e.kind === 'transition' && e.data['to'] === 'succeeded') ? events : null;
    }, 'a succeeded subgoal');
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));

    const taken = await until(async () => {
      const v = await json<MissionView>(await fetch(`${b}/api/missions/${created.id}`));
      return v.status === 'interrupted' ? v : null;
    }, 'B taking the mission over');
    const doneBefore = taken.subgoals.filter((s) => s.status === 'succeeded').map((s) => s.id);
    expect(doneBefore.length).toBeGreaterThan(0);
    // Paused until a person resumes it, exactly as after a restart.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await json<MissionView>(await fetch(`${b}/api/missions/${created.id}`))).status).toBe('interrupted');
    const atTakeover = await trace(b, created.id);
    for (const e of before) expect(atTakeover.find((s) => s.seq === e.seq)?.kind).toBe(e.kind);
    expect(atTakeover.some((e) => e.kind === 'pause' && e.data['reason'] === 'interrupted by a restart')).toBe(true);

    expect((await post(`${b}/api/missions/${created.id}/resume`, {})).status).toBe(200);
    const final = await until(async () => {
      const v = await json<MissionView>(await fetch(`${b}/api/missions/${created.id}`));
      return v.status === 'succeeded' || v.status === 'failed' ? v : null;
    }, 'the resumed mission', 60_000);
    expect(final.status).toBe('succeeded');
    const all = await trace(b, created.id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    const again = all.filter((e) => e.kind === 'dispatch' && e.seq > atTakeover.length && doneBefore.includes(e.subgoalId ?? ''));
    expect(again).toEqual([]);
    // Every event from the first one streamed to the last, in order, across the takeover (steps are never streamed).
    await until(async () => (streamed.at(-1) === all.at(-1)?.seq ? true : null), 'the last event on the stream', 10_000);
    await sse.cancel().catch(() => undefined);
    await reading;
    const firstStreamed = streamed[0] ?? 0;
    expect(streamed).toEqual(all.filter((e) => e.seq >= firstStreamed && e.kind !== 'step').map((e) => e.seq));
    expect(firstStreamed).toBeLessThanOrEqual(before.at(-1)?.seq ?? 0);
  }, 400_000);
});
