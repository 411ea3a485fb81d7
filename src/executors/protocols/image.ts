import { CodecError } from './errors.js';
import { makeNdArray } from './ndarray.js';
import type { NdArray } from './ndarray.js';

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
 * Bilinear resize that keeps the aspect ratio and pads with black, centred: the shape of openpi's
 * `image_tools.resize_with_pad` (PIL bilinear). Pixel values can differ from PIL's by rounding.
 */
export function resizeWithPad(img: RgbImage, height: number, width: number): RgbImage {
  if (img.width === width && img.height === height) return img;
  const ratio = Math.max(img.width / width, img.height / height);
  const rw = Math.max(1, Math.floor(img.width / ratio));
  const rh = Math.max(1, Math.floor(img.height / ratio));
  const padX = Math.floor((width - rw) / 2);
  const padY = Math.floor((height - rh) / 2);
  const out = new Uint8Array(width * height * 3);
  const px = (x: number, y: number, c: number): number => img.data[(y * img.width + x) * 3 + c] ?? 0;
  for (let y = 0; y < rh; y++) {
    const sy = Math.min(Math.max((y + 0.5) * (img.height / rh) - 0.5, 0), img.height - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, img.height - 1);
    const fy = sy - y0;
    for (let x = 0; x < rw; x++) {
      const sx = Math.min(Math.max((x + 0.5) * (img.width / rw) - 0.5, 0), img.width - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, img.width - 1);
      const fx = sx - x0;
      for (let c = 0; c < 3; c++) {
        const top = px(x0, y0, c) * (1 - fx) + px(x1, y0, c) * fx;
        const bottom = px(x0, y1, c) * (1 - fx) + px(x1, y1, c) * fx;
        out[((y + padY) * width + (x + padX)) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
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
