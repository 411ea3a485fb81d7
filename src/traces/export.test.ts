import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../domain/failures.js';
import { exportJson, exportJsonText, parseJsonExport } from './export-json.js';
import { MCAP_SCHEMA_NAME, exportMcap, mcapTopic } from './export-mcap.js';
import { BufferReadable, FileWritable, MemoryWritable } from './mcap-io.js';
import { MemoryTraceStore } from './memory-store.js';
import { TraceEventSchema } from './schema.js';
import type { TraceEvent } from './schema.js';
import { SqliteTraceStore } from './sqlite-store.js';
import type { TraceStore } from './store.js';
import { input, steppingClock } from './test-helpers.js';

function sampleMission(store: TraceStore): TraceEvent[] {
  store.append(input('other', 'note'));
  return store.appendMany([
    input('m1', 'instruction', { actor: { kind: 'person', id: 'ada' }, simTime: null, data: { text: 'put the cup in the sink' } }),
    input('m1', 'plan', { actor: { kind: 'agent', id: 'planner' }, simTime: 0, data: { subgoals: [{ id: 's1', skill: 'pick' }] } }),
    input('m1', 'dispatch', { subgoalId: 's1', goalId: 'g-1', simTime: 0.5, data: { skill: 'pick', args: { object: 'cup-1' } } }),
    input('m1', 'step', { actor: { kind: 'executor', id: 'sim' }, subgoalId: 's1', goalId: 'g-1', simTime: 1.25, data: { gripper: 0.02 } }),
    input('m1', 'verdict', { actor: { kind: 'verifier', id: 'v' }, subgoalId: 's1', simTime: 2, data: { ok: true, evidence: ['holding(cup-1)'] } }),
    input('m1', 'step', { actor: { kind: 'executor', id: 'sim' }, subgoalId: 's1', simTime: 2.5, data: { gripper: 0.01 } }),
    input('m1', 'outcome', { simTime: 3, data: { status: 'succeeded' } }),
  ]);
}

async function readMcap(bytes: Uint8Array) {
  const reader = await McapIndexedReader.Initialize({ readable: new BufferReadable(bytes) });
  const messages = [];
  for await (const m of reader.readMessages()) messages.push(m);
  const metadata = [];
  for await (const m of reader.readMetadata()) metadata.push(m);
  return { reader, messages, metadata };
}

describe('JSON export', () => {
  it('round-trips every event of one mission with a canonical key order', () => {
    const store = new MemoryTraceStore({ now: steppingClock() });
    const events = sampleMission(store);
    const text = exportJsonText(store, 'm1');
    const back = parseJsonExport(text);
    expect(back).toEqual(events);
    expect(exportJson(store, 'm1')).toEqual(events);
    expect(Object.keys(back[2] ?? {})).toEqual(['missionId', 'seq', 'actor', 'kind', 'subgoalId', 'goalId', 'wallTime', 'simTime', 'data']);
    expect(Object.keys(back[0] ?? {})).toEqual(['missionId', 'seq', 'actor', 'kind', 'wallTime', 'simTime', 'data']);
    expect(exportJsonText(store, 'm1')).toBe(text);
  });

  it('rejects a tampered export', () => {
    const store = new MemoryTraceStore();
    sampleMission(store);
    const events = JSON.parse(exportJsonText(store, 'm1')) as TraceEvent[];
    expect(() => parseJsonExport(JSON.stringify(events.filter((e) => e.seq !== 3)))).toThrow(/expected/);
    expect(() => parseJsonExport(JSON.stringify([{ ...events[0], kind: 'teleport' }]))).toThrow(ValidationError);
    expect(() => parseJsonExport('{')).toThrow(ValidationError);
  });
});

describe('MCAP export', () => {
  it('writes every event as a JSON message on its kind channel, sim time as log time and wall time as publish time', async () => {
    const store = new SqliteTraceStore(':memory:', { now: steppingClock('2025-01-01T00:00:00.000Z') });
    const events = sampleMission(store);
    const out = new MemoryWritable();
    const summary = await exportMcap(store, 'm1', out);
    const bytes = out.toBuffer();
    const { reader, messages, metadata } = await readMcap(bytes);

    const raw = messages.filter((m) => reader.channelsById.get(m.channelId)?.topic.startsWith('/orca/trace/'));
    expect(raw).toHaveLength(events.length);
    expect(summary.messages).toBe(messages.length);
    expect(reader.statistics?.messageCount).toBe(BigInt(messages.length));
    const schemas = [...reader.schemasById.values()];
    expect(schemas.map((s) => [s.name, s.encoding])).toEqual([['foxglove.Log', 'jsonschema'], [MCAP_SCHEMA_NAME, 'jsonschema']]);
    const traceSchema = schemas.find((s) => s.name === MCAP_SCHEMA_NAME);
    const jsonSchema = JSON.parse(new TextDecoder().decode(traceSchema?.data)) as { required: string[] };
    expect(jsonSchema.required).toContain('seq');
    const topics = [...reader.channelsById.values()].map((c) => c.topic).filter((t) => t.startsWith('/orca/')).sort();
    expect(topics).toEqual(['dispatch', 'instruction', 'outcome', 'plan', 'step', 'verdict'].map((k) => mcapTopic(k as TraceEvent['kind'])).sort());

    const decoded = raw
      .map((m) => {
        const channel = reader.channelsById.get(m.channelId);
        const event = TraceEventSchema.parse(JSON.parse(new TextDecoder().decode(m.data)));
        expect(channel?.messageEncoding).toBe('json');
        expect(channel?.topic).toBe(mcapTopic(event.kind));
        expect(m.sequence).toBe(event.seq);
        expect(m.publishTime).toBe(BigInt(Date.parse(event.wallTime)) * 1_000_000n);
        // The instruction has no sim time: it takes the mission's first one.
        expect(m.logTime).toBe(BigInt(Math.round((event.simTime ?? 0) * 1e9)));
        return event;
      })
      .sort((a, b) => a.seq - b.seq);
    expect(decoded).toEqual(events);
    const logTimes = messages.map((m) => m.logTime);
    expect(logTimes).toEqual([...logTimes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(metadata.map((m) => Object.fromEntries(m.metadata))).toEqual([{ missionId: 'm1', events: String(events.length) }]);

    const again = new MemoryWritable();
    await exportMcap(store, 'm1', again);
    expect(again.toBuffer().equals(bytes)).toBe(true);
    store.close();
  });

  it('writes a readable file through FileWritable, and an empty mission as a valid empty file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-mcap-'));
    try {
      const store = new MemoryTraceStore();
      const events = sampleMission(store);
      const path = join(dir, 'm1.mcap');
      const file = await FileWritable.create(path);
      await exportMcap(store, 'm1', file);
      await file.close();
      const back = await readMcap(readFileSync(path));
      expect(back.messages.filter((m) => back.reader.channelsById.get(m.channelId)?.topic.startsWith('/orca/trace/'))).toHaveLength(events.length);

      const empty = new MemoryWritable();
      expect((await exportMcap(store, 'nobody', empty)).messages).toBe(0);
      expect((await readMcap(empty.toBuffer())).messages).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
