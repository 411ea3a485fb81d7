export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface JsonIssue {
  path: (string | number)[];
  message: string;
}

export type JsonResult = { ok: true; value: JsonObject; bytes: number } | { ok: false; issues: JsonIssue[] };

/** Deep enough for any real payload; deeper input is almost certainly a cycle or a mistake. */
const MAX_DEPTH = 64;

/**
 * Clones `value` into plain JSON, refusing what JSON.stringify would silently change (NaN → null,
 * Date → string, Map → {}), so a trace never records something other than what the caller meant.
 */
export function toJsonObject(value: unknown, maxBytes: number): JsonResult {
  if (!isPlainObject(value)) return { ok: false, issues: [{ path: [], message: 'data must be a plain JSON object' }] };
  const issues: JsonIssue[] = [];
  const cloned = clone(value, [], 0, issues);
  if (issues.length > 0 || !isPlainObject(cloned)) return { ok: false, issues };
  const bytes = Buffer.byteLength(JSON.stringify(cloned), 'utf8');
  if (bytes > maxBytes) {
    return { ok: false, issues: [{ path: [], message: `data is ${bytes} bytes of JSON, over the ${maxBytes}-byte limit` }] };
  }
  return { ok: true, value: cloned as JsonObject, bytes };
}

function clone(value: unknown, path: (string | number)[], depth: number, issues: JsonIssue[]): JsonValue | undefined {
  if (issues.length > 0) return undefined;
  if (depth > MAX_DEPTH) {
    issues.push({ path, message: `nested deeper than ${MAX_DEPTH} levels (a cycle?)` });
    return undefined;
  }
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    issues.push({ path, message: `number ${value} is not representable in JSON` });
    return undefined;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      const c = clone(item, [...path, i], depth + 1, issues);
      // JSON.stringify writes undefined array items as null; refuse instead of changing the array.
      if (c === undefined && issues.length === 0) issues.push({ path: [...path, i], message: 'undefined is not a JSON value' });
      return c ?? null;
    });
  }
  if (isPlainObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const c = clone(v, [...path, k], depth + 1, issues);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  issues.push({ path, message: `${describe(value)} is not a JSON value` });
  return undefined;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (typeof value === 'object' && value !== null) return value.constructor?.name ?? 'object';
  return typeof value;
}
