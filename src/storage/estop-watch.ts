import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { EstopRecord } from '../domain/estop.js';

/**
 * Listens for `orca_estop` in a thread of its own and, on a press, sets the process's shared latch
 * itself (the layout of SiteLatch in src/domain/estop.ts: [0] latched, [1] generation), so a press
 * made in any process stops this process's robots at their next action even while the main thread
 * is busy. After a lost connection it reads the stored state again, so a press made meanwhile is
 * not missed. Releases are only reported: the main thread clears the latch.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pg = require(workerData.driver);
const cells = new Int32Array(workerData.latch, 0, 2);
const latch = () => {
  if (Atomics.compareExchange(cells, 0, 0, 1) !== 0) return;
  Atomics.add(cells, 1, 1);
  Atomics.notify(cells, 0);
};
const tell = (rec) => {
  if (rec.latched) latch();
  parentPort.postMessage(rec);
};
let client = null;
let closing = false;
async function connect() {
  if (closing) return;
  const c = new pg.Client({ connectionString: workerData.url, application_name: 'orca-estop-watch' });
  c.on('error', () => retry(c));
  c.on('notification', (n) => {
    try { tell(JSON.parse(n.payload)); } catch {}
  });
  try {
    await c.connect();
    await c.query('LISTEN orca_estop');
    client = c;
    const r = await c.query('SELECT l.seq, s.latched, s.by, s.reason, s.at FROM orca_estop s JOIN orca_estop_log l ON l.seq = s.log_seq');
    // Only a latched state is acted on here: a release is a deliberate act, heard as it happens.
    if (r.rows[0] && r.rows[0].latched) tell({ ...r.rows[0], seq: Number(r.rows[0].seq) });
    parentPort.postMessage({ type: 'listening' });
  } catch {
    retry(c);
  }
}
function retry(c) {
  if (client === c) client = null;
  c.end().catch(() => {});
  if (!closing) setTimeout(connect, workerData.retryMs);
}
parentPort.on('message', async (m) => {
  if (m !== 'close') return;
  closing = true;
  if (client) await client.end().catch(() => {});
  parentPort.postMessage({ type: 'closed' });
  parentPort.close();
});
connect();
`;

const ChangeSchema = z.object({ seq: z.coerce.number().int().positive(), latched: z.boolean(), by: z.string(), reason: z.string().nullable(), at: z.string() });
const StatusSchema = z.object({ type: z.enum(['listening', 'closed']) });

export interface EstopWatch {
  /** Resolves once the watcher listens (and has read the stored state). */
  readonly listening: Promise<void>;
  close(): Promise<void>;
}

/** Watches the site's e-stop on PostgreSQL for this process; `onChange` runs on the calling thread. */
export function watchSiteEstop(url: string, latch: SharedArrayBuffer, onChange: (rec: EstopRecord & { seq: number }) => void, retryMs = 500): EstopWatch {
  const driver = createRequire(import.meta.url).resolve('pg');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, latch, driver, retryMs } });
  worker.unref();
  worker.on('error', () => undefined);
  let listening: () => void = () => undefined;
  let closed: () => void = () => undefined;
  const listeningP = new Promise<void>((r) => (listening = r));
  const closedP = new Promise<void>((r) => (closed = r));
  worker.on('message', (m: unknown) => {
    const status = StatusSchema.safeParse(m);
    if (status.success) return status.data.type === 'listening' ? listening() : closed();
    const change = ChangeSchema.safeParse(m);
    if (change.success) onChange(change.data);
  });
  worker.on('exit', () => closed());
  return {
    listening: listeningP,
    async close() {
      worker.postMessage('close');
      const timer = setTimeout(() => void worker.terminate(), 2000);
      await closedP;
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
