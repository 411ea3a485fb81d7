import { describe, expect, it } from 'vitest';
import { CodecError } from './errors.js';
import { ACTION7, JSON_NUMPY } from './fixtures/vectors.js';
import { decodeDoubleEncoded, decodeJsonNumpy, encodeDoubleEncoded, encodeJsonNumpy } from './json-numpy.js';
import { isNdArray, ndarray, scalar, toNumbers, toTypedArray } from './ndarray.js';
import type { NdArray } from './ndarray.js';
import { PyFloat, pyDumps, pyFloatRepr } from './py-json.js';

const actRequest = () => ({
  image: ndarray(new Uint8Array(12), [2, 2, 3]),
  instruction: 'pick up the red mug',
  unnorm_key: 'bridge_orig',
});

describe('json_numpy encoder (§8.1 vectors)', () => {
  it('uint8 3-d', () => {
    expect(encodeJsonNumpy(ndarray(Uint8Array.of(1, 2, 3, 4, 5, 6), [2, 1, 3]))).toBe(JSON_NUMPY.uint8_2x1x3);
  });
  it('float64 7-DoF action, default and compact separators', () => {
    expect(encodeJsonNumpy(ndarray(Float64Array.from(ACTION7)))).toBe(JSON_NUMPY.float64_action7);
    expect(encodeJsonNumpy(ndarray(Float64Array.from(ACTION7)), 'compact')).toBe(JSON_NUMPY.actResponseCompact);
  });
  it('float32 and a float32 scalar', () => {
    expect(encodeJsonNumpy(ndarray(Float32Array.of(1.5, -2)))).toBe(JSON_NUMPY.float32_2);
    expect(encodeJsonNumpy(scalar(Float32Array.of(0.5)))).toBe(JSON_NUMPY.float32_scalar);
  });
  it('/act request body', () => {
    expect(encodeJsonNumpy(actRequest())).toBe(JSON_NUMPY.actRequest);
  });
  it('double-encoded request', () => {
    expect(encodeDoubleEncoded(actRequest())).toBe(JSON_NUMPY.doubleEncodedRequest);
  });
  it('double-encoded response is a JSON string of json_numpy text', () => {
    expect(JSON.stringify(encodeJsonNumpy(ndarray(Float64Array.from(ACTION7))))).toBe(JSON_NUMPY.doubleEncodedResponse);
  });
});

describe('json_numpy decoder (§8.1 vectors)', () => {
  it('uint8 3-d', () => {
    const nd = decodeJsonNumpy(JSON_NUMPY.uint8_2x1x3) as NdArray;
    expect(nd.shape).toEqual([2, 1, 3]);
    expect(toNumbers(nd)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('float64 action from both separator styles', () => {
    for (const text of [JSON_NUMPY.float64_action7, JSON_NUMPY.actResponseCompact]) {
      const nd = decodeJsonNumpy(text) as NdArray;
      expect(toTypedArray(nd)).toBeInstanceOf(Float64Array);
      expect(toNumbers(nd)).toEqual([...ACTION7]);
      expect(encodeJsonNumpy(nd)).toBe(JSON_NUMPY.float64_action7);
    }
  });
  it('float32 and scalar', () => {
    expect(toNumbers(decodeJsonNumpy(JSON_NUMPY.float32_2) as NdArray)).toEqual([1.5, -2]);
    const s = decodeJsonNumpy(JSON_NUMPY.float32_scalar) as NdArray;
    expect(s.shape).toEqual([]);
    expect(toNumbers(s)).toEqual([0.5]);
    expect(encodeJsonNumpy(s)).toBe(JSON_NUMPY.float32_scalar);
  });
  it('request body round-trips', () => {
    const body = decodeJsonNumpy(JSON_NUMPY.actRequest) as Record<string, unknown>;
    expect(isNdArray(body.image)).toBe(true);
    expect(body.instruction).toBe('pick up the red mug');
    expect(encodeJsonNumpy(body as Parameters<typeof encodeJsonNumpy>[0])).toBe(JSON_NUMPY.actRequest);
  });
  it('double-encoded request and response', () => {
    const outer = JSON.parse(JSON_NUMPY.doubleEncodedRequest) as { encoded: string };
    expect(encodeJsonNumpy(decodeJsonNumpy(outer.encoded) as Parameters<typeof encodeJsonNumpy>[0])).toBe(JSON.parse(JSON_NUMPY.doubleEncodedRequest).encoded);
    expect(toNumbers(decodeDoubleEncoded(JSON_NUMPY.doubleEncodedResponse) as NdArray)).toEqual([...ACTION7]);
  });
  it('negative cases', () => {
    expect(() => decodeJsonNumpy('{"__numpy__": "AQID", "dtype": "<f8", "shape": [3]}')).toThrow(CodecError);
    expect(() => decodeJsonNumpy('{"__numpy__": "not base64!", "dtype": "|u1", "shape": [1]}')).toThrow(CodecError);
    expect(() => decodeJsonNumpy('{"__numpy__": "AQID", "dtype": "uint8", "shape": [3]}')).toThrow(CodecError);
    expect(() => decodeJsonNumpy('{"__numpy__": "AQID", "dtype": "|u1"}')).toThrow(CodecError);
    expect(() => decodeJsonNumpy('{')).toThrow(CodecError);
    expect(() => decodeDoubleEncoded(JSON_NUMPY.actResponseCompact)).toThrow(CodecError);
    // An object without the key is just an object, even with dtype/shape fields.
    expect(isNdArray(decodeJsonNumpy('{"dtype": "|u1", "shape": [1]}'))).toBe(false);
  });
  it('big-endian arrays decode to host values', () => {
    const nd = decodeJsonNumpy('{"__numpy__": "P8AAAA==", "dtype": ">f4", "shape": [1]}') as NdArray;
    expect(toNumbers(nd)).toEqual([1.5]);
  });
});

describe('Python json.dumps compatibility', () => {
  it('escapes like ensure_ascii', () => {
    expect(pyDumps({ a: 'caf\u00e9 "q" \\ \n\u007f' })).toBe('{"a": "caf\\u00e9 \\"q\\" \\\\ \\n\\u007f"}');
  });
  it('writes floats like Python repr', () => {
    expect([1e-5, 0.0001, 1e16, 123456.5, -2.5e-7, 1.5].map(pyFloatRepr)).toEqual(['1e-05', '0.0001', '1e+16', '123456.5', '-2.5e-07', '1.5']);
    expect(pyDumps([new PyFloat(1), 1, 0.1])).toBe('[1.0, 1, 0.1]');
    expect(() => pyDumps(Number.NaN)).toThrow(CodecError);
  });
});

describe('json_numpy decoder on large and deep input', () => {
  it('decodes a 20 MB array without overflowing the stack', () => {
    const n = (20 * 1024 * 1024) / 8;
    const values = new Float64Array(n).fill(0.25);
    values[n - 1] = 7;
    const b64 = Buffer.from(values.buffer).toString('base64');
    const nd = decodeJsonNumpy(`{"__numpy__": "${b64}", "dtype": "<f8", "shape": [${n}]}`) as NdArray;
    expect(nd.shape).toEqual([n]);
    const back = toTypedArray(nd);
    expect([back.length, back[0], back[n - 1]]).toEqual([n, 0.25, 7]);
  });

  it('refuses nesting deeper than its bound with a CodecError, not a stack overflow', () => {
    const depth = 1_000_000;
    const err = (() => {
      try {
        decodeJsonNumpy('['.repeat(depth) + ']'.repeat(depth));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(CodecError);
    expect((err as Error).message).toMatch(/nested deeper than 64 levels/);
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const out = decodeJsonNumpy('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__']);
  });
});

