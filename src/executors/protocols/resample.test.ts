import { describe, expect, it } from 'vitest';
import { resizeWithPad } from './image.js';
import { resizeBilinear } from './resample.js';
import type { Rgb8 } from './resample.js';
import { meanAbsoluteDifference, pilAxisWeights, pilBilinearReference, texturedImage } from './testing/pil-bilinear-reference.js';

/** A grey image from rows of values (R = G = B). */
const grey = (rows: number[][]): Rgb8 => ({
  width: rows[0]?.length ?? 0,
  height: rows.length,
  data: Uint8Array.from(rows.flatMap((r) => r.flatMap((v) => [v, v, v]))),
});
const greyValues = (img: Rgb8): number[] => [...img.data].filter((_, i) => i % 3 === 0);

describe('resizeBilinear: PIL Resampling.BILINEAR, cases derived by hand from the definition', () => {
  it('shrinking 4 → 2 averages a window of 3 with weights 3/7, 3/7, 1/7 (not two samples)', () => {
    // Output 0 is centred at 1 with support 2: tri(-0.25), tri(0.25), tri(0.75) = 3/7, 3/7, 1/7 after
    // normalising: (0·3 + 100·3 + 200) / 7 = 71.4 → 71. Output 1: (100 + 200·3 + 255·3) / 7 = 209.3 → 209.
    expect(greyValues(resizeBilinear(grey([[0, 100, 200, 255]]), 2, 1))).toEqual([71, 209]);
  });

  it('enlarging 2 → 4 keeps the edge pixels and interpolates at 1/4 and 3/4', () => {
    expect(greyValues(resizeBilinear(grey([[0, 200]]), 4, 1))).toEqual([0, 50, 150, 200]);
  });

  it('rounds half up: 3 → 2 weighs 5/8, 3/8 and 4 · 5/8 = 2.5 gives 3', () => {
    expect(greyValues(resizeBilinear(grey([[4, 0, 0]]), 2, 1))).toEqual([3, 0]);
    expect(greyValues(resizeBilinear(grey([[0, 255, 0]]), 2, 1))).toEqual([96, 96]);
  });

  it('runs two passes through an 8-bit intermediate (a single 2-D average would give 1 here)', () => {
    // Rows average to 1.5 → 2 and 0.5 → 1; the column then averages to 1.5 → 2. The exact mean is 1.0.
    expect(greyValues(resizeBilinear(grey([[1, 2], [0, 1]]), 1, 1))).toEqual([2]);
  });

  it('the quantised weights of a window sum to one fixed-point unit', () => {
    expect(pilAxisWeights(4, 2, 0)).toEqual([
      { index: 0, weight: 1797559 },
      { index: 1, weight: 1797559 },
      { index: 2, weight: 599186 },
    ]);
  });

  it('returns a copy at the same size and refuses empty targets', () => {
    const img = grey([[1, 2]]);
    const same = resizeBilinear(img, 2, 1);
    expect(same.data).toEqual(img.data);
    expect(same.data).not.toBe(img.data);
    expect(() => resizeBilinear(img, 0, 1)).toThrow(RangeError);
  });
});

describe('resizeBilinear against vectors from the reference generator (textured images)', () => {
  const cases: [number, number, number, number][] = [
    [640, 480, 224, 168],
    [256, 256, 224, 224],
    [1280, 720, 224, 126],
    [320, 240, 224, 168],
    [300, 224, 224, 167],
    [97, 211, 61, 133],
    [7, 5, 3, 2],
    [100, 60, 224, 134],
    [5, 9, 224, 403],
    [224, 100, 224, 50],
    [180, 224, 100, 224],
  ];
  it.each(cases)('%i×%i → %i×%i is byte-identical', (w, h, W, H) => {
    const img = texturedImage(w, h, `${w}x${h}`);
    const got = resizeBilinear(img, W, H);
    const want = pilBilinearReference(img, W, H);
    expect({ width: got.width, height: got.height }).toEqual({ width: W, height: H });
    expect(meanAbsoluteDifference(got.data, want.data)).toBe(0);
    expect(Buffer.from(got.data).equals(Buffer.from(want.data))).toBe(true);
  });
});

describe('resizeWithPad: openpi image_tools.resize_with_pad', () => {
  it('fits 640×480 to 224×168 and centres it with 28 black rows above and below', () => {
    const img = texturedImage(640, 480, 'pad');
    const out = resizeWithPad(img, 224, 224);
    const fitted = pilBilinearReference(img, 224, 168);
    expect(out.width).toBe(224);
    expect(out.height).toBe(224);
    const row = (y: number): Uint8Array => out.data.subarray(y * 224 * 3, (y + 1) * 224 * 3);
    expect(row(27).every((v) => v === 0)).toBe(true);
    expect(row(196).every((v) => v === 0)).toBe(true);
    for (let y = 0; y < 168; y++) expect(Buffer.from(row(28 + y)).equals(Buffer.from(fitted.data.subarray(y * 224 * 3, (y + 1) * 224 * 3)))).toBe(true);
  });

  it('puts the odd pad row at the bottom and the odd pad column at the right (offsets round down)', () => {
    // 300×224 fits as 224×167: 57 spare rows, 28 above and 29 below.
    const tall = resizeWithPad({ width: 300, height: 224, data: new Uint8Array(300 * 224 * 3).fill(255) }, 224, 224);
    const firstLit = (tall.data.findIndex((v) => v > 0) / 3 / 224) | 0;
    const lastLit = ((tall.data.findLastIndex((v) => v > 0) / 3 / 224) | 0) + 1;
    expect([firstLit, 224 - lastLit]).toEqual([28, 29]);
    // 211×224 → 211 columns in a 224-wide frame: 6 left, 7 right.
    const wide = resizeWithPad({ width: 211, height: 224, data: new Uint8Array(211 * 224 * 3).fill(255) }, 224, 224);
    const litColumns = Array.from({ length: 224 }, (_, x) => (wide.data[x * 3] ?? 0) > 0);
    expect([litColumns.indexOf(true), 224 - 1 - litColumns.lastIndexOf(true)]).toEqual([6, 7]);
  });

  it('passes a frame of the target size through untouched', () => {
    const img = texturedImage(224, 224, 'same');
    expect(resizeWithPad(img, 224, 224)).toBe(img);
  });
});
