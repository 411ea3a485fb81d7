import { z } from 'zod';
import type { Vec3 } from '../../../domain/geometry.js';
import type { Detection } from '../../../domain/observation.js';
import { DetectionSchema } from '../../../domain/observation.js';
import { ValidationError } from '../../../domain/failures.js';
import { header, HeaderSchema, parseMessage, QuaternionSchema, StampSchema, stampOf, Vector3Schema } from './common.js';
import type { Header, Stamp } from './common.js';

const PoseSchema = z.object({ position: Vector3Schema, orientation: QuaternionSchema.optional() });

/** `vision_msgs/msg/Detection3DArray` as vision_msgs 4.x defines it. */
export const Detection3DArrayMsgSchema = z.object({
  header: HeaderSchema.optional(),
  detections: z.array(
    z.object({
      header: HeaderSchema.optional(),
      results: z.array(z.object({ hypothesis: z.object({ class_id: z.string(), score: z.number() }), pose: z.object({ pose: PoseSchema }).optional() })),
      bbox: z.object({ center: PoseSchema, size: Vector3Schema.optional() }),
      id: z.string().default(''),
    }),
  ),
});

/** What orca knows of a detection beyond class, score and position: the `/detections/extras` side channel. */
export const DetectionExtrasSchema = DetectionSchema.pick({ label: true, attributes: true, state: true, placement: true, heldBy: true, parts: true, regions: true }).partial();
export type DetectionExtras = z.infer<typeof DetectionExtrasSchema>;
export const ExtrasMapSchema = z.record(z.string(), DetectionExtrasSchema);
export type ExtrasMap = z.infer<typeof ExtrasMapSchema>;

export interface DetectionMapping {
  /** Detector class id → catalogue type; unmapped ids are taken as the type. */
  labels: Readonly<Record<string, string>>;
  minScore: number;
  /** Map-frame position of a point in the message's frame (identity when detections are in the map frame). */
  toMap?: (p: Vec3) => Vec3;
}

export interface DetectionFrame {
  header: Header;
  detections: Detection[];
}

/**
 * Detection3DArray → detections: the best hypothesis gives the type (through `labels`) and the
 * confidence, the box centre the position, `id` the track id (a detector without tracking gets
 * `<type>#<n>` per frame). Extras keyed by track id add what a plain detector cannot say.
 */
export function decodeDetections(msg: unknown, mapping: DetectionMapping, extras: ExtrasMap | null): DetectionFrame {
  const m = parseMessage(Detection3DArrayMsgSchema, msg, 'vision_msgs/msg/Detection3DArray');
  const out: Detection[] = [];
  m.detections.forEach((d, n) => {
    const best = d.results.reduce<(typeof d.results)[number] | null>((a, r) => (a === null || r.hypothesis.score > a.hypothesis.score ? r : a), null);
    if (!best || best.hypothesis.score < mapping.minScore) return;
    const type = mapping.labels[best.hypothesis.class_id] ?? best.hypothesis.class_id;
    const raw = d.bbox.center.position;
    if (!type || ![raw.x, raw.y, raw.z, best.hypothesis.score].every(Number.isFinite)) return;
    const id = d.id || `${type}#${n}`;
    const position = mapping.toMap ? mapping.toMap(raw) : { x: raw.x, y: raw.y, z: raw.z };
    const extra = extras?.[id];
    const detection = DetectionSchema.safeParse({ id, type, confidence: Math.min(1, Math.max(0, best.hypothesis.score)), position, ...extra });
    if (detection.success) out.push(detection.data);
  });
  return { header: m.header ?? {}, detections: out };
}

/** Key of the optional stamp in the extras JSON (`$` cannot start a track id orca's simulator gives). */
export const EXTRAS_STAMP_KEY = '$stamp';

export interface ExtrasMessage {
  /** The stamp of the detections these extras belong to, when the producer says. */
  stamp: Stamp | null;
  byId: ExtrasMap;
}

/** `std_msgs/String` JSON of the extras side channel → extras by track id (a malformed one is an error). */
export function decodeExtras(text: string): ExtrasMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError('detections extras: not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ValidationError('detections extras: not a JSON object');
  const { [EXTRAS_STAMP_KEY]: stamp, ...byId } = value as Record<string, unknown>;
  return {
    stamp: stamp === undefined ? null : parseMessage(StampSchema, stamp, 'detections extras $stamp'),
    byId: parseMessage(ExtrasMapSchema, byId, 'detections extras'),
  };
}

// ---- encoders (the simulated robot's side) ------------------------------------------------------

const ZERO_COVARIANCE = new Array<number>(36).fill(0);
const IDENTITY = { x: 0, y: 0, z: 0, w: 1 };

export function detection3DArrayMsg(detections: readonly Detection[], seconds: number, frameId: string): object {
  return {
    header: header(seconds, frameId),
    detections: detections.map((d) => ({
      header: header(seconds, frameId),
      results: [{ hypothesis: { class_id: d.type, score: d.confidence }, pose: { pose: { position: { ...d.position }, orientation: IDENTITY }, covariance: ZERO_COVARIANCE } }],
      bbox: { center: { position: { ...d.position }, orientation: IDENTITY }, size: { x: 0, y: 0, z: 0 } },
      id: d.id,
    })),
  };
}

/** The extras of a set of detections, as the JSON text of the side channel, stamped like their array. */
export function extrasText(detections: readonly Detection[], seconds: number): string {
  const out: Record<string, unknown> = { [EXTRAS_STAMP_KEY]: stampOf(seconds) };
  for (const d of detections) {
    out[d.id] = {
      state: d.state,
      attributes: d.attributes,
      ...(d.label !== undefined ? { label: d.label } : {}),
      ...(d.placement ? { placement: d.placement } : {}),
      ...(d.heldBy !== undefined ? { heldBy: d.heldBy } : {}),
      ...(d.parts ? { parts: d.parts } : {}),
      ...(d.regions ? { regions: d.regions } : {}),
    };
  }
  return JSON.stringify(out);
}
