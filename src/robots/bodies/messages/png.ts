import { inflateSync } from 'node:zlib';
import { ValidationError } from '../../../domain/failures.js';

/** A decoded PNG in a `sensor_msgs/Image` encoding. */
export interface DecodedPng {
  width: number;
  height: number;
  encoding: 'mono8' | 'rgb8' | 'rgba8';
  data: Uint8Array<ArrayBuffer>;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Samples per pixel of each PNG colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Larger frames are refused rather than inflated (a camera frame is a few megapixels). */
export const MAX_PNG_PIXELS = 64 * 1024 * 1024;

interface Header {
  width: number;
  height: number;
  depth: number;
  colourType: number;
}

interface Chunks {
  header: Header;
  palette: Uint8Array | null;
  idat: Buffer;
}

function fail(why: string): never {
  throw new ValidationError(`PNG: ${why}`);
}

function readChunks(bytes: Uint8Array): Chunks {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) fail('not a PNG (bad signature)');
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let header: Header | null = null;
  let palette: Uint8Array | null = null;
  const idat: Buffer[] = [];
  for (let at = 8; at + 8 <= view.length; ) {
    const length = view.readUInt32BE(at);
    const type = view.toString('latin1', at + 4, at + 8);
    const data = view.subarray(at + 8, at + 8 + length);
    if (data.length !== length) fail(`chunk ${type} is cut short`);
    if (type === 'IHDR') {
      if (data[10] !== 0 || data[11] !== 0) fail('unknown compression or filter method');
      if (data[12] !== 0) fail('interlaced PNGs are not supported');
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), depth: data[8] ?? 0, colourType: data[9] ?? -1 };
    } else if (type === 'PLTE') palette = new Uint8Array(data);
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header) fail('no IHDR chunk');
  return { header, palette, idat: Buffer.concat(idat) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the per-row filters (PNG §9) in place; returns the rows without their filter bytes. */
function unfilter(raw: Uint8Array, height: number, rowBytes: number, bpp: number): Uint8Array {
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)];
    const src = y * (rowBytes + 1) + 1;
    const row = y * rowBytes;
    const prev = row - rowBytes;
    for (let x = 0; x < rowBytes; x++) {
      const a = x >= bpp ? out[row + x - bpp]! : 0;
      const b = y > 0 ? out[prev + x]! : 0;
      const c = x >= bpp && y > 0 ? out[prev + x - bpp]! : 0;
      const v = raw[src + x]!;
      const predicted = filter === 0 ? 0 : filter === 1 ? a : filter === 2 ? b : filter === 3 ? (a + b) >> 1 : filter === 4 ? paeth(a, b, c) : fail(`unknown row filter ${filter}`);
      out[row + x] = (v + predicted) & 255;
    }
  }
  return out;
}

/** Samples as 8-bit pixels in the output encoding: 16-bit keeps the high byte, grey+alpha drops alpha, a palette expands to RGB. */
function toPixels(h: Header, rows: Uint8Array, palette: Uint8Array | null): DecodedPng {
  const channels = CHANNELS[h.colourType]!;
  const step = h.depth / 8;
  const n = h.width * h.height;
  const outChannels = h.colourType === 6 ? 4 : h.colourType === 2 || h.colourType === 3 ? 3 : 1;
  const data = new Uint8Array(n * outChannels);
  for (let i = 0; i < n; i++) {
    const src = i * channels * step;
    if (h.colourType === 3) {
      const k = rows[src]! * 3;
      if (!palette || k + 2 >= palette.length) fail('palette index out of range');
      data.set(palette.subarray(k, k + 3), i * 3);
      continue;
    }
    for (let c = 0; c < outChannels; c++) data[i * outChannels + c] = rows[src + c * step]!;
  }
  const encoding = outChannels === 4 ? 'rgba8' : outChannels === 3 ? 'rgb8' : 'mono8';
  return { width: h.width, height: h.height, encoding, data };
}

/**
 * Decodes a PNG with Node's own zlib: grey, grey+alpha, RGB, RGBA (8 or 16 bits) and 8-bit palette
 * images, not interlaced. Anything else is a ValidationError saying what is unsupported.
 */
export function decodePng(bytes: Uint8Array): DecodedPng {
  const { header: h, palette, idat } = readChunks(bytes);
  const channels = CHANNELS[h.colourType];
  if (channels === undefined) fail(`unknown colour type ${h.colourType}`);
  if (h.depth !== 8 && !(h.depth === 16 && h.colourType !== 3)) fail(`bit depth ${h.depth} of colour type ${h.colourType} is not supported (8, or 16 without a palette)`);
  if (h.width === 0 || h.height === 0 || h.width * h.height > MAX_PNG_PIXELS) fail(`size ${h.width}x${h.height} is out of range`);
  const rowBytes = (h.width * channels * h.depth) / 8;
  const expected = h.height * (rowBytes + 1);
  let raw: Buffer;
  try {
    raw = inflateSync(idat, { maxOutputLength: expected });
  } catch (err) {
    fail(`image data does not inflate to ${expected} bytes (${err instanceof Error ? err.message : String(err)})`);
  }
  if (raw.length !== expected) fail(`image data inflates to ${raw.length} bytes, ${expected} expected`);
  return toPixels(h, unfilter(raw, h.height, rowBytes, Math.max(1, (channels * h.depth) / 8)), palette);
}
