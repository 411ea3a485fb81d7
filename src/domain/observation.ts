import { z } from 'zod';
import { AttributesSchema, EntityStateSchema, PlacementSchema } from './entities.js';
import { Pose2DSchema, Vec3Schema } from './geometry.js';

/**
 * One detected thing in a robot's view. Detections are what perception reports — noisy positions,
 * confidences, states only when visible — never the ground truth. `id` is a persistent track id
 * (the simulated household reuses entity ids; a real perception stack supplies its own).
 */
export const DetectionSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  /** An open-vocabulary label beside the type, when the detector gives one ("coke can" for a Cup). */
  label: z.string().min(1).max(200).optional(),
  confidence: z.number().min(0).max(1),
  position: Vec3Schema,
  attributes: AttributesSchema.default({}),
  state: EntityStateSchema.default({}),
  /** What it appears to rest in or on, when that can be seen. */
  placement: PlacementSchema.optional(),
  /** A robot or person seen holding it. */
  heldBy: z.string().optional(),
  /** Interaction points: where to grasp an openable's handle, where to press a toggle. */
  parts: z
    .object({
      handle: Vec3Schema.optional(),
      button: Vec3Schema.optional(),
      /** 0 closed .. 1 fully open, for openables. */
      openness: z.number().min(0).max(1).optional(),
    })
    .optional(),
  /** Region ids of this entity that are visible, e.g. a cabinet's drawers. */
  regions: z.array(z.object({ id: z.string(), position: Vec3Schema, state: EntityStateSchema.default({}) })).optional(),
});
export type Detection = z.infer<typeof DetectionSchema>;

export const GripperReadingSchema = z.object({
  /** 0 closed .. 1 fully open. */
  aperture: z.number().min(0).max(1),
  /** True when the fingers are blocked by something (a grasped object or handle). */
  contact: z.boolean(),
  /** Track id of what appears to be in the gripper, when something is. */
  holding: z.string().nullable(),
});
export type GripperReading = z.infer<typeof GripperReadingSchema>;

/** One observation from one robot at one control step. */
export const ObservationSchema = z.object({
  robotId: z.string().min(1),
  seq: z.number().int().nonnegative(),
  simTime: z.number().nonnegative(),
  pose: Pose2DSchema,
  ee: Vec3Schema,
  gripper: GripperReadingSchema,
  room: z.string().nullable(),
  detections: z.array(DetectionSchema),
  /** Raw sensor payloads from real robots (camera frames, joint states); the simulator leaves them out. */
  images: z.record(z.string(), z.object({ width: z.number(), height: z.number(), encoding: z.string(), data: z.instanceof(Uint8Array) })).optional(),
  joints: z.object({ names: z.array(z.string()), positions: z.array(z.number()) }).optional(),
});
export type Observation = z.infer<typeof ObservationSchema>;
