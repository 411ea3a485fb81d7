import { deflateSync } from 'node:zlib';

/**
 * A reference PNG encoder for tests: applies the filter each row names (PNG §9, forward direction),
 * so a decoder is checked against every filter type. Not used by orca itself.
 */
export interface PngSpec {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA. */
  colourType: 0 | 2 | 3 | 4 | 6;
  depth: 8 | 16;
  /** Unfiltered scanlines, concatenated. */
  samples: Uint8Array;
  palette?: Uint8Array;
  /** Filter per row, cycled; default 0..4. */
  filters?: readonly number[];
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function encodePng(spec: PngSpec): Uint8Array {
  const bpp = (CHANNELS[spec.colourType] * spec.depth) / 8;
  const rowBytes = spec.width * bpp;
  const filters = spec.filters ?? [0, 1, 2, 3, 4];
  const out: number[] = [];
  for (let y = 0; y < spec.height; y++) {
    const f = filters[y % filters.length]!;
    out.push(f);
    for (let x = 0; x < rowBytes; x++) {
      const at = (yy: number, xx: number): number => (yy < 0 || xx < 0 ? 0 : spec.samples[yy * rowBytes + xx]!);
      const v = at(y, x);
      const a = at(y, x - bpp);
      const b = at(y - 1, x);
      const c = at(y - 1, x - bpp);
      const pred = f === 0 ? 0 : f === 1 ? a : f === 2 ? b : f === 3 ? (a + b) >> 1 : paeth(a, b, c);
      out.push((v - pred) & 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(spec.width, 0);
  ihdr.writeUInt32BE(spec.height, 4);
  ihdr[8] = spec.depth;
  ihdr[9] = spec.colourType;
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (spec.palette) parts.push(chunk('PLTE', spec.palette));
  parts.push(chunk('IDAT', deflateSync(Buffer.from(out))), chunk('IEND', new Uint8Array(0)));
  return new Uint8Array(Buffer.concat(parts));
}
