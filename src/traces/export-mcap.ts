import { McapWriter } from '@mcap/core';
import type { IWritable } from '@mcap/core';
import { TRACE_EVENT_KINDS } from './schema.js';
import type { TraceEvent, TraceEventKind } from './schema.js';
import type { TraceStore } from './store.js';

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

const NS_PER_MS = 1_000_000n;

/**
 * Writes one mission as an indexed MCAP file: every event is one JSON message on its kind's channel,
 * log time = wall time, publish time = sim time (wall time when the event has none), sequence = seq.
 * The output depends only on the events, so exporting twice gives identical bytes.
 */
export async function exportMcap(store: TraceStore, missionId: string, writable: IWritable): Promise<McapExportSummary> {
  const events = store.events(missionId);
  const writer = new McapWriter({ writable });
  await writer.start({ profile: '', library: 'orca' });
  const schemaId = await writer.registerSchema({
    name: MCAP_SCHEMA_NAME,
    encoding: 'jsonschema',
    data: new TextEncoder().encode(JSON.stringify(TRACE_EVENT_JSON_SCHEMA)),
  });
  const channels: Record<string, number> = {};
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
  const encoder = new TextEncoder();
  for (const event of events) {
    const channelId = channels[mcapTopic(event.kind)];
    if (channelId === undefined) throw new Error(`unreachable: no channel for ${event.kind}`);
    const logTime = wallTimeNs(event);
    await writer.addMessage({
      channelId,
      // MCAP sequence numbers are uint32; mission sequences stay far below that.
      sequence: event.seq,
      logTime,
      publishTime: event.simTime === null ? logTime : BigInt(Math.round(event.simTime * 1e9)),
      data: encoder.encode(JSON.stringify(event)),
    });
  }
  await writer.addMetadata({
    name: 'orca.mission',
    metadata: new Map([['missionId', missionId], ['events', String(events.length)]]),
  });
  await writer.end();
  return { messages: events.length, channels };
}

function wallTimeNs(event: TraceEvent): bigint {
  return BigInt(Date.parse(event.wallTime)) * NS_PER_MS;
}
