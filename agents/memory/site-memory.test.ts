import { afterEach, describe, expect, it } from 'vitest';
import { PG_URL, freshPgDatabase } from '../../tests/support/pg.js';
import { PgMemoryStore } from './pg-store.js';
import { SiteMemory } from './site-memory.js';
import { SqliteMemoryStore } from './sqlite-store.js';
import type { ReferenceEntry } from './schema.js';

let tick = 0;
const clock = (): string => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)).toISOString();

type TestStore = SqliteMemoryStore | PgMemoryStore;

/** Every rule below runs on both databases; the PostgreSQL one gets a new, empty database each time. */
const backends: [string, () => TestStore][] = [
  ['SQLite', () => new SqliteMemoryStore(':memory:')],
  ...(PG_URL ? [['PostgreSQL', () => new PgMemoryStore(freshPgDatabase())] as [string, () => TestStore]] : []),
];

const opened: TestStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

const mug = { site: 'home', person: 'alex', phrase: 'my mug', label: 'the red mug', saidBy: 'alex' };
const believed = (ids: string[]) => (id: string): boolean => ids.includes(id);
const key = { site: 'home', skill: 'pick', objectType: 'Mug', robot: 'rover' };

describe.each(backends)('on %s', (_name, open) => {
  function fresh(): { store: TestStore; memory: SiteMemory } {
    const store = open();
    opened.push(store);
    return { store, memory: new SiteMemory(store, clock) };
  }

  describe('site memory: references', () => {
    it('remembers an answer with its evidence, confirms it when it is given again, and replaces it when the person chooses otherwise', () => {
      const { memory } = fresh();
      const first = memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-1', seq: 4 } });
      expect(first.change).toBe('created');
      expect(first.entry.evidence).toEqual([{ missionId: 'm-1', seq: 4 }]);
      const again = memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-2', seq: 9 } });
      expect(again).toMatchObject({ change: 'confirmed', entry: { id: first.entry.id } });
      expect(again.entry.evidence).toHaveLength(2);
      expect(again.entry.confirmedAt > first.entry.confirmedAt).toBe(true);
      const other = memory.rememberReference({ ...mug, ids: ['mug_blue'], label: 'the blue mug', evidence: { missionId: 'm-3', seq: 2 } });
      expect(other.change).toBe('replaced');
      expect(memory.list({ kind: 'reference' }).entries.map((e) => (e as ReferenceEntry).ids)).toEqual([['mug_blue']]);
      expect(memory.list({ kind: 'reference', includeExpired: true }).entries.find((e) => e.id === first.entry.id)?.expired?.because).toMatch(/chose the blue mug instead/);
    });

    it("gives a speaker their own and the site's references, never another person's", () => {
      const { memory } = fresh();
      memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-1', seq: 1 } });
      memory.rememberReference({ ...mug, person: null, phrase: 'the fridge', ids: ['fridge_1'], label: 'the fridge', evidence: { missionId: 'm-1', seq: 2 } });
      const known = believed(['mug_red', 'fridge_1']);
      expect(memory.referencesFor('home', 'alex', known).prior.map((p) => p.phrase).sort()).toEqual(['my mug', 'the fridge']);
      expect(memory.referencesFor('home', 'sam', known).prior.map((p) => p.phrase)).toEqual(['the fridge']);
      expect(memory.referencesFor('other_site', 'alex', known).prior).toEqual([]);
    });

    it('expires a reference when the robots no longer see what it names', () => {
      const { memory } = fresh();
      const r = memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-1', seq: 1 } });
      const read = memory.referencesFor('home', 'alex', believed([]));
      expect(read.prior).toEqual([]);
      expect(read.expired.map((x) => x.entry.id)).toEqual([r.entry.id]);
      expect(memory.get(r.entry.id)?.expired?.because).toMatch(/no longer see mug_red/);
    });

    it('drops a corrupted row on read, and refuses to write an invalid entry', () => {
      const { store, memory } = fresh();
      memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-1', seq: 1 } });
      store.putRawForTest('mem-bad', '{"kind":"reference","id":"mem-bad","ids":[]}');
      store.putRawForTest('mem-junk', 'not json');
      const read = memory.referencesFor('home', 'alex', believed(['mug_red']));
      expect(read.prior.map((p) => p.ids)).toEqual([['mug_red']]);
      expect(read.dropped.map((d) => d.id).sort()).toEqual(['mem-bad', 'mem-junk']);
      expect(store.get('mem-bad')).toBeNull();
      expect(memory.list().dropped).toEqual([]);
      const good = memory.list().entries[0]!;
      expect(() => store.put({ ...good, evidence: [] })).toThrow();
      expect(memory.list().entries).toHaveLength(1);
    });

    it('edits a reference and refuses to edit statistics', () => {
      const { memory } = fresh();
      const r = memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-1', seq: 1 } });
      expect(memory.edit(r.entry.id, { ids: ['mug_blue'], label: 'the blue mug' })).toMatchObject({ ids: ['mug_blue'], label: 'the blue mug' });
      expect(() => memory.edit(r.entry.id, { ids: [] })).toThrow();
      const stats = memory.recordFailure(key, 'grasp_failed', { missionId: 'm-1', seq: 3 });
      expect(() => memory.edit(stats.id, { label: 'x' })).toThrow(/delete the entry/);
      expect(memory.edit('mem-none', { label: 'x' })).toBeNull();
    });

    it('forgets what a mission learned or used, else the newest thing the person said', () => {
      const { memory } = fresh();
      const a = memory.rememberReference({ ...mug, ids: ['mug_red'], evidence: { missionId: 'm-1', seq: 1 } });
      const b = memory.rememberReference({ ...mug, phrase: 'my plate', ids: ['plate_1'], evidence: { missionId: 'm-2', seq: 1 } });
      expect(memory.forget('m-1', 'alex', []).map((e) => e.id)).toEqual([a.entry.id]);
      expect(memory.forget('m-9', 'alex', []).map((e) => e.id)).toEqual([b.entry.id]);
      expect(memory.forget('m-9', 'alex', [])).toEqual([]);
    });
  });

  describe('site memory: failure statistics', () => {
    it('counts failures by code and how each recovery went', () => {
      const { memory } = fresh();
      const ev = { missionId: 'm-1', seq: 5 };
      memory.recordFailure(key, 'grasp_failed', ev);
      memory.recordRecovery(key, 'grasp_failed', 'retry', false, ev);
      memory.recordFailure(key, 'grasp_failed', ev);
      const s = memory.recordRecovery(key, 'grasp_failed', 'retry_reworded', true, ev);
      expect(s).toMatchObject({ attempts: 3, failures: { grasp_failed: 2 }, recoveries: { grasp_failed: { retry: { worked: 0, failed: 1 }, retry_reworded: { worked: 1, failed: 0 } } } });
      expect(memory.recoveryHistory(key, 'grasp_failed')?.recoveries).toEqual([
        { recovery: 'retry', worked: 0, failed: 1 },
        { recovery: 'retry_reworded', worked: 1, failed: 0 },
      ]);
      expect(memory.recoveryHistory(key, 'stalled')).toBeUndefined();
      expect(memory.recoveryHistory({ ...key, robot: 'kitchen_arm' }, 'grasp_failed')).toBeUndefined();
    });

    it('names a robot to avoid once it keeps failing a skill on a type of object', () => {
      const { memory } = fresh();
      const ev = { missionId: 'm-1', seq: 1 };
      memory.recordFailure(key, 'grasp_failed', ev);
      memory.recordFailure(key, 'grasp_failed', ev);
      expect(memory.avoidances('home')).toEqual([]);
      const s = memory.recordFailure(key, 'object_dropped', ev);
      expect(memory.avoidances('home')).toEqual([{ entryId: s.id, skill: 'pick', objectType: 'Mug', robot: 'rover' }]);
      for (let i = 0; i < 3; i++) memory.recordRecovery(key, 'grasp_failed', 'retry', true, ev);
      expect(memory.avoidances('home')).toEqual([]);
    });
  });
});

describe('"forget that" in chat', () => {
  it('is the whole message, not the start of a new goal or "never mind"', async () => {
    const { isForgetThat } = await import('./mission-memory.js');
    for (const t of ['forget that', 'Please forget that.', 'forget what I told you', 'orca, forget my answer!', 'forget that please']) expect(isForgetThat(t), t).toBe(true);
    for (const t of ['forget that, bring me the plate instead', 'forget it', 'never forget that', 'forget the mug']) expect(isForgetThat(t), t).toBe(false);
  });
});
