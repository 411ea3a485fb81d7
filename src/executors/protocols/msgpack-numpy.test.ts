import { describe, expect, it } from 'vitest';
import { CodecError, UnsupportedDtypeError } from './errors.js';
import { MSGPACK_HEX, MSGPACK_STR_KEYED_HEX } from './fixtures/vectors.js';
import { packb, npScalar, unpackb } from './msgpack-numpy.js';
import { isNdArray, makeNdArray, ndarray, toNumbers, toRows } from './ndarray.js';
import type { NdArray } from './ndarray.js';
import { PyFloat } from './py-json.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

describe('msgpack_numpy encoder (§8.2 vectors)', () => {
  it('uint8 array', () => {
    expect(hex(packb(ndarray(Uint8Array.of(1, 2, 3))))).toBe(MSGPACK_HEX.uint8_3);
  });
  it('float32 2-d array', () => {
    expect(hex(packb(ndarray(Float32Array.of(1, 2), [1, 2])))).toBe(MSGPACK_HEX.float32_1x2);
  });
  it('numpy float32 scalar is a float64 item', () => {
    expect(hex(packb(npScalar('<f4', 0.5)))).toBe(MSGPACK_HEX.float32_scalar);
  });
  it('observation with str keys and a float64 state', () => {
    const obs = { 'observation/state': ndarray(Float64Array.of(0, 1)), prompt: 'pick up the red mug' };
    expect(hex(packb(obs))).toBe(MSGPACK_HEX.observation);
  });
  it('server response', () => {
    const resp = {
      actions: ndarray(new Float32Array(14), [2, 7]),
      policy_timing: { infer_ms: 12.5 },
      server_timing: { infer_ms: new PyFloat(13) },
    };
    expect(hex(packb(resp))).toBe(MSGPACK_HEX.response);
  });
  it('empty metadata', () => {
    expect(hex(packb({}))).toBe(MSGPACK_HEX.emptyMetadata);
  });
  it('rejects void, object and complex dtypes with a typed error', () => {
    const bad = makeNdArray('<c8', [1], new Uint8Array(8));
    expect(() => packb(bad)).toThrow(UnsupportedDtypeError);
    expect(() => packb(makeNdArray('|V4', [1], new Uint8Array(4)))).toThrow(UnsupportedDtypeError);
    expect(() => packb(makeNdArray('|O8', [1], new Uint8Array(8)))).toThrow(UnsupportedDtypeError);
    expect(() => packb(npScalar('<c16', 0))).toThrow(UnsupportedDtypeError);
  });
  it('rejects arrays whose bytes do not match the shape', () => {
    expect(() => packb(makeNdArray('<f4', [3], new Uint8Array(8)))).toThrow(CodecError);
  });
});

describe('msgpack_numpy decoder (§8.2 vectors)', () => {
  it('uint8 array', () => {
    const nd = unpackb(bytes(MSGPACK_HEX.uint8_3));
    expect(isNdArray(nd)).toBe(true);
    expect(nd).toMatchObject({ dtype: '|u1', shape: [3] });
    expect(toNumbers(nd as NdArray)).toEqual([1, 2, 3]);
  });
  it('float32 2-d array', () => {
    const nd = unpackb(bytes(MSGPACK_HEX.float32_1x2)) as NdArray;
    expect(nd.shape).toEqual([1, 2]);
    expect(toRows(nd)).toEqual([[1, 2]]);
  });
  it('scalar', () => {
    expect(unpackb(bytes(MSGPACK_HEX.float32_scalar))).toEqual(npScalar('<f4', 0.5));
  });
  it('observation', () => {
    const obs = unpackb(bytes(MSGPACK_HEX.observation)) as Record<string, unknown>;
    expect(obs.prompt).toBe('pick up the red mug');
    const state = obs['observation/state'] as NdArray;
    expect(state.dtype).toBe('<f8');
    expect(toNumbers(state)).toEqual([0, 1]);
  });
  it('response, and re-encodes to the same bytes', () => {
    const resp = unpackb(bytes(MSGPACK_HEX.response)) as Record<string, unknown>;
    const actions = resp.actions as NdArray;
    expect(actions.shape).toEqual([2, 7]);
    expect(toRows(actions)).toEqual([Array(7).fill(0), Array(7).fill(0)]);
    expect(resp.policy_timing).toEqual({ infer_ms: 12.5 });
    const again = { ...resp, server_timing: { infer_ms: new PyFloat(13) } } as Parameters<typeof packb>[0];
    expect(hex(packb(again))).toBe(MSGPACK_HEX.response);
  });
  it('empty metadata', () => {
    expect(unpackb(bytes(MSGPACK_HEX.emptyMetadata))).toEqual({});
  });
  it('NEGATIVE: a str-keyed __ndarray__ map is a plain dict, not an array', () => {
    const plain = { __ndarray__: true, data: Uint8Array.of(1, 2, 3), dtype: '|u1', shape: [3] };
    expect(hex(packb(plain))).toBe(MSGPACK_STR_KEYED_HEX);
    const back = unpackb(bytes(MSGPACK_STR_KEYED_HEX));
    expect(isNdArray(back)).toBe(false);
    expect(back).toEqual({ __ndarray__: true, data: Uint8Array.of(1, 2, 3), dtype: '|u1', shape: [3] });
  });
  it('malformed input is a CodecError', () => {
    expect(() => unpackb(bytes('c1'))).toThrow(CodecError);
    // bin-keyed __ndarray__ map without data
    expect(() => unpackb(bytes('81c40b5f5f6e6461727261795f5fc3'))).toThrow(CodecError);
  });
  it('integers use the smallest encoding, like Python msgpack', () => {
    expect(hex(packb([0, 127, 128, 255, 256, 65536, -1, -32, -33, -129, 2 ** 33]))).toBe(
      '9b' + '00' + '7f' + 'cc80' + 'ccff' + 'cd0100' + 'ce00010000' + 'ff' + 'e0' + 'd0df' + 'd1ff7f' + 'cf0000000200000000',
    );
  });
});

describe('msgpack_numpy decoder on deep input', () => {
  it('refuses nesting deeper than its bound with a CodecError, not a stack overflow', () => {
    const depth = 2_000_000;
    const nested = new Uint8Array(depth + 1).fill(0x91); // fixarray of one element, `depth` times
    nested[depth] = 0xc0;
    expect(() => unpackb(nested)).toThrow(CodecError);
    expect(() => unpackb(nested)).toThrow(/nested deeper than 64 levels/);
  });
});

