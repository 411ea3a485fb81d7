import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openMemoryStore } from '../../agents/memory/index.js';
import type { ReferenceEntry } from '../../agents/memory/index.js';
import { openEstopStore, openMissionStore } from '../../agents/orchestrator/stores.js';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { PG_URL, freshPgDatabase } from '../../tests/support/pg.js';
import { SyncPg } from '../storage/sync-pg.js';
import { World, loadBuiltinScene } from '../world/index.js';
import { openSceneStore } from './scene-store.js';
import { openStorage } from './storage.js';
import { openWorldStateStore } from './world-state.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function sqliteDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-storage-'));
  dirs.push(dir);
  return join(dir, 'orca.sqlite');
}

/** Every store contract below runs on both backends, through the same factories the composition root uses. */
const backends: [string, () => string][] = [['SQLite', sqliteDb], ...(PG_URL ? [['PostgreSQL', () => freshPgDatabase()] as [string, () => string]] : [])];

const mission = (id: string, status: MissionView['status'], createdAt: string): MissionView =>
  ({ id, instruction: 'tidy up', scene: 'home', status, reason: null, speaker: 'alex', goal: null, planVersion: 0, subgoals: [], questions: [], delegations: [], pending: [], messages: [], createdAt, updatedAt: createdAt, simTime: 0 }) as MissionView;

const reference = (id: string, phrase: string, confirmedAt: string): ReferenceEntry => ({
  id,
  kind: 'reference',
  site: 'home',
  person: 'alex',
  phrase,
  ids: ['mug_red'],
  label: 'the red mug',
  evidence: [{ missionId: 'm-0001', seq: 4 }],
  saidBy: 'alex',
  createdAt: '2026-01-01T00:00:00.000Z',
  confirmedAt,
  expired: null,
});

describe.each(backends)('stores on %s', (_name, makeDb) => {
  it('memory: entries newest first (then by id), across a reopen and between two connections', () => {
    const db = makeDb();
    const a = openMemoryStore(db);
    const b = openMemoryStore(db);
    a.put(reference('mem-a', 'my mug', '2026-01-01T00:00:01.000Z'));
    a.put(reference('mem-B', 'my cup', '2026-01-01T00:00:01.000Z'));
    b.put(reference('mem-c', 'my plate', '2026-01-01T00:00:02.000Z'));
    expect(a.list().entries.map((e) => e.id)).toEqual(['mem-c', 'mem-B', 'mem-a']);
    expect(b.remove('mem-B')).toBe(true);
    expect(a.get('mem-B')).toBeNull();
    a.close();
    b.close();
    const again = openMemoryStore(db);
    expect(again.list()).toEqual({ entries: [reference('mem-c', 'my plate', '2026-01-01T00:00:02.000Z'), reference('mem-a', 'my mug', '2026-01-01T00:00:01.000Z')], dropped: [] });
    again.close();
  });

  it('missions: the last saved view of each, oldest first, across a reopen', () => {
    const db = makeDb();
    const a = openMissionStore(db);
    a.save(mission('m-0002', 'running', '2026-01-01T00:00:02.000Z'));
    a.save(mission('m-0001', 'planning', '2026-01-01T00:00:01.000Z'));
    a.save({ ...mission('m-0001', 'succeeded', '2026-01-01T00:00:01.000Z'), reason: 'done' });
    a.close();
    const b = openMissionStore(db);
    expect(b.all().map((m) => [m.id, m.status, m.reason])).toEqual([
      ['m-0001', 'succeeded', 'done'],
      ['m-0002', 'running', null],
    ]);
    b.close();
  });

  it('e-stop: the latch, who set it and when survive a reopen; a second press is journalled only', () => {
    const db = makeDb();
    const a = openEstopStore(db);
    expect(a.current()).toBeNull();
    const first = a.record({ latched: true, by: 'sam', reason: 'cat on the table', at: '2026-01-01T00:00:00.000Z' });
    const second = a.record({ latched: true, by: 'kim', reason: 'again', at: '2026-01-01T00:00:05.000Z' });
    expect(second).toBeGreaterThan(first);
    a.close();
    const b = openEstopStore(db);
    expect(b.current()).toEqual({ latched: true, by: 'sam', reason: 'cat on the table', at: '2026-01-01T00:00:00.000Z' });
    b.record({ latched: false, by: 'sam', reason: null, at: '2026-01-01T00:01:00.000Z' });
    expect(b.current()?.latched).toBe(false);
    expect(b.history().map((e) => [e.latched, e.by])).toEqual([
      [false, 'sam'],
      [true, 'kim'],
      [true, 'sam'],
    ]);
    expect(b.history(1)).toHaveLength(1);
    b.close();
  });

  it('scenes: a name is taken once, uploads listed oldest first', () => {
    const db = makeDb();
    const store = openSceneStore(db);
    store.add('b', 'text b', new Date('2026-01-02T00:00:00Z'));
    store.add('a', 'text a', new Date('2026-01-01T00:00:00Z'));
    expect(() => store.add('a', 'other')).toThrow();
    expect(store.all().map((s) => [s.name, s.text])).toEqual([
      ['a', 'text a'],
      ['b', 'text b'],
    ]);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(false);
    store.close();
  });

  it('worlds: the last snapshot per scene, replaced on save and forgotten on clear', () => {
    const db = makeDb();
    const store = openWorldStateStore(db);
    const snap = World.fromScene(loadBuiltinScene('home'), { seed: 1 }).truth.snapshot();
    expect(store.load('home')).toBeNull();
    store.save('home', snap);
    store.save('home', { ...snap, simTime: 42 });
    store.close();
    const again = openWorldStateStore(db);
    expect(again.load('home')?.simTime).toBe(42);
    expect(again.clear('home')).toBe(true);
    expect(again.clear('home')).toBe(false);
    expect(again.load('home')).toBeNull();
    again.close();
  });
});

describe.skipIf(!PG_URL)('stores on PostgreSQL only', () => {
  it('the site memory is one for every process of the site, and outlives them', async () => {
    const db = freshPgDatabase();
    const first = await openStorage(db, { persistWorld: false });
    const second = await openStorage(db, { persistWorld: false });
    try {
      first.memory.put(reference('mem-a', 'my mug', '2026-01-01T00:00:01.000Z'));
      expect(second.memory.get('mem-a')).toEqual(reference('mem-a', 'my mug', '2026-01-01T00:00:01.000Z'));
      expect(second.memory.remove('mem-a')).toBe(true);
      second.memory.put(reference('mem-b', 'my cup', '2026-01-01T00:00:02.000Z'));
      expect(first.memory.list().entries.map((e) => e.id)).toEqual(['mem-b']);
    } finally {
      await first.close();
      await second.close();
    }
    const restarted = await openStorage(db, { persistWorld: false });
    try {
      expect(restarted.memory.list().entries.map((e) => e.id)).toEqual(['mem-b']);
    } finally {
      await restarted.close();
    }
  });

  it('the e-stop journal is append-only', () => {
    const db = freshPgDatabase();
    const s = openEstopStore(db);
    s.record({ latched: false, by: 'sam', reason: null, at: '2026-01-01T00:00:00.000Z' });
    const raw = new SyncPg(db);
    expect(() => raw.run('DELETE FROM orca_estop_log')).toThrow(/append-only/);
    expect(() => raw.run('UPDATE orca_estop_log SET by = $1', ['mallory'])).toThrow(/append-only/);
    expect(s.history()).toHaveLength(1);
    raw.close();
    s.close();
  });

  it('a mission row that no longer parses is skipped, not fatal', () => {
    const db = freshPgDatabase();
    const s = openMissionStore(db);
    s.save(mission('m-0001', 'running', '2026-01-01T00:00:01.000Z'));
    const raw = new SyncPg(db);
    raw.run(`INSERT INTO orca_missions (id, status, scene, created_at, updated_at, record) VALUES ('m-0002', 'running', 'home', 'x', 'x', '{not json')`);
    raw.close();
    expect(s.all().map((m) => m.id)).toEqual(['m-0001']);
    s.close();
  });
});
