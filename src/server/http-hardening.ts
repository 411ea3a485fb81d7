import type { Server } from 'node:http';

/** Time a client has to send a request's headers. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
/** Time a client has to send a whole request, body included (bodies are at most a few hundred KiB). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface HttpTimeouts {
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
}

function positiveMs(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0 || value > 3_600_000) throw new Error(`${name} must be a whole number of milliseconds in 1..3600000 (got ${value})`);
  return value;
}

/**
 * Bounds how long a client may take to send a request, so a client that announces more body than it
 * sends (or trickles its headers) cannot hold a socket for Node's defaults of minutes: past the limit
 * Node answers 408 and closes the connection. The limits cover receiving the request only, so a
 * response that streams for hours (server-sent events) is not cut. Call before `listen()`: Node reads
 * the interval at which it checks them when the server starts listening.
 */
export function hardenHttpServer(server: Server, opts: HttpTimeouts = {}): void {
  if (server.listening) throw new Error('hardenHttpServer must be called before the server listens');
  const headers = positiveMs(opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS, 'headersTimeoutMs');
  const request = positiveMs(opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, 'requestTimeoutMs');
  if (headers > request) throw new Error(`headersTimeoutMs (${headers}) may not exceed requestTimeoutMs (${request})`);
  server.headersTimeout = headers;
  server.requestTimeout = request;
  // Node checks both limits every `connectionsCheckingInterval` (30 s by default), which would let a
  // 10 s limit last 40 s: check often enough that they mean what they say.
  const checked = server as Server & { connectionsCheckingInterval: number };
  checked.connectionsCheckingInterval = Math.min(1000, Math.max(10, Math.floor(headers / 4)));
}
