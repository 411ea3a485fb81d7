import { ValidationError } from '../../../domain/failures.js';
import { decodeCompressedImage, decodeImage } from '../../../executors/ros2/messages.js';
import type { ObservationImage } from '../../../executors/ros2/messages.js';
import { header } from './common.js';
import { decodePng } from './png.js';

export type { ObservationImage } from '../../../executors/ros2/messages.js';

export type CameraMessageType = 'sensor_msgs/msg/Image' | 'sensor_msgs/msg/CompressedImage';

/**
 * A camera message as an observation image with its pixels unpacked: `Image` as it is (padding
 * removed), `CompressedImage` decoded when it is PNG. JPEG is refused with the reason: orca has no
 * JPEG decoder, so such a camera must publish raw or PNG frames (image_transport's `png` format).
 */
export function decodeCameraMessage(type: CameraMessageType, msg: unknown): ObservationImage {
  if (type === 'sensor_msgs/msg/Image') return decodeImage(msg);
  const compressed = decodeCompressedImage(msg);
  if (compressed.encoding === 'png') return decodePng(compressed.data);
  throw new ValidationError(
    `sensor_msgs/msg/CompressedImage in format "${compressed.encoding}" cannot be decoded: orca decodes PNG; publish sensor_msgs/msg/Image or PNG-compressed frames`,
  );
}

/** `sensor_msgs/msg/Image` of an 8-bit frame (`data` stays a Uint8Array; the wire layer encodes it). */
export function imageMsg(frame: { width: number; height: number; encoding: string; data: Uint8Array }, seconds: number, frameId: string): object {
  const channels = frame.encoding === 'mono8' ? 1 : frame.encoding.endsWith('a8') ? 4 : 3;
  return { header: header(seconds, frameId), height: frame.height, width: frame.width, encoding: frame.encoding, is_bigendian: 0, step: frame.width * channels, data: frame.data };
}
