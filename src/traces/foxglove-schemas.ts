/**
 * JSON schemas of the Foxglove well-known messages orca's MCAP export writes, written from
 * Foxglove's published message definitions (docs.foxglove.dev, "Message schemas"). Every field of
 * each definition is listed and required, as orca always writes all of them; times are
 * `{sec, nsec}` and enums their integer values, as Foxglove's JSON encoding expects. Inline and
 * `$ref`-free, so Foxglove derives message paths from them.
 */

type Json = Record<string, unknown>;

const object = (title: string, properties: Record<string, Json>): Json => ({
  title,
  type: 'object',
  properties,
  required: Object.keys(properties),
});

const number = (description: string): Json => ({ type: 'number', description });
const string = (description: string): Json => ({ type: 'string', description });
const array = (items: Json, description: string): Json => ({ type: 'array', items, description });

const time = (title: string): Json =>
  object(title, {
    sec: { type: 'integer', minimum: 0, description: 'Seconds' },
    nsec: { type: 'integer', minimum: 0, maximum: 999_999_999, description: 'Nanoseconds' },
  });
const vector3 = (title: string): Json => object(title, { x: number('x coordinate length'), y: number('y coordinate length'), z: number('z coordinate length') });
const quaternion = (title: string): Json => object(title, { x: number('x value'), y: number('y value'), z: number('z value'), w: number('w value') });
const color = (title: string): Json =>
  object(title, { r: number('Red value between 0 and 1'), g: number('Green value between 0 and 1'), b: number('Blue value between 0 and 1'), a: number('Alpha value between 0 and 1') });
const pose = (title: string): Json => object(title, { position: vector3('foxglove.Vector3'), orientation: quaternion('foxglove.Quaternion') });
const keyValue = object('foxglove.KeyValuePair', { key: string('Key'), value: string('Value') });

const cube = object('foxglove.CubePrimitive', {
  pose: pose('foxglove.Pose'),
  size: vector3('foxglove.Vector3'),
  color: color('foxglove.Color'),
});
const text = object('foxglove.TextPrimitive', {
  pose: pose('foxglove.Pose'),
  billboard: { type: 'boolean', description: 'Whether the text should respect `pose.orientation` (false) or always face the camera (true)' },
  font_size: number('Font size (height of one line of text)'),
  scale_invariant: { type: 'boolean', description: 'Indicates whether `font_size` is a fixed size in screen pixels (true), or specified in world coordinates and scales with distance from the camera (false)' },
  color: color('foxglove.Color'),
  text: string('Text'),
});
// Primitives orca never draws: listed so an entity carries every field of the definition, always empty.
const unused = (title: string): Json => ({ type: 'array', items: { title, type: 'object' }, maxItems: 0, description: `${title} (unused by orca)` });

const sceneEntity = object('foxglove.SceneEntity', {
  timestamp: time('time'),
  frame_id: string('Frame of reference'),
  id: string('Identifier for the entity. A entity will replace any prior entity on the same topic with the same `id`.'),
  lifetime: time('duration'),
  frame_locked: { type: 'boolean', description: 'Whether the entity should keep its location in the fixed frame (false) or follow the frame specified in `frame_id` as it moves relative to the fixed frame (true)' },
  metadata: array(keyValue, 'Additional user-provided metadata associated with the entity. Keys must be unique.'),
  arrows: unused('foxglove.ArrowPrimitive'),
  cubes: array(cube, 'Cube primitives'),
  spheres: unused('foxglove.SpherePrimitive'),
  cylinders: unused('foxglove.CylinderPrimitive'),
  lines: unused('foxglove.LinePrimitive'),
  triangles: unused('foxglove.TriangleListPrimitive'),
  texts: array(text, 'Text primitives'),
  models: unused('foxglove.ModelPrimitive'),
});

const sceneEntityDeletion = object('foxglove.SceneEntityDeletion', {
  timestamp: time('time'),
  type: { type: 'integer', enum: [0, 1], description: 'Type of deletion action to perform (0 MATCHING_ID, 1 ALL)' },
  id: string('Identifier which must match if `type` is `MATCHING_ID`.'),
});

export const SCENE_UPDATE_SCHEMA = object('foxglove.SceneUpdate', {
  deletions: array(sceneEntityDeletion, 'Scene entities to delete'),
  entities: array(sceneEntity, 'Scene entities to add or replace'),
});

export const FRAME_TRANSFORM_SCHEMA = object('foxglove.FrameTransform', {
  timestamp: time('time'),
  parent_frame_id: string('Name of the parent frame'),
  child_frame_id: string('Name of the child frame'),
  translation: vector3('foxglove.Vector3'),
  rotation: quaternion('foxglove.Quaternion'),
});

export const POSES_IN_FRAME_SCHEMA = object('foxglove.PosesInFrame', {
  timestamp: time('time'),
  frame_id: string('Frame of reference for pose position and orientation'),
  poses: array(pose('foxglove.Pose'), 'Poses in 3D space'),
});

/** foxglove.Log levels. */
export const LOG_LEVEL = { UNKNOWN: 0, DEBUG: 1, INFO: 2, WARNING: 3, ERROR: 4, FATAL: 5 } as const;

export const LOG_SCHEMA = object('foxglove.Log', {
  timestamp: time('time'),
  level: { type: 'integer', enum: Object.values(LOG_LEVEL), description: 'Log level (0 UNKNOWN, 1 DEBUG, 2 INFO, 3 WARNING, 4 ERROR, 5 FATAL)' },
  message: string('Log message'),
  name: string('Process or node name'),
  file: string('Filename'),
  line: { type: 'integer', minimum: 0, maximum: 4_294_967_295, description: 'Line number in the file' },
});
