import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/failures.js';
import { Random } from '../domain/random.js';
import { MemoryTraceStore } from './memory-store.js';
import { TraceRecorder } from './recorder.js';
import { MAX_EVENT_DATA_BYTES, TRACE_EVENT_KINDS } from './schema.js';
import type { TraceEvent } from './schema.js';
import { SqliteTraceStore } from './sqlite-store.js';
import { PgTraceStore } from './pg-store.js';
import { PG_URL, freshPgDatabase } from '../../tests/support/pg.js';
import type { TraceStore, TraceStoreOptions } from './store.js';
import { input, steppingClock } from './test-helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const factories: [string, (o: TraceStoreOptions) => TraceStore][] = [
  ['MemoryTraceStore', (o) => new MemoryTraceStore(o)],
  [
    'SqliteTraceStore',
    (o) => {
      const dir = mkdtempSync(join(tmpdir(), 'orca-traces-'));
      dirs.push(dir);
      return new SqliteTraceStore(join(dir, 'nested', 'traces.db'), o);
    },
  ],
  ...(PG_URL ? [['PgTraceStore', (o: TraceStoreOptions) => new PgTraceStore(freshPgDatabase(), o)] as [string, (o: TraceStoreOptions) => TraceStore]] : []),
];

describe.each(factories)('%s', (_name, make) => {
  it('assigns gapless 1..n sequences per mission under interleaving', () => {
    const store = make({ now: steppingClock() });
    const rng = new Random(7);
    const missions = ['m-a', 'm-b', 'm-c'];
    const expected = new Map<string, number>();
    for (let i = 0; i < 120; i++) {
      const m = rng.pick(missions);
      if (rng.next() < 0.3) {
        const batch = store.appendMany([input(m, 'step'), input('m-c', 'note'), input(m, 'verdict')]);
        expected.set(m, (expected.get(m) ?? 0) + 2);
        expected.set('m-c', (expected.get('m-c') ?? 0) + 1);
        expect(batch.map((e) => e.missionId)).toEqual([m, 'm-c', m]);
      } else {
        const e = store.append(input(m, 'step'));
        expected.set(m, (expected.get(m) ?? 0) + 1);
        expect(e.seq).toBe(expected.get(m));
      }
    }
    for (const m of missions) {
      const seqs = store.events(m).map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: expected.get(m) ?? 0 }, (_, i) => i + 1));
      expect(store.count(m)).toBe(expected.get(m));
    }
    store.close();
  });

  it('returns the stored event with store-assigned seq and wall time, and frozen', () => {
    const store = make({ now: steppingClock('2025-03-04T05:06:07.890Z') });
    const e = store.append(input('m1', 'dispatch', { subgoalId: 's1', goalId: 'g-1', simTime: 1.5, data: { skill: 'pick', skip: undefined } }));
    expect(e).toEqual({
      missionId: 'm1',
      seq: 1,
      actor: { kind: 'machine', id: 'mission-machine' },
      kind: 'dispatch',
      subgoalId: 's1',
      goalId: 'g-1',
      wallTime: '2025-03-04T05:06:07.890Z',
      simTime: 1.5,
      data: { skill: 'pick' },
    });
    expect(store.events('m1')).toEqual([e]);
    expect(Object.isFrozen(e.data)).toBe(true);
    store.close();
  });

  it.each([
    ['oversized data', { data: { blob: 'x'.repeat(MAX_EVENT_DATA_BYTES) } }, 'over the'],
    ['an unknown kind', { kind: 'teleport' }, 'kind'],
    ['an unknown actor kind', { actor: { kind: 'robot', id: 'r1' } }, 'actor.kind'],
    ['NaN in data', { data: { x: Number.NaN } }, 'not representable'],
    ['a Date in data', { data: { at: new Date(0) } }, 'Date is not a JSON value'],
    ['an array as data', { data: [1, 2] }, 'plain JSON object'],
    ['a negative sim time', { simTime: -1 }, 'simTime'],
    ['an empty mission id', { missionId: '' }, 'missionId'],
    ['a caller-chosen seq', { seq: 5 }, 'seq'],
  ])('refuses %s and writes nothing, even in a batch', (_what, patch, message) => {
    const store = make({});
    store.append(input('m1', 'instruction'));
    const bad = { ...input('m1', 'note'), ...patch } as Parameters<TraceStore['append']>[0];
    expect(() => store.append(bad)).toThrow(ValidationError);
    expect(() => store.append(bad)).toThrow(message);
    expect(() => store.appendMany([input('m1', 'note'), input('m2', 'note'), bad])).toThrow(ValidationError);
    expect(store.count('m1')).toBe(1);
    expect(store.count('m2')).toBe(0);
    expect(store.append(input('m1', 'note')).seq).toBe(2);
    store.close();
  });

  it('refuses cyclic data', () => {
    const store = make({});
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => store.append(input('m1', 'note', { data: cyclic }))).toThrow(/deeper than/);
    expect(store.count('m1')).toBe(0);
    store.close();
  });

  it('queries by kind, subgoal, goal, actor, sequence, wall and sim time, with paging', () => {
    const store = make({ now: steppingClock('2025-01-01T00:00:00.000Z') });
    // One event per second of wall time; sim time 0.5 s per event except the person's message.
    const all: TraceEvent[] = [];
    for (let i = 0; i < 20; i++) {
      const kind = TRACE_EVENT_KINDS[i % 4] ?? 'note';
      const person = i === 3;
      all.push(
        store.append(
          input('m1', kind, {
            subgoalId: i % 2 === 0 ? 's-even' : 's-odd',
            goalId: `g-${i % 3}`,
            actor: person ? { kind: 'person', id: 'ada' } : { kind: 'machine', id: 'mm' },
            simTime: person ? null : i * 0.5,
            data: { i },
          }),
        ),
      );
    }
    store.append(input('m2', 'instruction'));
    const seqs = (q: Parameters<TraceStore['events']>[1]) => store.events('m1', q).map((e) => e.seq);
    const where = (f: (e: TraceEvent) => boolean) => all.filter(f).map((e) => e.seq);

    expect(seqs({ kinds: ['question', 'answer'] })).toEqual(where((e) => e.kind === 'question' || e.kind === 'answer'));
    expect(seqs({ subgoalId: 's-odd' })).toEqual(where((e) => e.subgoalId === 's-odd'));
    expect(seqs({ goalId: 'g-1', kinds: ['instruction'] })).toEqual(where((e) => e.goalId === 'g-1' && e.kind === 'instruction'));
    expect(seqs({ actorKind: 'person' })).toEqual([4]);
    expect(seqs({ fromSeq: 18 })).toEqual([18, 19, 20]);
    expect(seqs({ fromWall: '2025-01-01T00:00:05.000Z', toWall: '2025-01-01T00:00:07.000Z' })).toEqual([6, 7, 8]);
    expect(seqs({ fromWall: '2025-01-01T01:00:05.000+01:00', toWall: new Date('2025-01-01T00:00:06.000Z') })).toEqual([6, 7]);
    // Sim range 1.0..2.0 covers i = 2, 3, 4; i = 3 has no sim time.
    expect(seqs({ fromSim: 1, toSim: 2 })).toEqual([3, 5]);

    const pages: number[][] = [];
    let after = 0;
    for (;;) {
      const page = store.events('m1', { subgoalId: 's-even', afterSeq: after, limit: 4 });
      if (page.length === 0) break;
      pages.push(page.map((e) => e.seq));
      after = page[page.length - 1]?.seq ?? after;
    }
    expect(pages).toEqual([[1, 3, 5, 7], [9, 11, 13, 15], [17, 19]]);
    expect(store.events('nobody')).toEqual([]);
    expect(() => store.events('m1', { limit: 0 })).toThrow(ValidationError);
    expect(() => store.events('m1', { kinds: ['bogus' as 'note'] })).toThrow(ValidationError);
    store.close();
  });

  it('summarises missions by first event', () => {
    const store = make({ now: steppingClock('2025-01-01T00:00:00.000Z') });
    store.append(input('later', 'instruction'));
    store.append(input('earlier-id', 'instruction'));
    store.append(input('later', 'outcome'));
    expect(store.missions()).toEqual([
      { missionId: 'later', count: 2, lastSeq: 2, firstWallTime: '2025-01-01T00:00:00.000Z', lastWallTime: '2025-01-01T00:00:02.000Z' },
      { missionId: 'earlier-id', count: 1, lastSeq: 1, firstWallTime: '2025-01-01T00:00:01.000Z', lastWallTime: '2025-01-01T00:00:01.000Z' },
    ]);
    store.close();
  });

  it('notifies observers after commit, in order, isolating a failing observer', () => {
    const errors: string[] = [];
    const store = make({ onObserverError: (err, e) => errors.push(`${e.seq}:${String(err)}`) });
    const seen: string[] = [];
    const countsAtNotify: number[] = [];
    const off = store.subscribe((e) => {
      seen.push(`${e.missionId}#${e.seq}:${e.kind}`);
      countsAtNotify.push(store.count(e.missionId));
    });
    store.subscribe((e) => {
      if (e.kind === 'estop') throw new Error('logger down');
    });
    store.append(input('m1', 'instruction'));
    store.appendMany([input('m1', 'plan'), input('m2', 'estop')]);
    off();
    store.append(input('m1', 'outcome'));
    expect(seen).toEqual(['m1#1:instruction', 'm1#2:plan', 'm2#1:estop']);
    // The whole batch is committed before anyone hears of it.
    expect(countsAtNotify).toEqual([1, 2, 1]);
    expect(errors).toEqual(['1:Error: logger down']);
    expect(store.count('m2')).toBe(1);
    store.close();
  });

  it('records through a TraceRecorder bound to a mission, actor and sim clock', () => {
    const store = make({});
    let sim = 2.25;
    const machine = new TraceRecorder(store, 'm1', { kind: 'machine', id: 'mm' }, () => sim);
    const a = machine.record('dispatch', { skill: 'pick' }, { subgoalId: 's1', goalId: 'g1' });
    sim = 3;
    const b = machine.as({ kind: 'verifier', id: 'v' }).record('verdict', { ok: true }, { subgoalId: 's1' });
    const c = machine.record('note', {}, { simTime: null });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect([a.simTime, b.simTime, c.simTime]).toEqual([2.25, 3, null]);
    expect(b.actor).toEqual({ kind: 'verifier', id: 'v' });
    expect(a.goalId).toBe('g1');
    store.close();
  });

  it('refuses use after close', () => {
    const store = make({});
    store.close();
    expect(() => store.append(input('m1', 'note'))).toThrow(/closed/);
    expect(() => store.events('m1')).toThrow(/closed/);
  });
});
