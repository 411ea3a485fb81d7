import { parseSseChunk } from './sse-parse.js';

const TOKEN_KEY = 'orca.token';

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}
export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

function headers(json) {
  const out = {};
  if (json) out['content-type'] = 'application/json';
  const token = getToken();
  if (token) out.authorization = `Bearer ${token}`;
  return out;
}

export class ApiError extends Error {
  /** `code` and `detail` are the server's error body (`{error: {code, message, detail}}`), when it sent one. */
  constructor(status, message, code = null, detail = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** JSON request to the orca API; throws ApiError with the server's message on non-2xx. */
export async function api(method, path, body) {
  const res = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('content-type') ?? '';
  const payload = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const msg = payload && typeof payload === 'object' ? (payload.error?.message ?? payload.message ?? payload.error ?? res.statusText) : String(payload || res.statusText);
    const err = payload && typeof payload === 'object' && payload.error && typeof payload.error === 'object' ? payload.error : {};
    throw new ApiError(res.status, typeof msg === 'string' ? msg : JSON.stringify(msg), err.code ?? null, err.detail ?? null);
  }
  return payload;
}

export async function apiText(path) {
  const res = await fetch(path, { headers: headers(false) });
  if (!res.ok) throw new ApiError(res.status, res.statusText);
  return res.text();
}

/** Lists come back either bare or wrapped (`{missions: [...]}`); accept both. */
export function asList(payload, key) {
  if (Array.isArray(payload)) return payload;
  if (payload && typeof payload === 'object') {
    if (Array.isArray(payload[key])) return payload[key];
    for (const v of Object.values(payload)) if (Array.isArray(v)) return v;
  }
  return [];
}

/** Downloads with the token header (a plain link cannot send it). */
export async function download(path, filename) {
  const res = await fetch(path, { headers: headers(false) });
  if (!res.ok) throw new ApiError(res.status, res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Server-sent events over fetch, because EventSource cannot send the bearer token. Reconnects with
 * a capped backoff until `stop()` is called; `onState` hears 'live' / 'reconnecting'.
 */
export function subscribe(path, onEvent, onState) {
  let stopped = false;
  let controller = null;
  let delay = 500;
  async function loop() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(path, { headers: { ...headers(false), accept: 'text/event-stream' }, signal: controller.signal });
        if (!res.ok || !res.body) throw new ApiError(res.status, res.statusText);
        onState('live');
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const parsed = parseSseChunk(buffer + value);
          buffer = parsed.rest;
          for (const data of parsed.events) {
            try { onEvent(JSON.parse(data)); } catch { /* a malformed event must not kill the stream */ }
          }
        }
      } catch {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
  void loop();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
