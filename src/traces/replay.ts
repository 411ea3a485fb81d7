import { z } from 'zod';
import type { TraceEvent } from './schema.js';
import type { TraceStore } from './store.js';

/**
 * Replay frames: what redraws a mission's map at the time of a sampled step (and of a subgoal's end).
 * They ride in those events' `data.world`; a keyframe holds every robot and believed object, a delta only what changed
 * since the frame before (a removed object is `null`). A run starts with a keyframe and writes one
 * every `keyframeEvery` frames, so decoding a time reads back at most that many frames.
 */
const Vec3 = z.object({ x: z.number(), y: z.number(), z: z.number() });

export const ReplayRobotSchema = z.object({
  x: z.number(),
  y: z.number(),
  theta: z.number(),
  ee: Vec3.optional(),
  /** 0 closed .. 1 fully open. */
  aperture: z.number().optional(),
  holding: z.string().nullable(),
  /** Ids the robot's latest observation detected: its own view, which is all orca decides from. */
  sees: z.array(z.string()).optional(),
});
export type ReplayRobot = z.infer<typeof ReplayRobotSchema>;

/** Where orca believed a movable thing was: a planar position and "in fridge_1" / "on table_1" / "held by rover". */
export const ReplayObjectSchema = z.object({
  x: z.number(),
  y: z.number(),
  where: z.string().nullable(),
  /** The colour orca believes it has, when it knows one (maps and Foxglove draw it). */
  color: z.string().optional(),
});
export type ReplayObject = z.infer<typeof ReplayObjectSchema>;

/** In a delta, a robot lists only the fields that changed (its view rarely changes as it drives). */
export const ReplayFrameSchema = z.object({
  key: z.boolean(),
  robots: z.record(z.string(), ReplayRobotSchema.partial()),
  objects: z.record(z.string(), ReplayObjectSchema.nullable()),
});
export type ReplayFrame = z.infer<typeof ReplayFrameSchema>;

export interface WorldSample {
  robots: Record<string, ReplayRobot>;
  objects: Record<string, ReplayObject>;
}

export interface ReplayEncoderOptions {
  /** A keyframe every this many frames (default 20). */
  keyframeEvery?: number;
  /** Frames written per mission at most (default 4000); later samples carry no frame. */
  maxFrames?: number;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Turns a mission's successive world samples into keyframes and deltas, within a bounded budget. */
export class ReplayEncoder {
  private last: WorldSample | null = null;
  private written = 0;
  private readonly keyframeEvery: number;
  private readonly maxFrames: number;

  constructor(opts: ReplayEncoderOptions = {}) {
    this.keyframeEvery = Math.max(1, opts.keyframeEvery ?? 20);
    this.maxFrames = Math.max(1, opts.maxFrames ?? 4000);
  }

  get frames(): number {
    return this.written;
  }

  /** The frame for this sample, or null once the mission's budget is spent. */
  frame(sample: WorldSample): ReplayFrame | null {
    if (this.written >= this.maxFrames) return null;
    const previous = this.last;
    const key = previous === null || this.written % this.keyframeEvery === 0;
    this.last = structuredClone(sample);
    this.written += 1;
    if (key || !previous) return { key: true, robots: structuredClone(sample.robots), objects: structuredClone(sample.objects) };
    const robots: ReplayFrame['robots'] = {};
    for (const [id, r] of Object.entries(sample.robots)) {
      const before = previous.robots[id];
      const changed = Object.entries(r).filter(([field, value]) => !same(before?.[field as keyof ReplayRobot], value));
      if (changed.length > 0) robots[id] = structuredClone(Object.fromEntries(changed));
    }
    const objects: ReplayFrame['objects'] = {};
    for (const [id, o] of Object.entries(sample.objects)) if (!same(previous.objects[id], o)) objects[id] = { ...o };
    for (const id of Object.keys(previous.objects)) if (!(id in sample.objects)) objects[id] = null;
    return { key: false, robots, objects };
  }
}

export interface ReplaySnapshot {
  missionId: string;
  /** The asked time, seconds of simulated time since the mission started, clamped to the mission. */
  t: number;
  /** The simulated clock at `t` (the fleet's clock, which runs across missions). */
  simTime: number;
  /** Simulated seconds from the mission's first event to its last. */
  duration: number;
  /** The last event at or before `t`, to jump the trace list there. */
  seq: number;
  /** The sim time (since the start) of the frame drawn; null when the mission has no frame yet. */
  frameT: number | null;
  robots: ({ id: string } & ReplayRobot)[];
  objects: ({ id: string } & ReplayObject)[];
  /** Each subgoal of the plan at `t` with its machine state then (`pending` before any transition). */
  subgoals: { id: string; state: string }[];
}

/** The mission's span on the simulated clock: its first and last events that carry one. */
export function missionSpan(events: readonly TraceEvent[]): { start: number; end: number } | null {
  const timed = events.filter((e) => e.simTime !== null);
  const first = timed[0];
  const last = timed[timed.length - 1];
  if (!first || !last || first.simTime === null || last.simTime === null) return null;
  return { start: first.simTime, end: last.simTime };
}

export function applyFrame(state: WorldSample, frame: ReplayFrame): WorldSample {
  const robots: Record<string, ReplayRobot> = frame.key ? {} : { ...state.robots };
  for (const [id, r] of Object.entries(frame.robots)) {
    const merged = ReplayRobotSchema.safeParse({ ...(frame.key ? {} : state.robots[id]), ...r });
    if (merged.success) robots[id] = merged.data;
  }
  if (frame.key) return { robots, objects: Object.fromEntries(Object.entries(frame.objects).filter((x): x is [string, ReplayObject] => x[1] !== null)) };
  const objects = { ...state.objects };
  for (const [id, o] of Object.entries(frame.objects)) {
    if (o === null) delete objects[id];
    else objects[id] = { ...o };
  }
  return { robots, objects };
}

/** Events at or before `simTime`; an event without a sim time (a person's message) counts at the time of the event before it. */
function eventsUpTo(events: readonly TraceEvent[], simTime: number): TraceEvent[] {
  const out: TraceEvent[] = [];
  let clock = -Infinity;
  for (const e of events) {
    if (e.simTime !== null) clock = e.simTime;
    if (clock > simTime + 1e-9) break;
    out.push(e);
  }
  return out;
}

/** The plan's subgoals at `simTime` and the state each was last moved to. */
function subgoalsAt(events: readonly TraceEvent[]): { id: string; state: string }[] {
  let ids: string[] = [];
  const states = new Map<string, string>();
  for (const e of events) {
    const type = e.data['type'];
    const listed = e.data['subgoals'];
    if (e.kind === 'plan' && (type === 'mission_started' || type === 'plan_changed') && Array.isArray(listed)) {
      ids = listed.filter((x): x is string => typeof x === 'string');
    }
    if (type === 'subgoal_state' && e.subgoalId && typeof e.data['to'] === 'string') states.set(e.subgoalId, e.data['to']);
  }
  return ids.map((id) => ({ id, state: states.get(id) ?? 'pending' }));
}

/**
 * Redraws a mission at `t` seconds after its start from its own trace: the last keyframe at or
 * before `t`, then every delta up to `t`. Null when the mission has no event with a sim time.
 * Before the first frame the first one is shown, so the map never starts empty.
 */
export function replayAt(store: TraceStore, missionId: string, t: number): ReplaySnapshot | null {
  const events = store.events(missionId);
  const span = missionSpan(events);
  if (!span) return null;
  const duration = span.end - span.start;
  const at = Math.min(Math.max(0, t), duration);
  const simTime = span.start + at;
  const upTo = eventsUpTo(events, simTime);
  let state: WorldSample = { robots: {}, objects: {} };
  let frameT: number | null = null;
  const frames = events.filter((e) => e.data['world'] !== undefined);
  for (const e of frames) {
    if (frameT !== null && (e.simTime ?? Infinity) > simTime + 1e-9) break;
    const parsed = ReplayFrameSchema.safeParse(e.data['world']);
    if (!parsed.success || (frameT === null && !parsed.data.key)) continue;
    state = applyFrame(state, parsed.data);
    frameT = (e.simTime ?? span.start) - span.start;
  }
  const lastEvent = upTo[upTo.length - 1] ?? events[0];
  return {
    missionId,
    t: at,
    simTime,
    duration,
    seq: lastEvent?.seq ?? 0,
    frameT,
    robots: Object.entries(state.robots).map(([id, r]) => ({ id, ...r })),
    objects: Object.entries(state.objects).map(([id, o]) => ({ id, ...o })),
    subgoals: subgoalsAt(upTo),
  };
}
