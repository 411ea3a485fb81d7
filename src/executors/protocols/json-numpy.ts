import { z } from 'zod';
import { CodecError } from './errors.js';
import { checkNdArray, isNdArray, makeNdArray, parseDtype } from './ndarray.js';
import type { NdArray } from './ndarray.js';
import { pyDumps } from './py-json.js';
import type { PyJson, PyJsonStyle } from './py-json.js';
import { PyFloat } from './py-json.js';

/**
 * json_numpy (PROTOCOLS.md §1.4), the array encoding of OpenVLA and OpenVLA-OFT:
 * `{"__numpy__": base64(raw C-order bytes), "dtype": descr, "shape": [..]}`. Any JSON object with a
 * `__numpy__` key is an array (upstream tests `"__numpy__" in dct`).
 */
export type JsonNumpyValue =
  | null
  | boolean
  | number
  | string
  | PyFloat
  | NdArray
  | readonly JsonNumpyValue[]
  | { readonly [k: string]: JsonNumpyValue };

/** Decoded values: the same, with arrays as `NdArray` (shape `[]` for numpy scalars). */
export type JsonNumpyDecoded =
  | null
  | boolean
  | number
  | string
  | NdArray
  | JsonNumpyDecoded[]
  | { [k: string]: JsonNumpyDecoded };

/** Deeper answers are refused: policy answers are a few levels deep, and walking them is recursive. */
export const MAX_JSON_NUMPY_DEPTH = 64;

/**
 * Standard padded base64, checked in one pass. A regular expression with a repeated group
 * backtracks once per group and overflows the regexp stack on a multi-megabyte array.
 */
export function isPaddedBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  for (let i = 0; i < s.length - pad; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

const NumpyObjectSchema = z.object({
  __numpy__: z.string().refine(isPaddedBase64, 'not standard padded base64'),
  dtype: z.string(),
  shape: z.array(z.number().int().nonnegative()),
});

function toPyJson(v: JsonNumpyValue): PyJson {
  if (v === null || typeof v !== 'object' || v instanceof PyFloat) return v;
  if (isNdArray(v)) {
    checkNdArray(v);
    // Key order is json_numpy's: __numpy__, dtype, shape.
    return { __numpy__: Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength).toString('base64'), dtype: v.dtype, shape: [...v.shape] };
  }
  if (Array.isArray(v)) return v.map((x: JsonNumpyValue) => toPyJson(x));
  const out: Record<string, PyJson> = {};
  for (const [k, x] of Object.entries(v as Record<string, JsonNumpyValue>)) out[k] = toPyJson(x);
  return out;
}

/** `json_numpy.dumps`: default separators unless `compact` (what Starlette responses use). */
export function encodeJsonNumpy(value: JsonNumpyValue, style: PyJsonStyle = 'default'): string {
  return pyDumps(toPyJson(value), style);
}

function fromNumpyObject(raw: unknown): NdArray {
  const parsed = NumpyObjectSchema.safeParse(raw);
  if (!parsed.success) throw new CodecError(`malformed __numpy__ object: ${parsed.error.message}`);
  const { __numpy__: b64, dtype, shape } = parsed.data;
  const dt = parseDtype(dtype);
  const bytes = new Uint8Array(Buffer.from(b64, 'base64'));
  if (shape.length === 0) {
    // Upstream decodes with frombuffer(...)[0]: a scalar takes the first element.
    if (bytes.byteLength < dt.itemsize) throw new CodecError(`scalar of dtype ${dtype} needs ${dt.itemsize} bytes`);
    return makeNdArray(dtype, [], bytes.slice(0, dt.itemsize));
  }
  const nd = makeNdArray(dtype, shape, bytes);
  checkNdArray(nd);
  return nd;
}

/** Objects with a `__numpy__` key become arrays, bottom-up like json_numpy's object hook. */
function withArrays(value: unknown, depth: number): JsonNumpyDecoded {
  if (typeof value !== 'object' || value === null) return value as JsonNumpyDecoded;
  if (depth > MAX_JSON_NUMPY_DEPTH) throw new CodecError(`the answer is nested deeper than ${MAX_JSON_NUMPY_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((v: unknown) => withArrays(v, depth + 1));
  if (Object.hasOwn(value, '__numpy__')) return fromNumpyObject(value);
  // fromEntries defines properties, so a "__proto__" key stays an ordinary key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withArrays(v, depth + 1)]));
}

/** `json_numpy.loads`. Throws `CodecError` for invalid JSON, malformed `__numpy__` objects or deep nesting. */
export function decodeJsonNumpy(text: string): JsonNumpyDecoded {
  let parsed: unknown;
  try {
    // No reviver: V8's reviver walk is recursive, its plain parse is not.
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CodecError(`invalid JSON: ${(e as Error).message}`);
  }
  return withArrays(parsed, 0);
}

/**
 * OpenVLA's "double-encoded" request: `{"encoded": "<json_numpy text of the payload>"}` for clients
 * that cannot install json_numpy (§1.2). The outer object uses `requests`' default separators.
 */
export function encodeDoubleEncoded(payload: JsonNumpyValue): string {
  return pyDumps({ encoded: encodeJsonNumpy(payload) });
}

/** Reads an "encoded"-mode response: a JSON string whose content is json_numpy text. */
export function decodeDoubleEncoded(text: string): JsonNumpyDecoded {
  let outer: unknown;
  try {
    outer = JSON.parse(text);
  } catch (e) {
    throw new CodecError(`invalid JSON: ${(e as Error).message}`);
  }
  if (typeof outer !== 'string') throw new CodecError('an encoded-mode response must be a JSON string');
  return decodeJsonNumpy(outer);
}
