import { z } from 'zod';
import { AttributesSchema, CapabilitySchema, EntityStateSchema } from '../domain/entities.js';
import { Pose2DSchema, Vec3Schema } from '../domain/geometry.js';

/** Ids are used in predicates and instructions, so they are plain identifiers. */
export const IdSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'ids are letters, digits and underscores, starting with a letter');

const Vec2Schema = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();
const SizeSchema = z
  .object({ w: z.number().positive(), d: z.number().positive(), h: z.number().nonnegative() })
  .strict();

/** The side of an entity that faces the room: handles and buttons are on it. */
export const FrontSchema = z.enum(['+x', '-x', '+y', '-y']);
export type Front = z.infer<typeof FrontSchema>;

export const RoomSchema = z
  .object({
    id: IdSchema,
    name: z.string().min(1).optional(),
    /** Axis-aligned rectangle: (x, y) is the south-west corner, w along x, d along y. */
    rect: z.object({ x: z.number().finite(), y: z.number().finite(), w: z.number().positive(), d: z.number().positive() }).strict(),
  })
  .strict();

export const DoorSchema = z
  .object({
    id: IdSchema.optional(),
    between: z.tuple([IdSchema, IdSchema]),
    position: Vec2Schema,
    width: z.number().positive().default(0.9),
  })
  .strict();

export const RegionSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['surface', 'container']),
    /** Receiving surface relative to the owner's position (which moves if the owner does). */
    offset: z.object({ x: z.number().finite(), y: z.number().finite(), z: z.number().finite() }).strict().default({ x: 0, y: 0, z: 0 }),
    size: SizeSchema.extend({ h: z.number().nonnegative().default(0) }),
    /** An openable region is a drawer: it slides out toward `front` as it opens. */
    openable: z.boolean().default(false),
    front: FrontSchema.optional(),
    state: EntityStateSchema.default({}),
  })
  .strict();

export const ScenePlacementSchema = z
  .object({
    relation: z.enum(['in', 'on']),
    target: IdSchema,
    /** Planar offset from the target's centre; laid out automatically when omitted. */
    offset: Vec2Schema.optional(),
  })
  .strict();

export const SceneEntitySchema = z
  .object({
    id: IdSchema,
    type: z.string().min(1),
    name: z.string().min(1).optional(),
    attributes: AttributesSchema.default({}),
    state: EntityStateSchema.default({}),
    /** Absolute position (receptacles: centre of the receiving surface; other things: centre). */
    position: Vec3Schema.optional(),
    /** Where it rests instead of an absolute position. */
    placement: ScenePlacementSchema.optional(),
    size: SizeSchema.optional(),
    front: FrontSchema.default('-y'),
    /** A SinkBasin's faucet. */
    faucet: IdSchema.optional(),
    regions: z.array(RegionSchema).default([]),
  })
  .strict();

export const SceneRobotSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['mobile_manipulator', 'fixed_arm']),
    name: z.string().optional(),
    pose: Pose2DSchema.strict(),
    capabilities: z.array(CapabilitySchema).min(1),
    /** End effector: planar offset from the base, absolute z. */
    ee: Vec3Schema.strict().optional(),
  })
  .strict();

export const ScenePersonSchema = z
  .object({ id: IdSchema, name: z.string().min(1), room: IdSchema, position: Vec2Schema })
  .strict();

export const SceneSchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(['house', 'tabletop']),
    description: z.string().optional(),
    /** Attribution for scenes derived from other projects' data. */
    source: z.string().optional(),
    rooms: z.array(RoomSchema).min(1),
    doors: z.array(DoorSchema).default([]),
    entities: z.array(SceneEntitySchema).default([]),
    robots: z.array(SceneRobotSchema).default([]),
    people: z.array(ScenePersonSchema).default([]),
  })
  .strict();

export type Scene = z.infer<typeof SceneSchema>;
export type SceneInput = z.input<typeof SceneSchema>;
export type SceneRoom = z.infer<typeof RoomSchema>;
export type SceneDoor = z.infer<typeof DoorSchema>;
export type SceneRegion = z.infer<typeof RegionSchema>;
export type SceneEntity = z.infer<typeof SceneEntitySchema>;
export type SceneRobot = z.infer<typeof SceneRobotSchema>;
export type ScenePerson = z.infer<typeof ScenePersonSchema>;
