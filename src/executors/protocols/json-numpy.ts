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

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const NumpyObjectSchema = z.object({
  __numpy__: z.string().regex(BASE64, 'not standard padded base64'),
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

/** `json_numpy.loads`. Throws `CodecError` for invalid JSON or malformed `__numpy__` objects. */
export function decodeJsonNumpy(text: string): JsonNumpyDecoded {
  let codecError: CodecError | undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, '__numpy__')) {
        try {
          return fromNumpyObject(value);
        } catch (e) {
          codecError ??= e instanceof CodecError ? e : new CodecError(String(e));
          return null;
        }
      }
      return value;
    });
  } catch (e) {
    throw new CodecError(`invalid JSON: ${(e as Error).message}`);
  }
  if (codecError) throw codecError;
  return parsed as JsonNumpyDecoded;
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
