import { McapWriter } from '@mcap/core';
import type { IWritable } from '@mcap/core';
import { TRACE_EVENT_KINDS } from './schema.js';
import type { TraceEvent, TraceEventKind } from './schema.js';
import type { TraceStore } from './store.js';
import { FRAME_TRANSFORM_SCHEMA, LOG_SCHEMA, POSES_IN_FRAME_SCHEMA, SCENE_UPDATE_SCHEMA } from './foxglove-schemas.js';
import { FOXGLOVE_TOPICS, foxgloveMessages } from './foxglove.js';
import type { FoxgloveMessage, SiteGeometry } from './foxglove.js';

export const MCAP_SCHEMA_NAME = 'orca.TraceEvent';
export const MCAP_TOPIC_PREFIX = '/orca/trace/';

/** One topic per event kind, so Foxglove's topic list reads as the mission's kinds of activity. */
export function mcapTopic(kind: TraceEventKind): string {
  return `${MCAP_TOPIC_PREFIX}${kind}`;
}

/**
 * Hand-written rather than generated from zod: Foxglove derives message paths from the schema and
 * copes best with a flat, $ref-free description. `data` stays an open object (its shape is per kind).
 */
export const TRACE_EVENT_JSON_SCHEMA = {
  title: MCAP_SCHEMA_NAME,
  type: 'object',
  properties: {
    missionId: { type: 'string' },
    seq: { type: 'integer', minimum: 1 },
    actor: {
      type: 'object',
      properties: { kind: { type: 'string' }, id: { type: 'string' } },
      required: ['kind', 'id'],
    },
    kind: { type: 'string', enum: [...TRACE_EVENT_KINDS] },
    subgoalId: { type: 'string' },
    goalId: { type: 'string' },
    wallTime: { type: 'string', format: 'date-time' },
    simTime: { type: ['number', 'null'] },
    data: { type: 'object' },
  },
  required: ['missionId', 'seq', 'actor', 'kind', 'wallTime', 'simTime', 'data'],
} as const;

export interface McapExportSummary {
  messages: number;
  /** Channel id per topic, in registration order. */
  channels: Record<string, number>;
}

export interface McapExportOptions {
  /** The site's rooms and fixtures for the map channel; without it `/map` shows only the believed objects. */
  site?: SiteGeometry;
}

const NS_PER_MS = 1_000_000n;

const FOXGLOVE_CHANNELS: { topic: FoxgloveMessage['topic']; schema: string; definition: Record<string, unknown> }[] = [
  { topic: FOXGLOVE_TOPICS.map, schema: 'foxglove.SceneUpdate', definition: SCENE_UPDATE_SCHEMA },
  { topic: FOXGLOVE_TOPICS.tf, schema: 'foxglove.FrameTransform', definition: FRAME_TRANSFORM_SCHEMA },
  { topic: FOXGLOVE_TOPICS.robots, schema: 'foxglove.PosesInFrame', definition: POSES_IN_FRAME_SCHEMA },
  { topic: FOXGLOVE_TOPICS.log, schema: 'foxglove.Log', definition: LOG_SCHEMA },
];

interface Outgoing {
  topic: string;
  logTime: bigint;
  publishTime: bigint;
  sequence: number;
  data: Uint8Array;
}

/**
 * Simulated time of each event in ns; an event without one (a person's message) takes the time of the
 * event before it (or after it, at the start), so log times never run backwards.
 */
function simClock(events: readonly TraceEvent[]): (e: TraceEvent) => bigint {
  const bySeq = new Map<number, bigint>();
  let last = events.find((e) => e.simTime !== null)?.simTime ?? 0;
  for (const e of events) {
    if (e.simTime !== null) last = e.simTime;
    bySeq.set(e.seq, BigInt(Math.round(last * 1e9)));
  }
  return (e) => bySeq.get(e.seq) ?? 0n;
}

/**
 * Writes one mission as an indexed MCAP file Foxglove renders: Foxglove's well-known messages for the
 * map, the robots and the log (see `foxgloveMessages`), and every trace event as JSON on its kind's
 * channel. Log time is the simulated clock, publish time the wall clock (also in every raw event's
 * payload, and in the map entities' metadata). The output depends only on the events, so exporting
 * twice gives identical bytes.
 */
export async function exportMcap(store: TraceStore, missionId: string, writable: IWritable, opts: McapExportOptions = {}): Promise<McapExportSummary> {
  const events = store.events(missionId);
  const simNs = simClock(events);
  const writer = new McapWriter({ writable });
  await writer.start({ profile: '', library: 'orca' });
  const encoder = new TextEncoder();
  const channels: Record<string, number> = {};
  const outgoing: Outgoing[] = [];
  const fox = foxgloveMessages(events, simNs, opts.site);
  for (const c of FOXGLOVE_CHANNELS) {
    const mine = fox.filter((m) => m.topic === c.topic);
    if (mine.length === 0) continue;
    const schemaId = await writer.registerSchema({ name: c.schema, encoding: 'jsonschema', data: encoder.encode(JSON.stringify(c.definition)) });
    channels[c.topic] = await writer.registerChannel({ topic: c.topic, schemaId, messageEncoding: 'json', metadata: new Map([['missionId', missionId]]) });
    mine.forEach((m, i) => outgoing.push({ topic: c.topic, logTime: m.logTime, publishTime: m.publishTime, sequence: i + 1, data: encoder.encode(JSON.stringify(m.message)) }));
  }
  const schemaId = await writer.registerSchema({
    name: MCAP_SCHEMA_NAME,
    encoding: 'jsonschema',
    data: encoder.encode(JSON.stringify(TRACE_EVENT_JSON_SCHEMA)),
  });
  const present = new Set(events.map((e) => e.kind));
  for (const kind of TRACE_EVENT_KINDS) {
    if (!present.has(kind)) continue;
    const topic = mcapTopic(kind);
    channels[topic] = await writer.registerChannel({
      topic,
      schemaId,
      messageEncoding: 'json',
      metadata: new Map([['missionId', missionId], ['kind', kind]]),
    });
  }
  for (const event of events) {
    // MCAP sequence numbers are uint32; mission sequences stay far below that.
    outgoing.push({ topic: mcapTopic(event.kind), logTime: simNs(event), publishTime: wallTimeNs(event), sequence: event.seq, data: encoder.encode(JSON.stringify(event)) });
  }
  // Stable: equal times keep their order (the map before what is drawn on it, events in seq order).
  outgoing.sort((a, b) => (a.logTime < b.logTime ? -1 : a.logTime > b.logTime ? 1 : 0));
  for (const m of outgoing) {
    const channelId = channels[m.topic];
    if (channelId === undefined) throw new Error(`unreachable: no channel for ${m.topic}`);
    await writer.addMessage({ channelId, sequence: m.sequence, logTime: m.logTime, publishTime: m.publishTime, data: m.data });
  }
  await writer.addMetadata({
    name: 'orca.mission',
    metadata: new Map([['missionId', missionId], ['events', String(events.length)]]),
  });
  await writer.end();
  return { messages: outgoing.length, channels };
}

function wallTimeNs(event: TraceEvent): bigint {
  return BigInt(Date.parse(event.wallTime)) * NS_PER_MS;
}
