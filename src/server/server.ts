import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appState, createApp } from './app.js';
import type { AppOptions } from './app.js';
import { parseTokens } from './auth.js';
import { startGateway } from './gateway/gateway.js';
import type { HttpTimeouts } from './http-hardening.js';
import { parseAllowedHosts } from './request-guard.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 8080;

export interface ServerOptions extends AppOptions, HttpTimeouts {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `HOST` and `PORT` from the environment (the CLI's `orca serve`); throws on a malformed port. */
export function listenOptionsFromEnv(env: Readonly<Record<string, string | undefined>>): { host: string; port: number } {
  const rawPort = env['PORT']?.trim();
  const port = rawPort ? Number(rawPort) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer 0..65535, got ${JSON.stringify(rawPort)}`);
  return { host: env['HOST']?.trim() || DEFAULT_HOST, port };
}

/** True for names and addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

/**
 * Serves the API; refuses to expose an unauthenticated service beyond this machine.
 *
 * Two threads share the work: a gateway thread owns the public socket and answers the e-stop itself
 * (shared latch, journal, reply) so nothing the main thread does can delay it; every other request is
 * passed to the express app, which listens on a unix socket private to this process.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const tokens = opts.tokens ?? parseTokens(process.env);
  const allowedHosts = opts.allowedHosts ?? parseAllowedHosts(process.env);
  const app = createApp({ ...opts, tokens, allowedHosts });
  const state = appState(app);
  if (!state) throw new Error('unreachable: app without state');
  if (!state.authenticated && !isLoopback(host)) {
    state.hub.close();
    throw new Error(`refusing to bind ${host} without authentication: set ORCA_TOKENS (token:role,...) or bind a loopback address such as 127.0.0.1`);
  }
  const socket = join(tmpdir(), `orca-${process.pid}-${randomBytes(6).toString('hex')}.sock`);
  const inner: Server = await new Promise((resolve, reject) => {
    const s = app.listen(socket, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  let gateway;
  try {
    gateway = await startGateway({
      host,
      port: opts.port ?? DEFAULT_PORT,
      upstream: socket,
      channel: opts.orchestrator.estopChannel(),
      tokens,
      allowedHosts,
      timeouts: { ...(opts.headersTimeoutMs !== undefined ? { headersTimeoutMs: opts.headersTimeoutMs } : {}), ...(opts.requestTimeoutMs !== undefined ? { requestTimeoutMs: opts.requestTimeoutMs } : {}) },
      onEstop: (e) => {
        if (e.journalError) state.logger.error({ err: e.journalError }, 'the e-stop journal could not be written; the latch is set');
        opts.orchestrator.estop(e.reason ?? undefined, { by: e.by, recorded: e.recorded });
      },
    });
  } catch (error) {
    state.hub.close();
    await new Promise<void>((resolve) => inner.close(() => resolve()));
    rmSync(socket, { force: true });
    throw error;
  }
  const port = gateway.port;
  state.bound(host, port);
  const url = `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  if (state.authenticated) state.logger.info({ url }, 'orca listening (bearer tokens required)');
  else state.logger.warn({ url }, 'orca listening WITHOUT authentication on loopback only; set ORCA_TOKENS to require bearer tokens');
  let closing: Promise<void> | null = null;
  const running = gateway;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        // The public socket first, so no request reaches an app that is going away.
        await running.close();
        // SSE streams never end on their own: end them so close() does not hang.
        state.hub.close();
        await new Promise<void>((resolve, reject) => {
          inner.close((error) => (error ? reject(error) : resolve()));
          inner.closeAllConnections();
        });
        rmSync(socket, { force: true });
      })();
      return closing;
    },
  };
}
