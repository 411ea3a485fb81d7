import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SyncPg } from '../storage/sync-pg.js';
import { PG_MISSING, PG_URL, freshPgDatabase } from '../../tests/support/pg.js';
import { PgTraceStore } from './pg-store.js';
import { input, steppingClock } from './test-helpers.js';

describe.skipIf(!PG_URL)(`PgTraceStore${PG_URL ? '' : ` (skipped: ${PG_MISSING})`}`, () => {
  it('keeps events and sequences across re-opening', () => {
    const url = freshPgDatabase();
    const first = new PgTraceStore(url, { now: steppingClock() });
    first.append(input('m1', 'instruction', { data: { text: 'tidy up' } }));
    first.append(input('m1', 'plan'));
    const before = first.events('m1');
    first.close();
    const second = new PgTraceStore(url, { now: steppingClock('2026-01-01T00:00:00.000Z') });
    expect(second.events('m1')).toEqual(before);
    expect(second.append(input('m1', 'outcome')).seq).toBe(3);
    second.close();
  });

  it('two connections to one database interleave without gaps or duplicates', () => {
    const url = freshPgDatabase();
    const a = new PgTraceStore(url);
    const b = new PgTraceStore(url);
    const got: number[] = [];
    for (let i = 0; i < 30; i++) got.push((i % 2 === 0 ? a : b).append(input('m', 'step')).seq);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(b.events('m').map((e) => e.seq)).toEqual(got);
    a.close();
    b.close();
  });

  it('a failed batch leaves no gap: the next event takes the next number', () => {
    const url = freshPgDatabase();
    const store = new PgTraceStore(url);
    store.append(input('m', 'note'));
    const raw = new SyncPg(url);
    // A row the store did not write takes seq 2 behind its back: the next batch collides and rolls back whole.
    raw.run(`INSERT INTO orca_events (mission_id, seq, actor_kind, actor_id, kind, wall_time, wall_ms, data) VALUES ('m', 2, 'system', 'x', 'note', 'now', 0, '{}')`);
    expect(() => store.appendMany([input('m', 'note'), input('m', 'note')])).toThrow(/duplicate key/);
    expect(raw.query(`SELECT last_seq FROM orca_trace_heads WHERE mission_id = 'm'`)).toEqual([{ last_seq: 1 }]);
    raw.close();
    store.close();
  });

  it('refuses to update, delete or truncate stored events', () => {
    const url = freshPgDatabase();
    const store = new PgTraceStore(url);
    store.append(input('m', 'note'));
    store.close();
    const raw = new SyncPg(url);
    expect(() => raw.run("UPDATE orca_events SET kind = 'error'")).toThrow(/append-only/);
    expect(() => raw.run('DELETE FROM orca_events')).toThrow(/append-only/);
    expect(() => raw.run('TRUNCATE orca_events')).toThrow(/append-only/);
    raw.close();
  });

  it('refuses a database migrated by a newer orca', () => {
    const url = freshPgDatabase();
    new PgTraceStore(url).close();
    const raw = new SyncPg(url);
    raw.run(`INSERT INTO orca_migrations (version, name) VALUES (99, 'from the future')`);
    raw.close();
    expect(() => new PgTraceStore(url)).toThrow(/newer/);
  });

  it("observers see other processes' events in sequence order, missed ones before their own", async () => {
    const url = freshPgDatabase();
    const here = new PgTraceStore(url);
    const there = new PgTraceStore(url);
    const seen: string[] = [];
    here.subscribe((e) => seen.push(`${e.missionId}#${e.seq}:${e.kind}`));
    await here.followOtherProcesses();
    there.appendMany([input('m', 'instruction'), input('m', 'plan')]);
    // Appended here before the notification of the other's commit was handled: the gap is filled first.
    here.append(input('m', 'note'));
    there.append(input('m', 'outcome'));
    const deadline = Date.now() + 10_000;
    while (seen.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual(['m#1:instruction', 'm#2:plan', 'm#3:note', 'm#4:outcome']);
    here.close();
    there.close();
  });

  it('loses no committed event when the writing process is SIGKILLed', async () => {
    const url = freshPgDatabase();
    const fixture = fileURLToPath(new URL('./sigkill-child.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let buffered = '';
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        reported.push(...lines);
        if (reported.length >= 300) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited before being killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    const store = new PgTraceStore(url);
    const lastReported = new Map<string, number>();
    for (const line of reported) {
      const [missionId = '', seq = ''] = line.split(' ');
      lastReported.set(missionId, Math.max(lastReported.get(missionId) ?? 0, Number(seq)));
    }
    expect([...lastReported.keys()].sort()).toEqual(['kill-a', 'kill-b', 'kill-c']);
    for (const [missionId, last] of lastReported) {
      const seqs = store.events(missionId).map((e) => e.seq);
      expect(seqs.length).toBeGreaterThanOrEqual(last);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    const next = store.append(input('kill-a', 'note'));
    expect(next.seq).toBe(store.count('kill-a'));
    store.close();
  }, 60_000);
});
