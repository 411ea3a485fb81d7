import { Random } from '../../../domain/random.js';
import type { Rgb8 } from '../resample.js';

/**
 * A deliberately naive second implementation of PIL's `Image.resize(..., Resampling.BILINEAR)`,
 * written from the definition (Pillow's `libImaging/Resample.c`) to generate test vectors for
 * `resizeBilinear`. It shares no code with it and is organised the other way round: every output
 * pixel is computed on its own, pulling each intermediate (horizontally filtered) value on demand,
 * with plain division instead of shifts. Slow on purpose: tests only.
 *
 * The definition, per axis of `src` source pixels resized to `dst`:
 * - `scale = src / dst`, `f = max(scale, 1)` (the kernel widens only when shrinking);
 * - output `i` is centred at `c = (i + 0.5) * scale` and reads source pixels `j` from
 *   `trunc(c - f + 0.5)` (at least 0) up to, not including, `trunc(c + f + 0.5)` (at most `src`);
 * - the weight of `j` is `tri((j - c + 0.5) * (1 / f))` with `tri(x) = max(0, 1 - |x|)`, divided by
 *   the window's sum, then quantised to `round_half_away(w * 2^22)`;
 * - a pass sums `pixel * weight` from `2^21` (half a unit) and keeps `floor(sum / 2^22)` clipped
 *   to 0..255. The horizontal pass runs first into an 8-bit image; an axis whose size does not
 *   change is not filtered.
 * The floating-point steps are written in the same order as PIL's C, since the quantised weights
 * must come out of the same doubles.
 */
const UNIT = 2 ** 22;

export function pilAxisWeights(src: number, dst: number, i: number): { index: number; weight: number }[] {
  const scale = src / dst;
  const f = scale > 1 ? scale : 1;
  const c = (i + 0.5) * scale;
  const from = Math.max(0, Math.trunc(c - f + 0.5));
  const to = Math.min(src, Math.trunc(c + f + 0.5));
  const raw: { index: number; w: number }[] = [];
  for (let j = from; j < to; j++) {
    const t = Math.abs((j - c + 0.5) * (1 / f));
    raw.push({ index: j, w: t < 1 ? 1 - t : 0 });
  }
  let total = 0;
  for (const r of raw) total += r.w;
  return raw.map(({ index, w }) => {
    const n = total === 0 ? w : w / total;
    return { index, weight: n >= 0 ? Math.trunc(n * UNIT + 0.5) : Math.trunc(n * UNIT - 0.5) };
  });
}

const fixedToByte = (sum: number): number => Math.min(255, Math.max(0, Math.floor(sum / UNIT)));

export function pilBilinearReference(img: Rgb8, width: number, height: number): Rgb8 {
  const at = (x: number, y: number, ch: number): number => img.data[(y * img.width + x) * 3 + ch] ?? 0;
  const horizontal = (ox: number, y: number, ch: number): number => {
    if (width === img.width) return at(ox, y, ch);
    let sum = UNIT / 2;
    for (const { index, weight } of pilAxisWeights(img.width, width, ox)) sum += at(index, y, ch) * weight;
    return fixedToByte(sum);
  };
  const out = new Uint8Array(width * height * 3);
  for (let oy = 0; oy < height; oy++) {
    for (let ox = 0; ox < width; ox++) {
      for (let ch = 0; ch < 3; ch++) {
        let v: number;
        if (height === img.height) v = horizontal(ox, oy, ch);
        else {
          let sum = UNIT / 2;
          for (const { index, weight } of pilAxisWeights(img.height, height, oy)) sum += horizontal(ox, index, ch) * weight;
          v = fixedToByte(sum);
        }
        out[(oy * width + ox) * 3 + ch] = v;
      }
    }
  }
  return { width, height, data: out };
}

/**
 * A textured RGB test image from a seed: noise, a fine checkerboard, stripes and a gradient, the
 * high-frequency content on which sampling two pixels and averaging a window differ most.
 */
export function texturedImage(width: number, height: number, seed: number | string): Rgb8 {
  const rng = new Random(seed);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const checker = ((x >> 1) + (y >> 1)) % 2 === 0 ? 200 : 30;
      data[o] = Math.floor(rng.next() * 256);
      data[o + 1] = Math.min(255, Math.floor(checker * 0.8 + rng.next() * 50));
      data[o + 2] = Math.floor((x * 255) / Math.max(1, width - 1)) ^ (y % 3 === 0 ? 0xff : 0);
    }
  }
  return { width, height, data };
}

export function meanAbsoluteDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  return s / Math.max(1, a.length);
}
