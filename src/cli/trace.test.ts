import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BufferReadable, MCAP_SCHEMA_NAME, SqliteTraceStore, parseJsonExport } from '../traces/index.js';
import { runCli } from './cli.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';
import { fillSampleTrace } from './testing/sample-trace.js';

let dir: string;
let db: string;
const deps = fakeDeps(new FakeOrchestrator());

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'orca-trace-'));
  db = join(dir, 'orca.sqlite');
  const store = new SqliteTraceStore(db);
  fillSampleTrace(store, 'm-42');
  fillSampleTrace(store, 'm-43');
  store.close();
});

describe('orca trace', () => {
  it('prints the timeline of a mission from the SQLite store', async () => {
    const io = captureIo();
    expect(await runCli(['trace', 'm-42', '--db', db], io, deps)).toBe(0);
    const text = io.out.join('');
    expect(text).toMatch(/^mission m-42 — 29 events/);
    expect(text).toContain('grasp_failed → retry_reworded: the handle faces away');
    expect(text).toContain('  s1 succeeded, 2 attempts');
  });

  it('lists the missions of the store without an id, and prints raw events with --json', async () => {
    const list = captureIo();
    expect(await runCli(['trace', '--db', db], list, deps)).toBe(0);
    expect(list.out.join('')).toMatch(/^m-42 {2}29 events.*\nm-43 {2}29 events/);
    const raw = captureIo();
    expect(await runCli(['trace', 'm-43', '--db', db, '--json'], raw, deps)).toBe(0);
    const events = JSON.parse(raw.out.join('')) as { seq: number; missionId: string }[];
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    expect(new Set(events.map((e) => e.missionId))).toEqual(new Set(['m-43']));
  });

  it('exports MCAP that the MCAP reader reads back with every event', async () => {
    const out = join(dir, 'm-42.mcap');
    const io = captureIo();
    expect(await runCli(['trace', 'm-42', '--db', db, '--export', 'mcap', '--out', out], io, deps)).toBe(0);
    expect(io.err.join('')).toMatch(/wrote 29 events of m-42/);
    const reader = await McapIndexedReader.Initialize({ readable: new BufferReadable(readFileSync(out)) });
    const seqs: number[] = [];
    const kinds = new Set<string>();
    for await (const m of reader.readMessages()) {
      if (!reader.channelsById.get(m.channelId)?.topic.startsWith('/orca/trace/')) continue;
      const event = JSON.parse(new TextDecoder().decode(m.data)) as { seq: number; kind: string };
      seqs.push(event.seq);
      kinds.add(event.kind);
    }
    expect(seqs.sort((a, b) => a - b)).toEqual(Array.from({ length: 29 }, (_, i) => i + 1));
    expect(kinds).toContain('reflection');
    // Foxglove's log beside the raw events; no map without the site, no robot frames without replay frames.
    expect([...reader.schemasById.values()].map((s) => s.name)).toEqual(['foxglove.Log', MCAP_SCHEMA_NAME]);
  });

  it('exports JSON that parses back as the same gapless trace', async () => {
    const out = join(dir, 'm-42.json');
    expect(await runCli(['trace', 'm-42', '--db', db, '--export', 'json', '--out', out], captureIo(), deps)).toBe(0);
    const events = parseJsonExport(readFileSync(out, 'utf8'));
    expect(events).toHaveLength(29);
    expect(events[0]?.data).toEqual({ text: 'put the mug in the sink', speaker: 'alex' });
  });

  it('exits 2 for a missing database (without creating it), an unknown mission or bad export flags', async () => {
    const missing = join(dir, 'nope.sqlite');
    const cases: [string[], RegExp][] = [
      [['trace', 'm-42', '--db', missing], /no trace database/],
      [['trace', 'm-99', '--db', db], /no mission "m-99"/],
      [['trace', 'm-42', '--db', db, '--export', 'csv', '--out', 'x'], /--export must be mcap or json/],
      [['trace', 'm-42', '--db', db, '--export', 'mcap'], /--export needs --out/],
      [['trace', 'a', 'b', '--db', db], /one mission id/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await runCli(argv, io, deps), argv.join(' ')).toBe(2);
      expect(io.err.join('')).toMatch(message);
    }
    expect(existsSync(missing)).toBe(false);
  });
});
