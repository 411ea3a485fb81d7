import { Decoder } from '@msgpack/msgpack';
import { CodecError, UnsupportedDtypeError } from './errors.js';
import { checkNdArray, isNdArray, makeNdArray, parseDtype } from './ndarray.js';
import type { NdArray } from './ndarray.js';
import { PyFloat } from './py-json.js';

/**
 * openpi's msgpack + numpy encoding (PROTOCOLS.md §2.3). Arrays are maps whose four keys are msgpack
 * **bin** (Python `bytes`): `{b"__ndarray__": True, b"data": raw, b"dtype": descr, b"shape": [..]}`;
 * numpy scalars are `{b"__npgeneric__": True, b"data": item, b"dtype": descr}`. A map with **str**
 * keys of the same names is an ordinary dict (upstream tests `b"__ndarray__" in obj`).
 *
 * Encoding is written by hand because `@msgpack/msgpack`'s encoder cannot emit bin map keys; decoding
 * uses its `Decoder` with a key converter that keeps bin keys distinguishable from str keys.
 */

/** A numpy scalar (`np.float32(0.5)`): `value` is what `item()` returns. */
export interface NpScalar {
  readonly npgeneric: true;
  readonly dtype: string;
  readonly value: number | bigint | boolean;
}

export function npScalar(dtype: string, value: number | bigint | boolean): NpScalar {
  return { npgeneric: true, dtype, value };
}

export type MsgValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | Uint8Array
  | NdArray
  | NpScalar
  | readonly MsgValue[]
  | { readonly [k: string]: MsgValue };

function isNpScalar(v: unknown): v is NpScalar {
  return typeof v === 'object' && v !== null && (v as NpScalar).npgeneric === true && typeof (v as NpScalar).dtype === 'string';
}

function rejectKinds(dtype: string): void {
  const { kind } = parseDtype(dtype);
  if (kind === 'V' || kind === 'O' || kind === 'c') throw new UnsupportedDtypeError(dtype);
}

class Writer {
  private chunks: Uint8Array[] = [];

  bytes(...b: number[]): void {
    this.chunks.push(Uint8Array.from(b));
  }

  raw(b: Uint8Array): void {
    this.chunks.push(b);
  }

  private be(tag: number, value: number | bigint, size: 1 | 2 | 4 | 8, signed: boolean): void {
    const dv = new DataView(new ArrayBuffer(size + 1));
    dv.setUint8(0, tag);
    if (size === 1) signed ? dv.setInt8(1, Number(value)) : dv.setUint8(1, Number(value));
    else if (size === 2) signed ? dv.setInt16(1, Number(value)) : dv.setUint16(1, Number(value));
    else if (size === 4) signed ? dv.setInt32(1, Number(value)) : dv.setUint32(1, Number(value));
    else signed ? dv.setBigInt64(1, BigInt(value)) : dv.setBigUint64(1, BigInt(value));
    this.chunks.push(new Uint8Array(dv.buffer));
  }

  /** Smallest encoding, as Python msgpack picks it. */
  int(v: number | bigint): void {
    const n = BigInt(v);
    if (n >= 0n) {
      if (n < 0x80n) this.bytes(Number(n));
      else if (n <= 0xffn) this.be(0xcc, n, 1, false);
      else if (n <= 0xffffn) this.be(0xcd, n, 2, false);
      else if (n <= 0xffffffffn) this.be(0xce, n, 4, false);
      else if (n <= 0xffffffffffffffffn) this.be(0xcf, n, 8, false);
      else throw new CodecError(`integer ${n} does not fit msgpack`);
    } else if (n >= -32n) this.bytes(Number(n) & 0xff);
    else if (n >= -0x80n) this.be(0xd0, n, 1, true);
    else if (n >= -0x8000n) this.be(0xd1, n, 2, true);
    else if (n >= -0x80000000n) this.be(0xd2, n, 4, true);
    else if (n >= -0x8000000000000000n) this.be(0xd3, n, 8, true);
    else throw new CodecError(`integer ${n} does not fit msgpack`);
  }

  float64(v: number): void {
    const dv = new DataView(new ArrayBuffer(9));
    dv.setUint8(0, 0xcb);
    dv.setFloat64(1, v);
    this.chunks.push(new Uint8Array(dv.buffer));
  }

  private header(len: number, fix: number | null, fixMax: number, tags: readonly [number | null, number, number]): void {
    if (fix !== null && len <= fixMax) this.bytes(fix | len);
    else if (tags[0] !== null && len <= 0xff) this.be(tags[0], len, 1, false);
    else if (len <= 0xffff) this.be(tags[1], len, 2, false);
    else this.be(tags[2], len, 4, false);
  }

  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.header(b.byteLength, 0xa0, 31, [0xd9, 0xda, 0xdb]);
    this.raw(b);
  }

  bin(b: Uint8Array): void {
    this.header(b.byteLength, null, 0, [0xc4, 0xc5, 0xc6]);
    this.raw(b);
  }

  arrayHeader(n: number): void {
    this.header(n, 0x90, 15, [null, 0xdc, 0xdd]);
  }

  mapHeader(n: number): void {
    this.header(n, 0x80, 15, [null, 0xde, 0xdf]);
  }

  binKey(name: string): void {
    this.bin(Buffer.from(name, 'latin1'));
  }

  value(v: MsgValue): void {
    if (v === null) this.bytes(0xc0);
    else if (typeof v === 'boolean') this.bytes(v ? 0xc3 : 0xc2);
    else if (typeof v === 'bigint') this.int(v);
    else if (typeof v === 'number') Number.isSafeInteger(v) && !Object.is(v, -0) ? this.int(v) : this.float64(v);
    else if (typeof v === 'string') this.str(v);
    else if (v instanceof PyFloat) this.float64(v.value);
    else if (v instanceof Uint8Array) this.bin(v);
    else if (isNdArray(v)) this.ndarray(v);
    else if (isNpScalar(v)) this.npScalar(v);
    else if (Array.isArray(v)) {
      this.arrayHeader(v.length);
      for (const x of v as readonly MsgValue[]) this.value(x);
    } else {
      const entries = Object.entries(v as Record<string, MsgValue>);
      this.mapHeader(entries.length);
      for (const [k, x] of entries) {
        this.str(k);
        this.value(x);
      }
    }
  }

  private ndarray(nd: NdArray): void {
    rejectKinds(nd.dtype);
    checkNdArray(nd);
    this.mapHeader(4);
    this.binKey('__ndarray__');
    this.bytes(0xc3);
    this.binKey('data');
    this.bin(nd.data);
    this.binKey('dtype');
    this.str(nd.dtype);
    this.binKey('shape');
    this.arrayHeader(nd.shape.length);
    for (const d of nd.shape) this.int(d);
  }

  private npScalar(s: NpScalar): void {
    rejectKinds(s.dtype);
    const { kind } = parseDtype(s.dtype);
    this.mapHeader(3);
    this.binKey('__npgeneric__');
    this.bytes(0xc3);
    this.binKey('data');
    // item() gives a Python float for kind f, so it is always a float64 on the wire.
    if (kind === 'f') this.float64(Number(s.value));
    else this.value(s.value);
    this.binKey('dtype');
    this.str(s.dtype);
  }

  concat(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.chunks));
  }
}

/** `msgpack_numpy.packb`: byte-identical to openpi-client's Python packer. */
export function packb(value: MsgValue): Uint8Array {
  const w = new Writer();
  w.value(value);
  return w.concat();
}

/** Decoded values: arrays as `NdArray`, numpy scalars as `NpScalar`, bin as `Uint8Array`. */
export type MsgDecoded =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | NdArray
  | NpScalar
  | MsgDecoded[]
  | { [k: string]: MsgDecoded };

// A bin key becomes this prefix + its latin1 text, so str and bin keys of the same name stay apart.
const BIN_KEY = '\u0000bin:';

const decoder = new Decoder({
  mapKeyConverter: (key: unknown) => {
    if (typeof key === 'string' || typeof key === 'number') return key;
    if (key instanceof Uint8Array) return BIN_KEY + Buffer.from(key).toString('latin1');
    throw new CodecError(`unsupported msgpack map key of type ${typeof key}`);
  },
});

/** Deeper answers are refused: openpi answers are a few levels deep, and `fromTree` is recursive. */
export const MAX_MSGPACK_DEPTH = 64;

function fromTree(v: unknown, depth = 0): MsgDecoded {
  if (v === null || typeof v !== 'object') return v as MsgDecoded;
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (depth > MAX_MSGPACK_DEPTH) throw new CodecError(`the message is nested deeper than ${MAX_MSGPACK_DEPTH} levels`);
  if (Array.isArray(v)) return v.map((x: unknown) => fromTree(x, depth + 1));
  const obj = v as Record<string, unknown>;
  if (Object.hasOwn(obj, `${BIN_KEY}__ndarray__`)) {
    const data = obj[`${BIN_KEY}data`];
    const dtype = obj[`${BIN_KEY}dtype`];
    const shape = obj[`${BIN_KEY}shape`];
    if (!(data instanceof Uint8Array) || typeof dtype !== 'string' || !Array.isArray(shape) || !shape.every((d) => Number.isInteger(d))) {
      throw new CodecError('malformed __ndarray__ map');
    }
    const nd = makeNdArray(dtype, shape as number[], new Uint8Array(data));
    checkNdArray(nd);
    return nd;
  }
  if (Object.hasOwn(obj, `${BIN_KEY}__npgeneric__`)) {
    const data = obj[`${BIN_KEY}data`];
    const dtype = obj[`${BIN_KEY}dtype`];
    if (typeof dtype !== 'string' || !(typeof data === 'number' || typeof data === 'bigint' || typeof data === 'boolean')) {
      throw new CodecError('malformed __npgeneric__ map');
    }
    parseDtype(dtype);
    return npScalar(dtype, data);
  }
  // Other bin keys surface as their text (lossy if a map mixes str and bin keys of one name).
  return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k.startsWith(BIN_KEY) ? k.slice(BIN_KEY.length) : k, fromTree(x, depth + 1)]));
}

/** `msgpack_numpy.unpackb`. Throws `CodecError` on malformed input. */
export function unpackb(bytes: Uint8Array): MsgDecoded {
  let tree: unknown;
  try {
    tree = decoder.decode(bytes);
  } catch (e) {
    if (e instanceof CodecError) throw e;
    throw new CodecError(`invalid msgpack: ${(e as Error).message}`);
  }
  return fromTree(tree);
}

export { isNpScalar };
