import { z } from 'zod';
import { AttributesSchema, CapabilitySchema, EntityStateSchema } from '../domain/entities.js';

/** The API's cap on names and ids (path parameters, bodies): a scene may not declare longer ones. */
export const MAX_NAME_LENGTH = 200;
/**
 * Metres. A household or a tabletop fits well inside a kilometre; a number beyond it is a mistake,
 * and numbers near the float limit overflow the layout and the map (1e308 became NaN in the SVG).
 */
export const MAX_COORDINATE_M = 1000;
export const MAX_EXTENT_M = 1000;
/** Below a millimetre a size is a typo, and it divides badly in the layout. */
export const MIN_EXTENT_M = 0.001;
/** Headings in radians: any angle within two turns either way. */
export const MAX_ANGLE_RAD = 4 * Math.PI;

/** Ids are used in predicates and instructions, so they are plain identifiers. */
export const IdSchema = z
  .string()
  .max(MAX_NAME_LENGTH, `ids are at most ${MAX_NAME_LENGTH} characters`)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'ids are letters, digits and underscores, starting with a letter');

/**
 * A scene's name is used in URLs, file paths and CLI flags: letters, digits, "_" and "-". Built-in
 * scenes are grouped in folders (`libero/<task>`), so "/" may join such parts; an uploaded scene may
 * not use it (see `UploadedSceneNameSchema`).
 */
export const SceneNameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH, `scene names are at most ${MAX_NAME_LENGTH} characters`)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_-]*)*$/, 'scene names are letters, digits, "_" and "-", starting with a letter or digit');

export const UploadedSceneNameSchema = SceneNameSchema.refine((name) => !name.includes('/'), 'an uploaded scene name may not contain "/"');

const CONTROL = /[\u0000-\u001f\u007f]/;

/** What a person reads (a room's, robot's or person's name): one line, no path syntax. */
export const DisplayNameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH, `names are at most ${MAX_NAME_LENGTH} characters`)
  .refine((s) => !CONTROL.test(s), 'names may not contain NUL, line breaks or other control characters')
  .refine((s) => !s.includes('/') && !s.includes('\\') && !s.includes('..'), 'names may not contain "/", "\\" or ".."');

/** Free text (a description, an attribution): line breaks are fine, NUL is not. */
const ProseSchema = z
  .string()
  .max(2000, 'at most 2000 characters')
  .refine((s) => !s.includes('\u0000'), 'may not contain NUL');

const Coordinate = z.number().finite().min(-MAX_COORDINATE_M).max(MAX_COORDINATE_M);
const Extent = z.number().finite().min(MIN_EXTENT_M).max(MAX_EXTENT_M);
const Height = z.number().finite().min(0).max(MAX_EXTENT_M);
const Angle = z.number().finite().min(-MAX_ANGLE_RAD).max(MAX_ANGLE_RAD);

const Vec2Schema = z.object({ x: Coordinate, y: Coordinate }).strict();
const Vec3Schema = z.object({ x: Coordinate, y: Coordinate, z: Coordinate });
const Pose2DSchema = z.object({ x: Coordinate, y: Coordinate, theta: Angle });
const SizeSchema = z.object({ w: Extent, d: Extent, h: Height }).strict();

/** The side of an entity that faces the room: handles and buttons are on it. */
export const FrontSchema = z.enum(['+x', '-x', '+y', '-y']);
export type Front = z.infer<typeof FrontSchema>;

export const RoomSchema = z
  .object({
    id: IdSchema,
    name: DisplayNameSchema.optional(),
    /** Axis-aligned rectangle: (x, y) is the south-west corner, w along x, d along y. */
    rect: z.object({ x: Coordinate, y: Coordinate, w: Extent, d: Extent }).strict(),
  })
  .strict();

export const DoorSchema = z
  .object({
    id: IdSchema.optional(),
    between: z.tuple([IdSchema, IdSchema]),
    position: Vec2Schema,
    width: Extent.default(0.9),
  })
  .strict();

export const RegionSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['surface', 'container']),
    /** Receiving surface relative to the owner's position (which moves if the owner does). */
    offset: z.object({ x: Coordinate, y: Coordinate, z: Coordinate }).strict().default({ x: 0, y: 0, z: 0 }),
    size: SizeSchema.extend({ h: Height.default(0) }),
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
    type: z.string().min(1).max(MAX_NAME_LENGTH),
    name: DisplayNameSchema.optional(),
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

/** Largest simulated camera frame side, pixels: a policy input, not a film. */
export const MAX_CAMERA_SIDE = 1024;

/**
 * A simulated pinhole camera on a robot. `base`: on the robot's body, looking along its heading
 * (`up` is the height above the floor); `wrist`: at the end effector (`up` is above it), looking
 * along the heading. Pitch tilts it down. Fields left out take the mount's defaults (docs/scenes.md).
 */
export const SceneCameraSchema = z
  .object({
    name: z.string().min(1).max(64).regex(/^[A-Za-z0-9_]+$/, 'camera names are letters, digits and underscores'),
    mount: z.enum(['base', 'wrist']),
    width: z.number().int().min(8).max(MAX_CAMERA_SIDE).optional(),
    height: z.number().int().min(8).max(MAX_CAMERA_SIDE).optional(),
    /** Horizontal field of view, degrees. */
    fov_deg: z.number().finite().min(10).max(160).optional(),
    /** Offsets in the robot's frame, metres: ahead along the heading, to the left, up. */
    forward: z.number().finite().min(-5).max(5).optional(),
    left: z.number().finite().min(-5).max(5).optional(),
    up: z.number().finite().min(-5).max(5).optional(),
    /** Degrees below the horizon. */
    pitch_deg: z.number().finite().min(-89).max(89).optional(),
  })
  .strict();

export const SceneRobotSchema = z
  .object({
    id: IdSchema,
    kind: z.enum(['mobile_manipulator', 'fixed_arm']),
    name: DisplayNameSchema.optional(),
    pose: Pose2DSchema.strict(),
    capabilities: z.array(CapabilitySchema).min(1),
    /** End effector: planar offset from the base, absolute z. */
    ee: Vec3Schema.strict().optional(),
    /** Simulated cameras; default a base-mounted `front` camera and a `wrist` camera. */
    cameras: z
      .array(SceneCameraSchema)
      .max(8)
      .refine((cams) => new Set(cams.map((c) => c.name)).size === cams.length, 'camera names must be unique per robot')
      .optional(),
  })
  .strict();

export const ScenePersonSchema = z
  .object({ id: IdSchema, name: DisplayNameSchema, room: IdSchema, position: Vec2Schema })
  .strict();

export const SceneSchema = z
  .object({
    name: SceneNameSchema,
    kind: z.enum(['house', 'tabletop']),
    description: ProseSchema.optional(),
    /** Attribution for scenes derived from other projects' data. */
    source: ProseSchema.optional(),
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
export type SceneCamera = z.infer<typeof SceneCameraSchema>;
