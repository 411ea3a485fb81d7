import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteTraceStore } from './sqlite-store.js';
import { input, steppingClock } from './test-helpers.js';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orca-sqlite-maint-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const indexes = (path: string): string[] => {
  const raw = new Database(path, { readonly: true });
  const rows = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  raw.close();
  return rows.map((r) => r.name);
};

describe('SqliteTraceStore schema v2', () => {
  it('upgrades a v1 file: drops the secondary indexes, keeps the events and the sequence', () => {
    const path = join(dir, 'v1.db');
    const raw = new Database(path);
    raw.pragma('journal_mode = WAL');
    raw.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, mission_id TEXT NOT NULL, seq INTEGER NOT NULL CHECK (seq > 0),
      actor_kind TEXT NOT NULL, actor_id TEXT NOT NULL, kind TEXT NOT NULL, subgoal_id TEXT, goal_id TEXT,
      wall_time TEXT NOT NULL, wall_ms INTEGER NOT NULL, sim_time REAL, data TEXT NOT NULL);
      CREATE UNIQUE INDEX events_mission_seq ON events (mission_id, seq);
      CREATE INDEX events_mission_kind ON events (mission_id, kind, seq);
      CREATE INDEX events_mission_subgoal ON events (mission_id, subgoal_id, seq);
      CREATE INDEX events_mission_wall ON events (mission_id, wall_ms);
      CREATE INDEX events_mission_sim ON events (mission_id, sim_time);`);
    raw
      .prepare("INSERT INTO events (mission_id, seq, actor_kind, actor_id, kind, wall_time, wall_ms, sim_time, data) VALUES ('m1', 1, 'person', 'alex', 'instruction', '2026-01-01T00:00:00.000Z', 0, 0, '{\"text\":\"tidy\"}')")
      .run();
    raw.pragma('user_version = 1');
    raw.close();
    expect(indexes(path)).toHaveLength(5);

    const store = new SqliteTraceStore(path, { now: steppingClock() });
    expect(store.schemaVersion).toBe(2);
    expect(store.events('m1').map((e) => e.data)).toEqual([{ text: 'tidy' }]);
    expect(store.append(input('m1', 'plan')).seq).toBe(2);
    expect(store.events('m1', { kinds: ['plan'] })).toHaveLength(1);
    store.close();
    expect(indexes(path)).toEqual(['events_mission_seq']);
  });
});

describe('SqliteTraceStore background checkpoints', () => {
  it('folds the WAL into the database file without a checkpoint inside any append', async () => {
    const path = join(dir, 'busy.db');
    const store = new SqliteTraceStore(path, { now: steppingClock() });
    const before = statSync(path).size;
    for (let i = 0; i < 400; i++) store.append(input('m1', 'step', { data: { i } }));
    // 400 small commits stay below SQLite's automatic threshold (1000 WAL pages), so a grown main
    // file means the background checkpointer ran.
    let grown = false;
    for (let i = 0; i < 100 && !grown; i++) {
      await new Promise((r) => setTimeout(r, 50));
      grown = statSync(path).size > before;
    }
    expect(grown).toBe(true);
    expect(store.events('m1')).toHaveLength(400);
    store.close();
  });

  it('inline mode leaves the checkpoint to SQLite and still reads back every event', () => {
    const path = join(dir, 'inline.db');
    const store = new SqliteTraceStore(path, { now: steppingClock(), checkpoint: 'inline' });
    for (let i = 0; i < 50; i++) store.append(input('m1', 'step', { data: { i } }));
    store.close();
    const again = new SqliteTraceStore(path, { now: steppingClock() });
    expect(again.events('m1').map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    again.close();
  });
});
