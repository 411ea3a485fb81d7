import { CodecError } from './errors.js';

/**
 * JSON text exactly as Python's `json.dumps` writes it (ensure_ascii, key order kept), so requests
 * match what the upstream clients send byte for byte. `default` separators are `", "` / `": "`
 * (json.dumps, `requests`); `compact` are `","` / `":"` (Starlette's JSONResponse).
 */
export type PyJsonStyle = 'default' | 'compact';

export type PyJson = null | boolean | number | string | PyFloat | readonly PyJson[] | { readonly [k: string]: PyJson };

/** A number Python holds as a float even when integral: written `1.0`, not `1`. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export function pyDumps(value: PyJson, style: PyJsonStyle = 'default'): string {
  const [item, kv] = style === 'default' ? [', ', ': '] : [',', ':'];
  const out: string[] = [];
  const write = (v: PyJson): void => {
    if (v === null) out.push('null');
    else if (v === true) out.push('true');
    else if (v === false) out.push('false');
    else if (typeof v === 'number') out.push(Number.isInteger(v) ? pyInt(v) : pyFloatRepr(v));
    else if (typeof v === 'string') out.push(pyString(v));
    else if (v instanceof PyFloat) out.push(pyFloatRepr(v.value));
    else if (Array.isArray(v)) {
      out.push('[');
      v.forEach((x: PyJson, i: number) => {
        if (i > 0) out.push(item);
        write(x);
      });
      out.push(']');
    } else {
      out.push('{');
      Object.entries(v as Record<string, PyJson>).forEach(([k, x], i) => {
        if (i > 0) out.push(item);
        out.push(pyString(k), kv);
        write(x);
      });
      out.push('}');
    }
  };
  write(value);
  return out.join('');
}

function pyInt(v: number): string {
  if (!Number.isSafeInteger(v)) return pyFloatRepr(v);
  return Object.is(v, -0) ? '0' : String(v);
}

/** Python's float repr: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pyFloatRepr(v: number): string {
  // Python would write NaN/Infinity, which is not JSON and no upstream server parses back reliably.
  if (!Number.isFinite(v)) throw new CodecError(`cannot write non-finite number ${v} as JSON`);
  const [mant = '0', expStr] = v.toExponential().split('e');
  const exp = Number(expStr);
  const sign = mant.startsWith('-') ? '-' : '';
  const digits = mant.replace('-', '').replace('.', '');
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
}

/** Python's `ensure_ascii` escaping: everything outside space..tilde becomes `\uXXXX` (lowercase hex). */
export function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c > 0x7e) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}
