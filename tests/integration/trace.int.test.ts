import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FETCH_AND_WASH, recordExecution, SimHousehold } from '../../src/runtime/index.js';
import { BufferReadable, exportMcap, MemoryWritable, SqliteTraceStore } from '../../src/traces/index.js';

describe('a mission recorded in the trace store', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('records every dispatch before the executor hears of it, and exports to MCAP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-trace-'));
    dirs.push(dir);
    const store = new SqliteTraceStore(join(dir, 'trace.sqlite'));
    const home = new SimHousehold({ scene: 'home', seed: 2, faults: 'default' });
    const runner = home.runner(home.plan(FETCH_AND_WASH));
    const stop = recordExecution((l) => runner.subscribe(l), store);

    const startsSeenInTrace: boolean[] = [];
    for (const ex of home.executors.values()) {
      const start = ex.start.bind(ex);
      ex.start = (task) => {
        const recorded = store.events(runner.missionId, { kinds: ['dispatch'], goalId: task.goalId });
        startsSeenInTrace.push(recorded.length === 1);
        start(task);
      };
    }
    runner.start();
    const outcome = await home.runUntilDone(runner, 400);
    stop();
    runner.dispose();
    expect(outcome.outcome).toBe('succeeded');
    expect(startsSeenInTrace.length).toBeGreaterThanOrEqual(FETCH_AND_WASH.length);
    expect(startsSeenInTrace.every(Boolean)).toBe(true);

    const events = store.events(runner.missionId, { limit: 10_000 });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of ['plan', 'dispatch', 'verdict', 'transition', 'outcome'] as const) expect(kinds).toContain(k);
    const verdicts = events.filter((e) => e.kind === 'verdict' && e.data['kind'] === 'succeeded');
    expect(verdicts.length).toBeGreaterThanOrEqual(FETCH_AND_WASH.length);
    expect(verdicts.every((v) => v.actor.kind === 'verifier' && v.data['evidence'] !== undefined)).toBe(true);

    const out = new MemoryWritable();
    await exportMcap(store, runner.missionId, out);
    const reader = await McapIndexedReader.Initialize({ readable: new BufferReadable(out.toBuffer()) });
    let messages = 0;
    for await (const m of reader.readMessages()) if (reader.channelsById.get(m.channelId)?.topic.startsWith('/orca/trace/')) messages += 1;
    expect(messages).toBe(events.length);
    store.close();
  });
});
