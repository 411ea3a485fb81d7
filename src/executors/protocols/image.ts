import { CodecError } from './errors.js';
import { makeNdArray } from './ndarray.js';
import type { NdArray } from './ndarray.js';
import { resizeBilinear } from './resample.js';

/** An 8-bit RGB image, row-major HWC. */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A raw camera frame as `Observation.images` carries it. */
export interface RawImage {
  width: number;
  height: number;
  encoding: string;
  data: Uint8Array;
}

/**
 * Unpacked pixel encodings (the `sensor_msgs/Image` names). Compressed frames (jpeg/png) are not
 * decoded here: a robot binding that receives CompressedImage must decode before it fills
 * `observation.images`.
 */
const LAYOUTS: Record<string, { channels: number; rgb: readonly [number, number, number] }> = {
  rgb8: { channels: 3, rgb: [0, 1, 2] },
  bgr8: { channels: 3, rgb: [2, 1, 0] },
  rgba8: { channels: 4, rgb: [0, 1, 2] },
  bgra8: { channels: 4, rgb: [2, 1, 0] },
  mono8: { channels: 1, rgb: [0, 0, 0] },
};

export function toRgb(img: RawImage): RgbImage {
  const layout = LAYOUTS[img.encoding];
  if (!layout) throw new CodecError(`unsupported image encoding ${img.encoding} (want ${Object.keys(LAYOUTS).join(', ')})`);
  const n = img.width * img.height;
  if (img.data.byteLength < n * layout.channels) {
    throw new CodecError(`image ${img.width}x${img.height} ${img.encoding} needs ${n * layout.channels} bytes, got ${img.data.byteLength}`);
  }
  const out = new Uint8Array(n * 3);
  const [r, g, b] = layout.rgb;
  for (let i = 0; i < n; i++) {
    const src = i * layout.channels;
    out[i * 3] = img.data[src + r] ?? 0;
    out[i * 3 + 1] = img.data[src + g] ?? 0;
    out[i * 3 + 2] = img.data[src + b] ?? 0;
  }
  return { width: img.width, height: img.height, data: out };
}

/**
 * openpi's `image_tools.resize_with_pad`: shrink or enlarge to fit `height × width` keeping the
 * aspect ratio, with PIL's antialiased bilinear (`resizeBilinear`), then paste onto black at
 * `((width − w) / 2, (height − h) / 2)` rounded down. A frame already of the target size passes
 * through untouched, as upstream.
 */
export function resizeWithPad(img: RgbImage, height: number, width: number): RgbImage {
  if (img.width === width && img.height === height) return img;
  // The same double arithmetic as upstream (`int(cur / ratio)`), so the fitted size agrees exactly.
  const ratio = Math.max(img.width / width, img.height / height);
  const rw = Math.max(1, Math.trunc(img.width / ratio));
  const rh = Math.max(1, Math.trunc(img.height / ratio));
  const resized = resizeBilinear(img, rw, rh);
  const padX = Math.max(0, Math.trunc((width - rw) / 2));
  const padY = Math.max(0, Math.trunc((height - rh) / 2));
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < rh; y++) {
    out.set(resized.data.subarray(y * rw * 3, (y + 1) * rw * 3), ((y + padY) * width + padX) * 3);
  }
  return { width, height, data: out };
}

/** 180° rotation (`img[::-1, ::-1]`), which openpi's LIBERO example applies to match training. */
export function rotate180(img: RgbImage): RgbImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) out.set(img.data.subarray(i * 3, i * 3 + 3), (n - 1 - i) * 3);
  return { ...img, data: out };
}

/** uint8 `[H, W, 3]`. */
export function hwcArray(img: RgbImage): NdArray {
  return makeNdArray('|u1', [img.height, img.width, 3], img.data);
}

/** uint8 `[3, H, W]` (ALOHA's camera layout). */
export function chwArray(img: RgbImage): NdArray {
  const n = img.width * img.height;
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) for (let c = 0; c < 3; c++) out[c * n + i] = img.data[i * 3 + c] ?? 0;
  return makeNdArray('|u1', [3, img.height, img.width], out);
}

export function blankImage(height: number, width: number): RgbImage {
  return { width, height, data: new Uint8Array(width * height * 3) };
}
