import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteEstopStore } from './estop-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const file = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'orca-estop-store-'));
  dirs.push(dir);
  return join(dir, 'orca.sqlite');
};

describe('EstopStore', () => {
  it('keeps the latch, who set it and when across a reopen; only a release clears it', () => {
    const path = file();
    const a = new SqliteEstopStore(path);
    expect(a.current()).toBeNull();
    a.record({ latched: true, by: 'sam', reason: 'cat on the table', at: '2026-01-01T00:00:00.000Z' });
    a.record({ latched: true, by: 'kim', reason: 'again', at: '2026-01-01T00:00:05.000Z' });
    a.close();
    const b = new SqliteEstopStore(path);
    // The second press is journalled; the state still says who latched it and since when.
    expect(b.current()).toEqual({ latched: true, by: 'sam', reason: 'cat on the table', at: '2026-01-01T00:00:00.000Z' });
    b.record({ latched: false, by: 'sam', reason: null, at: '2026-01-01T00:01:00.000Z' });
    expect(b.current()?.latched).toBe(false);
    expect(b.history().map((e) => [e.latched, e.by])).toEqual([
      [false, 'sam'],
      [true, 'kim'],
      [true, 'sam'],
    ]);
    b.close();
  });

  it('refuses to rewrite the journal, and reads an unreadable state as latched', () => {
    const path = file();
    const s = new SqliteEstopStore(path);
    s.record({ latched: false, by: 'sam', reason: null, at: '2026-01-01T00:00:00.000Z' });
    const raw = new Database(path);
    expect(() => raw.prepare('DELETE FROM orca_estop_log').run()).toThrow(/append-only/);
    raw.prepare("UPDATE orca_estop SET latched = 7 WHERE id = 1").run();
    raw.close();
    expect(s.current()?.latched).toBe(true);
    s.close();
  });

  it('journals a press while another thread holds the write lock, once it lets go', () => {
    const path = file();
    const s = new SqliteEstopStore(path);
    s.record({ latched: false, by: 'setup', reason: null, at: '2026-01-01T00:00:00.000Z' });
    const cells = new Int32Array(new SharedArrayBuffer(8));
    const holder = new Worker(
      `const { workerData } = require('node:worker_threads');
       const Database = require(workerData.driver);
       const cells = new Int32Array(workerData.cells);
       const db = new Database(workerData.path);
       db.exec('BEGIN IMMEDIATE');
       Atomics.store(cells, 0, 1); Atomics.notify(cells, 0);
       Atomics.wait(cells, 1, 0, 200);
       db.exec('COMMIT'); db.close();
       Atomics.store(cells, 0, 2); Atomics.notify(cells, 0);`,
      { eval: true, workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, cells: cells.buffer } },
    );
    Atomics.wait(cells, 0, 0, 10_000);
    expect(Atomics.load(cells, 0)).toBe(1);
    // The lock is held right now; the press waits for it rather than failing.
    s.record({ latched: true, by: 'sam', reason: 'held lock', at: '2026-01-01T00:00:01.000Z' });
    expect(Atomics.load(cells, 0)).toBe(2);
    expect(s.current()).toMatchObject({ latched: true, by: 'sam' });
    s.close();
    void holder.terminate();
  });
});
