import { z } from 'zod';
import type { Observation } from '../../domain/observation.js';
import { ValidationError } from '../../domain/failures.js';

/**
 * `uint8[]` as it arrives: a Uint8Array from rclnodejs (typed arrays on), a number list (typed arrays
 * off, or rosbridge input), or a base64 string (rosbridge's default `binary_encoder`, §7.3).
 */
const ByteArray = z.union([
  z.instanceof(Uint8Array),
  z.array(z.number().int().min(0).max(255)),
  z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64'),
]);

/** float64[]: Float64Array from rclnodejs, a JSON list from rosbridge (NaN arrives as null there, §7.3). */
const FloatArray = z.union([z.instanceof(Float64Array), z.array(z.number().nullable())]);

const HeaderSchema = z.object({
  stamp: z.object({ sec: z.number(), nanosec: z.number() }).optional(),
  frame_id: z.string().optional(),
});

export const ImageMsgSchema = z.object({
  header: HeaderSchema.optional(),
  height: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  encoding: z.string(),
  is_bigendian: z.union([z.number(), z.boolean()]).optional(),
  step: z.number().int().nonnegative(),
  data: ByteArray,
});
export type ImageMsg = z.infer<typeof ImageMsgSchema>;

export const CompressedImageMsgSchema = z.object({
  header: HeaderSchema.optional(),
  format: z.string(),
  data: ByteArray,
});
export type CompressedImageMsg = z.infer<typeof CompressedImageMsgSchema>;

export const JointStateMsgSchema = z.object({
  header: HeaderSchema.optional(),
  name: z.array(z.string()),
  position: FloatArray,
  velocity: FloatArray.optional(),
  effort: FloatArray.optional(),
});
export type JointStateMsg = z.infer<typeof JointStateMsgSchema>;

export type ObservationImage = NonNullable<Observation['images']>[string];
export type ObservationJoints = NonNullable<Observation['joints']>;

export function toBytes(data: Uint8Array | readonly number[] | string): Uint8Array<ArrayBuffer> {
  if (data instanceof Uint8Array) {
    return data.buffer instanceof ArrayBuffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  }
  if (typeof data === 'string') return new Uint8Array(Buffer.from(data, 'base64'));
  return Uint8Array.from(data);
}

function parse<T>(schema: z.ZodType<T>, msg: unknown, what: string): T {
  const r = schema.safeParse(msg);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
  throw new ValidationError(`malformed ${what}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
}

/**
 * `sensor_msgs/msg/Image` → an observation image. Rows are repacked when `step` has padding, so
 * `data` is always `height × width × channels` bytes; big-endian 16-bit data is rejected.
 */
export function decodeImage(msg: unknown): ObservationImage {
  const m = parse(ImageMsgSchema, msg, 'sensor_msgs/Image');
  const bytes = toBytes(m.data);
  if (bytes.length < m.step * m.height) {
    throw new ValidationError(`malformed sensor_msgs/Image: data has ${bytes.length} bytes, step×height is ${m.step * m.height}`);
  }
  const bpp = bytesPerPixel(m.encoding);
  const row = m.width * bpp;
  if (m.step < row) throw new ValidationError(`malformed sensor_msgs/Image: step ${m.step} < width×${bpp}`);
  if (bpp > 1 && (m.is_bigendian === 1 || m.is_bigendian === true) && !/8$/.test(m.encoding)) {
    throw new ValidationError(`sensor_msgs/Image: big-endian ${m.encoding} is not supported`);
  }
  let data = bytes.subarray(0, m.step * m.height);
  if (m.step !== row) {
    data = new Uint8Array(row * m.height);
    for (let y = 0; y < m.height; y++) data.set(bytes.subarray(y * m.step, y * m.step + row), y * row);
  }
  return { width: m.width, height: m.height, encoding: m.encoding, data };
}

function bytesPerPixel(encoding: string): number {
  const e = encoding.toLowerCase();
  if (e === 'rgb8' || e === 'bgr8') return 3;
  if (e === 'rgba8' || e === 'bgra8') return 4;
  if (e === 'mono8' || e === '8uc1') return 1;
  if (e === 'mono16' || e === '16uc1') return 2;
  if (e === '32fc1') return 4;
  const m = /^(8|16|32|64)(u|s|f)c(\d)$/.exec(e);
  if (m) return (Number(m[1]) / 8) * Number(m[3]);
  throw new ValidationError(`sensor_msgs/Image: unsupported encoding "${encoding}"`);
}

/**
 * `sensor_msgs/msg/CompressedImage` → an observation image with the still-compressed bytes;
 * width and height are unknown (0) until something decodes it. `encoding` is the format string.
 */
export function decodeCompressedImage(msg: unknown): ObservationImage {
  const m = parse(CompressedImageMsgSchema, msg, 'sensor_msgs/CompressedImage');
  const fmt = m.format.toLowerCase();
  const encoding = fmt.includes('png') ? 'png' : fmt.includes('jpeg') || fmt.includes('jpg') ? 'jpeg' : m.format;
  return { width: 0, height: 0, encoding, data: toBytes(m.data) };
}

/** `sensor_msgs/msg/JointState` → observation joints; names and positions must line up and be finite. */
export function decodeJointState(msg: unknown): ObservationJoints {
  const m = parse(JointStateMsgSchema, msg, 'sensor_msgs/JointState');
  const positions = Array.from(m.position, (v) => (v === null ? Number.NaN : v));
  if (positions.length !== m.name.length) {
    throw new ValidationError(`malformed sensor_msgs/JointState: ${m.name.length} names but ${positions.length} positions`);
  }
  const bad = positions.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ValidationError(`sensor_msgs/JointState: position of ${m.name[bad]} is not finite`);
  return { names: [...m.name], positions };
}

export type SensorKind = 'image' | 'compressed_image' | 'joint_state';

export const SENSOR_MSG_TYPES: Record<SensorKind, string> = {
  image: 'sensor_msgs/msg/Image',
  compressed_image: 'sensor_msgs/msg/CompressedImage',
  joint_state: 'sensor_msgs/msg/JointState',
};

/**
 * Latest sensor readings by name, merged into the robot's observation. Both transports (rclnodejs and
 * rosbridge) feed it; a malformed message is counted and dropped, the previous reading stays.
 */
export class SensorCache {
  private readonly images = new Map<string, ObservationImage>();
  private joints: ObservationJoints | null = null;
  dropped = 0;
  lastError: string | null = null;

  accept(kind: SensorKind, name: string, msg: unknown): boolean {
    try {
      if (kind === 'joint_state') this.joints = decodeJointState(msg);
      else this.images.set(name, kind === 'image' ? decodeImage(msg) : decodeCompressedImage(msg));
      return true;
    } catch (err) {
      this.dropped++;
      this.lastError = err instanceof Error ? err.message : String(err);
      return false;
    }
  }

  merge(obs: Observation): Observation {
    const images = this.images.size > 0 ? { ...obs.images, ...Object.fromEntries(this.images) } : obs.images;
    return { ...obs, ...(images ? { images } : {}), ...(this.joints ? { joints: this.joints } : {}) };
  }
}
