import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EstopChannel } from '../../../agents/orchestrator/types.js';
import type { BearerToken } from '../bearer.js';
import { FromGatewaySchema } from './protocol.js';
import type { HttpTimeouts } from '../http-hardening.js';
import type { FromGateway, GatewayData } from './protocol.js';

export interface GatewayOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Unix socket the main thread's app listens on. */
  upstream: string;
  channel: EstopChannel;
  tokens: readonly BearerToken[];
  timeouts?: HttpTimeouts;
  allowedHosts?: readonly string[];
  /** A latch the gateway set (and journalled, when `recorded`): bring missions and fleets in line. */
  onEstop(e: Extract<FromGateway, { type: 'estop' }>): void;
}

export interface RunningGateway {
  port: number;
  close(): Promise<void>;
}

/** How long `close()` waits for the thread to let go of its sockets before terminating it. */
const CLOSE_WAIT_MS = 3000;

/**
 * Runs the gateway thread: the TypeScript sources are loaded through tsx when this module itself was
 * (the CLI and the tests), the compiled files otherwise.
 */
const BOOT = `
const { workerData, parentPort } = require('node:worker_threads');
(async () => {
  if (workerData.boot.tsx) (await import(workerData.boot.tsx)).register();
  await import(workerData.boot.entry);
})().catch((err) => parentPort.postMessage({ type: 'failed', message: String((err && err.stack) || err) }));
`;

/** The ESM build of tsx's loader API (the `import` condition of `tsx/esm/api`), as a file URL. */
function tsxEsmApi(from: string): string {
  const cjs = createRequire(from).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/** Starts the public listener in its own thread; resolves once it listens (rejects with the reason it could not). */
export function startGateway(opts: GatewayOptions): Promise<RunningGateway> {
  const here = import.meta.url;
  const fromSources = here.endsWith('.ts');
  const boot = {
    entry: new URL(fromSources ? './worker.ts' : './worker.js', here).href,
    tsx: fromSources ? tsxEsmApi(here) : null,
  };
  const data: GatewayData = {
    host: opts.host,
    port: opts.port,
    upstream: opts.upstream,
    latch: opts.channel.latch,
    journal: opts.channel.journal,
    tokens: opts.tokens.map((t) => ({ token: t.token, role: t.role, ...(t.name !== undefined ? { name: t.name } : {}) })),
    timeouts: { ...opts.timeouts },
    allowedHosts: [...(opts.allowedHosts ?? [])],
  };
  const worker = new Worker(BOOT, { eval: true, workerData: { boot, data } });
  return new Promise((resolve, reject) => {
    let listening = false;
    let closed: (() => void) | null = null;
    worker.on('message', (raw: unknown) => {
      const m = FromGatewaySchema.safeParse(raw);
      if (!m.success) return;
      switch (m.data.type) {
        case 'listening':
          listening = true;
          resolve({ port: m.data.port, close: () => close() });
          break;
        case 'failed':
          if (!listening) {
            void worker.terminate();
            reject(new Error(`the HTTP gateway could not start: ${m.data.message}`));
          }
          break;
        case 'estop':
          opts.onEstop(m.data);
          break;
        case 'closed':
          closed?.();
          break;
      }
    });
    worker.on('error', (err) => {
      if (!listening) reject(err);
    });
    worker.on('exit', (code) => {
      if (!listening) reject(new Error(`the HTTP gateway thread exited (${code}) before it listened`));
    });
    const close = (): Promise<void> =>
      new Promise<void>((done) => {
        const timer = setTimeout(() => void worker.terminate().then(() => done()), CLOSE_WAIT_MS);
        closed = () => {
          clearTimeout(timer);
          void worker.terminate().then(() => done());
        };
        worker.postMessage({ type: 'close' });
      });
  });
}
