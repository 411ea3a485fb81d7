import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { isIP } from 'node:net';
import type { AddressInfo } from 'node:net';
import { appState, createApp } from './app.js';
import type { AppOptions } from './app.js';
import { hardenHttpServer } from './http-hardening.js';
import type { HttpTimeouts } from './http-hardening.js';

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

/** Serves the API; refuses to expose an unauthenticated service beyond this machine. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? DEFAULT_HOST;
  const app = createApp(opts);
  const state = appState(app);
  if (!state) throw new Error('unreachable: app without state');
  if (!state.authenticated && !isLoopback(host)) {
    state.hub.close();
    throw new Error(`refusing to bind ${host} without authentication: set ORCA_TOKENS (token:role,...) or bind a loopback address such as 127.0.0.1`);
  }
  const server: Server = createServer(app);
  try {
    hardenHttpServer(server, opts);
  } catch (error) {
    state.hub.close();
    throw error;
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  state.bound(host, port);
  const url = `http://${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  if (state.authenticated) state.logger.info({ url }, 'orca listening (bearer tokens required)');
  else state.logger.warn({ url }, 'orca listening WITHOUT authentication on loopback only; set ORCA_TOKENS to require bearer tokens');
  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // SSE streams never end on their own: end them so close() does not hang.
        state.hub.close();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
