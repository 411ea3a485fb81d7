import { LOG_LEVEL } from './foxglove-schemas.js';
import { applyFrame, ReplayFrameSchema } from './replay.js';
import type { ReplayObject, ReplayRobot, WorldSample } from './replay.js';
import type { TraceEvent } from './schema.js';

/** The site's fixed geometry, for the map channel: rooms and fixtures as the scene file gives them. */
export interface SiteGeometry {
  rooms: { id: string; name: string; x: number; y: number; w: number; d: number }[];
  fixtures: { id: string; name: string; x: number; y: number; w: number; d: number; h: number; color: string | null }[];
}

export const FOXGLOVE_TOPICS = { map: '/map', tf: '/tf', robots: '/robots', log: '/log' } as const;
export const MAP_FRAME = 'map';

export interface FoxgloveMessage {
  topic: (typeof FOXGLOVE_TOPICS)[keyof typeof FOXGLOVE_TOPICS];
  /** Simulated time, nanoseconds. */
  logTime: bigint;
  /** Wall time of the trace event it came from, nanoseconds. */
  publishTime: bigint;
  message: Record<string, unknown>;
}

type Rgba = { r: number; g: number; b: number; a: number };
const RGB: Record<string, [number, number, number]> = {
  red: [0.9, 0.2, 0.2], green: [0.2, 0.7, 0.3], blue: [0.2, 0.4, 0.9], yellow: [0.95, 0.85, 0.2], orange: [1, 0.6, 0.1],
  purple: [0.6, 0.3, 0.8], pink: [1, 0.6, 0.75], brown: [0.55, 0.35, 0.2], black: [0.1, 0.1, 0.1], white: [0.97, 0.97, 0.97],
  grey: [0.6, 0.6, 0.6], gray: [0.6, 0.6, 0.6], silver: [0.75, 0.75, 0.78],
};

/** A colour word's RGB (its first word: "dark red" → red); unknown words draw grey. */
export function colourOf(word: string | null | undefined, alpha = 1): Rgba {
  const known = (word ?? '').toLowerCase().split(/[\s_-]+/).find((w) => w in RGB);
  const [r, g, b] = (known ? RGB[known] : undefined) ?? [0.6, 0.6, 0.6];
  return { r, g, b, a: alpha };
}

export function timeOf(ns: bigint): { sec: number; nsec: number } {
  return { sec: Number(ns / 1_000_000_000n), nsec: Number(ns % 1_000_000_000n) };
}

export const secondsToNs = (s: number): bigint => BigInt(Math.round(s * 1e9));
const IDENTITY = { x: 0, y: 0, z: 0, w: 1 };
const yaw = (theta: number) => ({ x: 0, y: 0, z: Math.sin(theta / 2), w: Math.cos(theta / 2) });

function entity(ns: bigint, id: string, box: { x: number; y: number; z: number; w: number; d: number; h: number }, color: Rgba, label: string, wall: string): Record<string, unknown> {
  const position = { x: box.x, y: box.y, z: box.z };
  return {
    timestamp: timeOf(ns),
    frame_id: MAP_FRAME,
    id,
    lifetime: { sec: 0, nsec: 0 },
    frame_locked: false,
    metadata: [{ key: 'wall_time', value: wall }],
    arrows: [],
    cubes: [{ pose: { position, orientation: IDENTITY }, size: { x: box.w, y: box.d, z: box.h }, color }],
    spheres: [],
    cylinders: [],
    lines: [],
    triangles: [],
    texts: [{ pose: { position: { ...position, z: box.z + box.h / 2 + 0.1 }, orientation: IDENTITY }, billboard: true, font_size: 14, scale_invariant: true, color: { r: 0.1, g: 0.1, b: 0.1, a: 1 }, text: label }],
    models: [],
  };
}

const OBJECT_SIZE = 0.12;
function objectEntity(ns: bigint, id: string, o: ReplayObject, wall: string): Record<string, unknown> {
  return entity(ns, `object:${id}`, { x: o.x, y: o.y, z: 0.9, w: OBJECT_SIZE, d: OBJECT_SIZE, h: OBJECT_SIZE }, colourOf(o.color), o.where ? `${id} (${o.where})` : id, wall);
}

function siteEntities(ns: bigint, site: SiteGeometry, wall: string): Record<string, unknown>[] {
  const rooms = site.rooms.map((r) => entity(ns, `room:${r.id}`, { x: r.x + r.w / 2, y: r.y + r.d / 2, z: 0, w: r.w, d: r.d, h: 0.02 }, { r: 0.92, g: 0.92, b: 0.9, a: 0.5 }, r.name, wall));
  const fixtures = site.fixtures.map((f) => entity(ns, `fixture:${f.id}`, { x: f.x, y: f.y, z: f.h / 2, w: f.w, d: f.d, h: f.h }, colourOf(f.color ?? 'brown', 0.7), f.name, wall));
  return [...rooms, ...fixtures];
}

function robotMessages(ns: bigint, wallNs: bigint, changed: Record<string, Partial<ReplayRobot>>, state: WorldSample): FoxgloveMessage[] {
  const out: FoxgloveMessage[] = [];
  const stamp = timeOf(ns);
  for (const id of Object.keys(changed)) {
    const r = state.robots[id];
    if (!r) continue;
    out.push({ topic: FOXGLOVE_TOPICS.tf, logTime: ns, publishTime: wallNs, message: { timestamp: stamp, parent_frame_id: MAP_FRAME, child_frame_id: `${id}/base_link`, translation: { x: r.x, y: r.y, z: 0 }, rotation: yaw(r.theta) } });
    if (r.ee) out.push({ topic: FOXGLOVE_TOPICS.tf, logTime: ns, publishTime: wallNs, message: { timestamp: stamp, parent_frame_id: MAP_FRAME, child_frame_id: `${id}/ee`, translation: r.ee, rotation: IDENTITY } });
  }
  if (out.length > 0) {
    const poses = Object.values(state.robots).map((r) => ({ position: { x: r.x, y: r.y, z: 0 }, orientation: yaw(r.theta) }));
    out.push({ topic: FOXGLOVE_TOPICS.robots, logTime: ns, publishTime: wallNs, message: { timestamp: stamp, frame_id: MAP_FRAME, poses } });
  }
  return out;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const LOGGED = new Set<TraceEvent['kind']>(['instruction', 'question', 'answer', 'goal', 'plan', 'reflection', 'delegation', 'correction', 'verdict', 'outcome', 'error', 'estop', 'estop_release', 'pause', 'resume', 'cancel']);

/** One line for Foxglove's Log panel: the decision, question or verdict, and how serious it is. */
function logLine(e: TraceEvent): { level: number; message: string } | null {
  const d = e.data;
  if (!LOGGED.has(e.kind)) return null;
  const on = e.subgoalId ? `${e.subgoalId}: ` : '';
  switch (e.kind) {
    case 'verdict': {
      if (d['kind'] === 'progress') return null;
      const ok = d['kind'] === 'succeeded' || d['kind'] === 'accepted_as_reported';
      const why = str(d['code']) ?? str(d['diagnosis']);
      return { level: ok ? LOG_LEVEL.INFO : LOG_LEVEL.WARNING, message: `${on}verdict ${String(d['kind'])}${why ? ` (${why})` : ''}` };
    }
    case 'plan':
      if (d['type'] === 'mission_started' || d['type'] === 'plan_changed') return null;
      return { level: LOG_LEVEL.INFO, message: `plan v${String(d['version'] ?? '?')}: ${Array.isArray(d['calls']) ? d['calls'].length : 0} steps` };
    case 'error':
      return { level: LOG_LEVEL.ERROR, message: `${on}${str(d['code']) ?? 'error'}: ${str(d['message']) ?? ''}` };
    case 'outcome': {
      const status = str(d['outcome']) ?? str(d['status']) ?? 'ended';
      return { level: status === 'succeeded' ? LOG_LEVEL.INFO : LOG_LEVEL.ERROR, message: `outcome: ${status}${str(d['reason']) ? ` (${String(d['reason'])})` : ''}` };
    }
    case 'reflection': {
      const decision = d['decision'];
      const chosen = typeof decision === 'object' && decision !== null && !Array.isArray(decision) ? str((decision as Record<string, unknown>)['kind']) : null;
      return { level: LOG_LEVEL.WARNING, message: `${on}reflection: ${chosen ? `decided ${chosen}` : `on ${str(d['code']) ?? 'a failure'}`}` };
    }
    case 'estop':
      return { level: LOG_LEVEL.ERROR, message: `e-stop: ${str(d['reason']) ?? ''}` };
    default: {
      const words = str(d['text']) ?? str(d['question']) ?? str(d['reason']) ?? str(d['message']);
      return { level: LOG_LEVEL.INFO, message: `${on}${e.kind}${words ? `: ${words}` : ''}` };
    }
  }
}

/**
 * The mission as Foxglove's well-known messages: the site and believed objects on `/map`
 * (foxglove.SceneUpdate), each robot's base and end effector on `/tf` (foxglove.FrameTransform) and
 * all robots on `/robots` (foxglove.PosesInFrame), from the replay frames; decisions, questions and
 * verdicts on `/log` (foxglove.Log). Log time is the simulated clock; an event without one takes the
 * time of the event before it.
 */
export function foxgloveMessages(events: readonly TraceEvent[], simNs: (e: TraceEvent) => bigint, site?: SiteGeometry): FoxgloveMessage[] {
  const out: FoxgloveMessage[] = [];
  let state: WorldSample = { robots: {}, objects: {} };
  let mapDrawn = false;
  for (const e of events) {
    const ns = simNs(e);
    const wallNs = BigInt(Date.parse(e.wallTime)) * 1_000_000n;
    if (!mapDrawn && site && e.simTime !== null) {
      out.push({ topic: FOXGLOVE_TOPICS.map, logTime: ns, publishTime: wallNs, message: { deletions: [], entities: siteEntities(ns, site, e.wallTime) } });
      mapDrawn = true;
    }
    const line = logLine(e);
    if (line) out.push({ topic: FOXGLOVE_TOPICS.log, logTime: ns, publishTime: wallNs, message: { timestamp: timeOf(ns), ...line, name: `${e.actor.kind}/${e.actor.id}`, file: `orca trace ${e.missionId}`, line: e.seq } });
    const parsed = e.data['world'] === undefined ? null : ReplayFrameSchema.safeParse(e.data['world']);
    if (!parsed?.success) continue;
    const frame = parsed.data;
    const before = state;
    state = applyFrame(state, frame);
    const deletions = frame.key
      ? Object.keys(before.objects).filter((id) => !(id in state.objects))
      : Object.entries(frame.objects).filter(([, o]) => o === null).map(([id]) => id);
    const entities = Object.entries(frame.objects).flatMap(([id, o]) => (o ? [objectEntity(ns, id, o, e.wallTime)] : []));
    if (entities.length > 0 || deletions.length > 0) {
      out.push({ topic: FOXGLOVE_TOPICS.map, logTime: ns, publishTime: wallNs, message: { deletions: deletions.map((id) => ({ timestamp: timeOf(ns), type: 0, id: `object:${id}` })), entities } });
    }
    out.push(...robotMessages(ns, wallNs, frame.robots, state));
  }
  return out;
}
