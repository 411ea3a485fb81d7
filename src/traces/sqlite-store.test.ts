import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteTraceStore } from './sqlite-store.js';
import { input, steppingClock } from './test-helpers.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orca-sqlite-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteTraceStore on a file', () => {
  it('uses WAL and keeps events and sequences across re-opening', () => {
    const path = join(dir, 'traces.db');
    const first = new SqliteTraceStore(path, { now: steppingClock() });
    first.append(input('m1', 'instruction', { data: { text: 'tidy up' } }));
    first.append(input('m1', 'plan'));
    const before = first.events('m1');
    first.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const second = new SqliteTraceStore(path, { now: steppingClock('2026-01-01T00:00:00.000Z') });
    expect(second.events('m1')).toEqual(before);
    expect(second.append(input('m1', 'outcome')).seq).toBe(3);
    second.close();
  });

  it('two connections to one file interleave without gaps or duplicates', () => {
    const path = join(dir, 'shared.db');
    const a = new SqliteTraceStore(path);
    const b = new SqliteTraceStore(path);
    const got: number[] = [];
    for (let i = 0; i < 30; i++) got.push((i % 2 === 0 ? a : b).append(input('m', 'step')).seq);
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(b.events('m').map((e) => e.seq)).toEqual(got);
    a.close();
    b.close();
  });

  it('refuses to update or delete stored events', () => {
    const path = join(dir, 'append-only.db');
    const store = new SqliteTraceStore(path);
    store.append(input('m', 'note'));
    store.close();
    const raw = new Database(path);
    expect(() => raw.prepare("UPDATE events SET kind = 'error'").run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    raw.close();
  });

  it('refuses a file from a newer schema', () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99');
    raw.close();
    expect(() => new SqliteTraceStore(path)).toThrow(/newer/);
  });

  it('loses no committed event when the writing process is SIGKILLed', async () => {
    const path = join(dir, 'killed.db');
    const fixture = fileURLToPath(new URL('./sigkill-child.fixture.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, path], { stdio: ['ignore', 'pipe', 'pipe'] });
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
        if (reported.length >= 600) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => reject(new Error(`child exited before being killed: ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');
    // The last commits live only in the WAL: re-opening must recover them from it.
    expect(existsSync(`${path}-wal`)).toBe(true);

    const store = new SqliteTraceStore(path);
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
    // Re-opened after the crash, the store carries on from where the child stopped.
    const next = store.append(input('kill-a', 'note'));
    expect(next.seq).toBe(store.count('kill-a'));
    store.close();
  });
});
