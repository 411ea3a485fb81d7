/**
 * PIL's `Image.resize(size, Resampling.BILINEAR)` for 8-bit RGB, pixel for pixel. The upstream
 * openpi clients resize with it (`image_tools.resize_with_pad`), so a policy trained on their frames
 * sees the same pixels from orca.
 *
 * PIL's "bilinear" is a convolution with a triangle kernel whose support grows with the downscale
 * factor (so shrinking averages every source pixel under the kernel instead of sampling two), run
 * separably: a horizontal pass into an 8-bit intermediate image, then a vertical pass. Weights are
 * normalised per output pixel and quantised to 22 fractional bits; each pass rounds half up and
 * clips to 0..255. Upscaling uses the plain triangle of support 1.
 */

/** An 8-bit RGB image, row-major HWC. */
export interface Rgb8 {
  width: number;
  height: number;
  data: Uint8Array;
}

/** 32 bits minus 8 for the pixel and 2 for headroom: PIL's fixed-point precision. */
const PRECISION_BITS = 22;
const ONE = 1 << PRECISION_BITS;
const HALF = 1 << (PRECISION_BITS - 1);

/** Per output index: the first source index, how many source pixels, and their fixed-point weights. */
interface Taps {
  first: Int32Array;
  count: Int32Array;
  /** `outSize × stride` weights, row `i` for output index `i`. */
  weights: Int32Array;
  stride: number;
}

const triangle = (x: number): number => {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
};

/**
 * The kernel taps of one axis. The arithmetic follows PIL's order of operations in doubles, so the
 * quantised weights come out bit-identical (a weight at exactly .5 of a fixed-point step would
 * otherwise round the other way).
 */
function bilinearTaps(inSize: number, outSize: number): Taps {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const invScale = 1 / filterScale;
  const first = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const weights = new Int32Array(outSize * stride);
  const w = new Float64Array(stride);
  for (let i = 0; i < outSize; i++) {
    const center = (i + 0.5) * scale;
    const lo = Math.max(0, Math.trunc(center - support + 0.5));
    const hi = Math.min(inSize, Math.trunc(center + support + 0.5));
    const n = hi - lo;
    let sum = 0;
    for (let k = 0; k < n; k++) {
      w[k] = triangle((k + lo - center + 0.5) * invScale);
      sum += w[k] ?? 0;
    }
    for (let k = 0; k < n; k++) {
      const normalised = sum !== 0 ? (w[k] ?? 0) / sum : (w[k] ?? 0);
      weights[i * stride + k] = Math.trunc(normalised < 0 ? normalised * ONE - 0.5 : normalised * ONE + 0.5);
    }
    first[i] = lo;
    count[i] = n;
  }
  return { first, count, weights, stride };
}

/** Fixed-point sum → 8 bits: drop the fraction (the accumulator started at one half) and clip. */
const clip8 = (acc: number): number => {
  const v = acc >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

/** Resamples the rows `[rowFrom, rowFrom + rows)` horizontally to `width` columns. */
function horizontalPass(img: Rgb8, width: number, rowFrom: number, rows: number): Rgb8 {
  const taps = bilinearTaps(img.width, width);
  const out = new Uint8Array(width * rows * 3);
  const src = img.data;
  for (let y = 0; y < rows; y++) {
    const rowBase = (y + rowFrom) * img.width * 3;
    for (let x = 0; x < width; x++) {
      const lo = taps.first[x] ?? 0;
      const n = taps.count[x] ?? 0;
      const wBase = x * taps.stride;
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (let k = 0; k < n; k++) {
        const wk = taps.weights[wBase + k] ?? 0;
        const p = rowBase + (lo + k) * 3;
        r += (src[p] ?? 0) * wk;
        g += (src[p + 1] ?? 0) * wk;
        b += (src[p + 2] ?? 0) * wk;
      }
      const o = (y * width + x) * 3;
      out[o] = clip8(r);
      out[o + 1] = clip8(g);
      out[o + 2] = clip8(b);
    }
  }
  return { width, height: rows, data: out };
}

/** Resamples vertically; `taps.first` indexes rows of `img`, shifted by `rowFrom`. */
function verticalPass(img: Rgb8, taps: Taps, rowFrom: number, height: number): Rgb8 {
  const out = new Uint8Array(img.width * height * 3);
  const src = img.data;
  const rowBytes = img.width * 3;
  for (let y = 0; y < height; y++) {
    const lo = (taps.first[y] ?? 0) - rowFrom;
    const n = taps.count[y] ?? 0;
    const wBase = y * taps.stride;
    for (let c = 0; c < rowBytes; c++) {
      let acc = HALF;
      for (let k = 0; k < n; k++) acc += (src[(lo + k) * rowBytes + c] ?? 0) * (taps.weights[wBase + k] ?? 0);
      out[y * rowBytes + c] = clip8(acc);
    }
  }
  return { width: img.width, height, data: out };
}

/** `Image.resize((width, height), Resampling.BILINEAR)` of an RGB image. */
export function resizeBilinear(img: Rgb8, width: number, height: number): Rgb8 {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width >= 1 && height >= 1)) {
    throw new RangeError(`resize target must be positive integers, got ${width}x${height}`);
  }
  if (img.width === width && img.height === height) return { width, height, data: img.data.slice() };
  const vertical = bilinearTaps(img.height, height);
  // Only the source rows the vertical kernels touch go through the horizontal pass.
  const rowFrom = vertical.first[0] ?? 0;
  const rowTo = (vertical.first[height - 1] ?? 0) + (vertical.count[height - 1] ?? 0);
  const wide = img.width === width ? img : horizontalPass(img, width, rowFrom, rowTo - rowFrom);
  const offset = img.width === width ? 0 : rowFrom;
  return img.height === height ? wide : verticalPass(wide, vertical, offset, height);
}
