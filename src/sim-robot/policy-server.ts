import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { HOUSEHOLD_ACTION_DIM, HOUSEHOLD_LAYOUT, parseHouseholdRequest } from '../executors/openpi/household.js';
import { packb, unpackb } from '../executors/protocols/msgpack-numpy.js';
import type { MsgValue } from '../executors/protocols/msgpack-numpy.js';
import { ndarray } from '../executors/protocols/ndarray.js';
import type { HouseholdAnswer } from './household-policy.js';

/** What the openpi server needs of a policy. */
export interface HouseholdBackend {
  readonly robots: readonly string[];
  readonly trainedTemplates: readonly string[];
  readonly horizon: number;
  answer(robot: string, prompt: string, reset: boolean): HouseholdAnswer;
}

const MAX_REQUEST_BYTES = 32 * 1024 * 1024;

/** Timing as openpi's server reports it (`policy_timing`, `server_timing`), so a client can tell policy time from transport. */
interface Timing {
  inferMs: number;
  prevTotalMs: number | null;
}

function encodeAnswer(a: HouseholdAnswer, t: Timing): Uint8Array {
  const flat = Float32Array.from(a.actions.flat());
  const out: Record<string, MsgValue> = { actions: ndarray(flat, [a.actions.length, HOUSEHOLD_ACTION_DIM]) };
  if (a.done) out.done = { message: a.done.message };
  if (a.failure) out.failure = { code: a.failure.code, message: a.failure.message };
  out.policy_timing = { infer_ms: t.inferMs };
  out.server_timing = { infer_ms: t.inferMs, ...(t.prevTotalMs === null ? {} : { prev_total_ms: t.prevTotalMs }) };
  return packb(out);
}

/**
 * The openpi websocket protocol (PROTOCOLS.md §2) in front of a household policy: a msgpack
 * metadata frame on connect, then one msgpack answer per msgpack request; `GET /healthz` answers
 * `OK`. A request it cannot serve gets what the upstream server sends on an exception: the error as a
 * text frame, then close 1011.
 */
export class PolicyServer {
  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    private readonly backend: HouseholdBackend,
  ) {
    wss.on('connection', (ws) => this.accept(ws));
  }

  static listen(host: string, port: number, backend: HouseholdBackend): Promise<PolicyServer> {
    const http = createServer((req, res) => {
      const ok = req.method === 'GET' && req.url?.split('?')[0] === '/healthz';
      res.writeHead(ok ? 200 : 404, { 'content-type': 'text/plain' });
      res.end(ok ? 'OK\n' : 'not found\n');
    });
    const wss = new WebSocketServer({ server: http, maxPayload: MAX_REQUEST_BYTES, perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(port, host, () => resolve(new PolicyServer(http, wss, backend)));
    });
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get metadata(): Record<string, MsgValue> {
    return {
      layout: HOUSEHOLD_LAYOUT,
      action_dim: HOUSEHOLD_ACTION_DIM,
      robots: [...this.backend.robots],
      trained_templates: [...this.backend.trainedTemplates],
      horizon: this.backend.horizon,
    };
  }

  private accept(ws: WebSocket): void {
    ws.on('error', () => undefined);
    ws.send(packb(this.metadata), { binary: true });
    let prevTotalMs: number | null = null;
    ws.on('message', (data, isBinary) => {
      const started = performance.now();
      try {
        if (!isBinary) throw new Error('requests are msgpack binary frames');
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
        const req = parseHouseholdRequest(unpackb(new Uint8Array(bytes)));
        const inferStart = performance.now();
        const answer = this.backend.answer(req.robot, req.prompt, req.reset);
        ws.send(encodeAnswer(answer, { inferMs: performance.now() - inferStart, prevTotalMs }), { binary: true });
        prevTotalMs = performance.now() - started;
      } catch (err) {
        ws.send(`Traceback (most recent call last):\n  orca sim-robot policy\n${err instanceof Error ? err.message : String(err)}\n`);
        ws.close(1011, 'internal error');
      }
    });
  }

  close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    return new Promise((resolve) => this.http.close(() => resolve()));
  }
}
