import { CodecError } from './errors.js';

/**
 * A numpy array as it travels on the wire: the dtype descr (`"|u1"`, `"<f4"`, …), the shape, and the
 * raw C-order bytes in the byte order the descr names. Keeping the raw bytes (instead of converting to
 * a JS typed array on decode) lets every dtype round-trip exactly, including ones JS has no array for
 * (`<f2`, `<U2`, `<c16`). A shape of `[]` is a 0-d array, which is how json_numpy sends numpy scalars.
 */
export interface NdArray {
  /** Brand: plain objects that merely have `dtype`/`shape`/`data` fields are not arrays. */
  readonly [NDARRAY]: true;
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const NDARRAY: unique symbol = Symbol('ndarray');

/** Makes an ndarray from raw wire bytes (not copied). Call `checkNdArray` to validate sizes. */
export function makeNdArray(dtype: string, shape: readonly number[], data: Uint8Array): NdArray {
  return { [NDARRAY]: true, dtype, shape: [...shape], data };
}

export type NumericTypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

export interface Dtype {
  /** `<` little, `>` big, `|` not applicable; `=` (native) is read as little. */
  order: '<' | '>' | '|';
  /** numpy kind letter: b i u f c U S V O M m. */
  kind: string;
  itemsize: number;
}

const DESCR = /^([<>|=])([biufcUSVOMm])(\d+)$/;

export function parseDtype(descr: string): Dtype {
  const m = DESCR.exec(descr);
  if (!m) throw new CodecError(`not a numpy dtype descr: ${JSON.stringify(descr)}`);
  const [, order = '|', kind = '', size = '0'] = m;
  let itemsize = Number(size);
  // numpy counts unicode strings in characters of 4 bytes each.
  if (kind === 'U') itemsize *= 4;
  return { order: order === '=' ? '<' : (order as Dtype['order']), kind, itemsize };
}

export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function descrOf(ta: NumericTypedArray): string {
  const e = HOST_LITTLE_ENDIAN ? '<' : '>';
  if (ta instanceof Uint8Array) return '|u1';
  if (ta instanceof Int8Array) return '|i1';
  if (ta instanceof Uint16Array) return `${e}u2`;
  if (ta instanceof Int16Array) return `${e}i2`;
  if (ta instanceof Uint32Array) return `${e}u4`;
  if (ta instanceof Int32Array) return `${e}i4`;
  if (ta instanceof Float32Array) return `${e}f4`;
  if (ta instanceof Float64Array) return `${e}f8`;
  if (ta instanceof BigInt64Array) return `${e}i8`;
  return `${e}u8`;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Wraps a typed array as an ndarray (copying its bytes). `shape` defaults to 1-d. */
export function ndarray(values: NumericTypedArray, shape: readonly number[] = [values.length]): NdArray {
  if (elementCount(shape) !== values.length) {
    throw new CodecError(`shape [${shape.join(', ')}] does not hold ${values.length} elements`);
  }
  const data = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
  return makeNdArray(descrOf(values), shape, data);
}

/** A numpy bool array (`|b1`, one byte per element). */
export function boolArray(values: readonly boolean[], shape: readonly number[] = [values.length]): NdArray {
  if (elementCount(shape) !== values.length) throw new CodecError('shape does not match the number of booleans');
  return makeNdArray('|b1', shape, Uint8Array.from(values, (v) => (v ? 1 : 0)));
}

/** A 0-d array: what json_numpy makes of a numpy scalar. */
export function scalar(values: NumericTypedArray): NdArray {
  if (values.length !== 1) throw new CodecError('a scalar needs exactly one element');
  const nd = ndarray(values);
  return makeNdArray(nd.dtype, [], nd.data);
}

/** Checks that the byte count matches dtype × shape; throws `CodecError` otherwise. */
export function checkNdArray(nd: NdArray): Dtype {
  const dt = parseDtype(nd.dtype);
  for (const d of nd.shape) {
    if (!Number.isInteger(d) || d < 0) throw new CodecError(`bad dimension ${d} in shape`);
  }
  const want = elementCount(nd.shape) * dt.itemsize;
  if (nd.data.byteLength !== want) {
    throw new CodecError(`dtype ${nd.dtype} shape [${nd.shape.join(', ')}] needs ${want} bytes, got ${nd.data.byteLength}`);
  }
  return dt;
}

/** Host-order, aligned copy of the bytes (wire bytes can be unaligned and of either byte order). */
function hostBytes(nd: NdArray, dt: Dtype): ArrayBuffer {
  const out = new Uint8Array(nd.data.byteLength);
  out.set(nd.data);
  const swap = dt.itemsize > 1 && (dt.order === '<') !== HOST_LITTLE_ENDIAN && dt.order !== '|';
  if (swap) {
    for (let i = 0; i < out.length; i += dt.itemsize) out.subarray(i, i + dt.itemsize).reverse();
  }
  return out.buffer;
}

/** The elements as a JS typed array of the matching type. Throws for dtypes JS has no array for. */
export function toTypedArray(nd: NdArray): NumericTypedArray {
  const dt = checkNdArray(nd);
  const buf = hostBytes(nd, dt);
  const key = `${dt.kind}${dt.itemsize}`;
  switch (key) {
    case 'u1':
    case 'b1':
      return new Uint8Array(buf);
    case 'i1':
      return new Int8Array(buf);
    case 'u2':
      return new Uint16Array(buf);
    case 'i2':
      return new Int16Array(buf);
    case 'u4':
      return new Uint32Array(buf);
    case 'i4':
      return new Int32Array(buf);
    case 'f4':
      return new Float32Array(buf);
    case 'f8':
      return new Float64Array(buf);
    case 'i8':
      return new BigInt64Array(buf);
    case 'u8':
      return new BigUint64Array(buf);
    default:
      throw new CodecError(`dtype ${nd.dtype} has no JS typed array`);
  }
}

/** The elements as plain numbers, C order (64-bit integers are converted, possibly losing precision). */
export function toNumbers(nd: NdArray): number[] {
  const ta = toTypedArray(nd);
  return Array.from(ta as ArrayLike<number | bigint>, (v) => Number(v));
}

/** Rows of a 2-d array (or a 1-d array as one row): how action chunks are consumed. */
export function toRows(nd: NdArray): number[][] {
  const flat = toNumbers(nd);
  if (nd.shape.length === 1) return [flat];
  if (nd.shape.length !== 2) throw new CodecError(`expected a 1-d or 2-d array, got shape [${nd.shape.join(', ')}]`);
  const [rows = 0, cols = 0] = nd.shape;
  return Array.from({ length: rows }, (_, r) => flat.slice(r * cols, (r + 1) * cols));
}

export function isNdArray(v: unknown): v is NdArray {
  return typeof v === 'object' && v !== null && (v as Partial<NdArray>)[NDARRAY] === true;
}
