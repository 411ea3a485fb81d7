import { Agent, createServer, request } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from 'node:http';
import { openEstopStore } from '../../../agents/orchestrator/stores.js';
import { SiteLatch } from '../../domain/estop.js';
import { bearerIdentifier, requesterName, roleAllows } from '../bearer.js';
import { hardenHttpServer } from '../http-hardening.js';
import { buildGuardPolicy, guardRequest } from '../request-guard.js';
import type { GuardPolicy, GuardRefusal } from '../request-guard.js';
import type { FromGateway, GatewayData } from './protocol.js';

/** An e-stop body is one short reason; anything longer is not read. */
export const ESTOP_BODY_LIMIT = 4096;
/** How long the e-stop waits for its (optional) reason after the latch is set. */
const ESTOP_BODY_WAIT_MS = 1000;
const MAX_REASON = 2000;

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authenticate', 'proxy-authorization']);

export interface Front {
  readonly server: Server;
  /** Once listening: Host and Origin are checked against the bound address from then on. */
  bound(port: number): void;
  close(): Promise<void>;
}

/**
 * The public face of the HTTP service, in a thread of its own. It answers `POST /api/estop` itself —
 * shared latch set, journal written, then the reply — so no work of the main thread (planning,
 * simulation, a collector pause of its heap) can delay a stop. Every other request is passed through
 * to the main thread's app on a private unix socket, byte for byte, event streams included.
 */
export function startFront(data: GatewayData, send: (m: FromGateway) => void): Front {
  const latch = SiteLatch.from(data.latch);
  const identify = bearerIdentifier(data.tokens);
  const journal = data.journal ? openEstopStore(data.journal) : null;
  const agent = new Agent({ keepAlive: true });

  const tokens = data.tokens.length > 0 ? 'required' : 'none';
  let policy: GuardPolicy | null = null;

  const server = createServer((req, res) => {
    if (isEstop(req)) void estop(req, res);
    else proxy(req, res);
  });
  hardenHttpServer(server, data.timeouts);

  async function estop(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // The same Host and Origin rules as every other request (a cross-site page may not latch either);
    // the e-stop is lenient only about its body.
    const refusal = guard(req);
    if (refusal) return reply(res, refusal.status, { error: { code: refusal.code, message: refusal.message } });
    let by = requesterName(null);
    if (data.tokens.length > 0) {
      const who = identify(req.headers.authorization);
      if (!who) return reply(res, 401, { error: { code: 'unauthorized', message: 'missing or unknown bearer token' } }, { 'www-authenticate': 'Bearer realm="orca"' });
      if (!roleAllows(who.role, 'operate')) return reply(res, 403, { error: { code: 'forbidden', message: `role ${who.role} may not operate missions` } });
      by = requesterName(who);
    }
    // Safety first: every robot of the process refuses motion from here on, before the body is read.
    latch.latch();
    const reason = reasonOf(await readSmall(req, ESTOP_BODY_LIMIT, ESTOP_BODY_WAIT_MS));
    const at = new Date().toISOString();
    let recorded = false;
    let journalError: string | undefined;
    if (journal) {
      try {
        journal.record({ latched: true, by, reason, at });
        recorded = true;
      } catch (err) {
        journalError = err instanceof Error ? err.message : String(err);
      }
    }
    send({ type: 'estop', reason, by, at, recorded, ...(journalError !== undefined ? { journalError } : {}) });
    reply(res, 200, { latched: true, reason });
  }

  function proxy(req: IncomingMessage, res: ServerResponse): void {
    const upstream = request(
      { socketPath: data.upstream, method: req.method, path: req.url, headers: forwardHeaders(req), agent },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.statusMessage, stripHopByHop(up.headers));
        // Event streams must reach the client as they are written.
        res.flushHeaders();
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      if (!res.headersSent) reply(res, 502, { error: { code: 'bad_gateway', message: `the service did not answer: ${err.message}` } });
      else res.destroy();
    });
    // A client that goes away (a closed event stream, a timed-out body) ends the inner request too.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  }

  function guard(req: IncomingMessage): GuardRefusal | null {
    const active = policy ?? buildGuardPolicy({ bindHost: data.host, port: req.socket.localPort ?? data.port, allowedHosts: data.allowedHosts, tokens });
    const refusal = guardRequest({ method: 'POST', path: '/api/estop', headers: req.headers }, active);
    // Media types do not apply: an e-stop latches whatever its body.
    return refusal?.code === 'unsupported_media_type' ? null : refusal;
  }

  return {
    server,
    bound(port) {
      policy = buildGuardPolicy({ bindHost: data.host, port, allowedHosts: data.allowedHosts, tokens });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
        journal?.close();
      }),
  };
}

function isEstop(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const path = (req.url ?? '').split('?')[0]?.replace(/\/+$/, '').toLowerCase();
  return path === '/api/estop';
}

function reasonOf(body: string | null): string | null {
  if (!body) return null;
  try {
    const value: unknown = JSON.parse(body);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    const reason = (value as Record<string, unknown>)['reason'];
    return typeof reason === 'string' && reason.length <= MAX_REASON ? reason : null;
  } catch {
    return null;
  }
}

/** The body as text when it is at most `limit` bytes and arrives within `ms`; otherwise null. */
function readSmall(req: IncomingMessage, limit: number, ms: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (value: string | null): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), ms);
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(null);
      else chunks.push(chunk);
    });
    req.on('end', () => finish(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => finish(null));
  });
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

function forwardHeaders(req: IncomingMessage): IncomingHttpHeaders {
  const headers = stripHopByHop(req.headers);
  const prior = req.headers['x-forwarded-for'];
  const peer = req.socket.remoteAddress ?? 'unknown';
  headers['x-forwarded-for'] = typeof prior === 'string' && prior ? `${prior}, ${peer}` : peer;
  return headers;
}

function stripHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k.toLowerCase()) && v !== undefined) out[k] = v;
  return out;
}
