import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { OrcaError } from '../domain/failures.js';

/**
 * The worker holds one `pg` connection and runs one statement per request; the calling thread
 * blocks on a shared flag until the answer is posted, then takes it off the port synchronously.
 * Plain JavaScript run with `eval`, so it needs no TypeScript loader in the worker.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.driver);
const flag = new Int32Array(workerData.flag);
const port = workerData.port;
const client = new pg.Client({ connectionString: workerData.url, application_name: workerData.name });
let broken = null;
client.on('error', (err) => { broken = err; });
const ready = client.connect().catch((err) => { broken = err; });
const answer = (m) => { port.postMessage(m); Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); };
port.on('message', async (req) => {
  if (req.type === 'close') {
    try { await client.end(); } catch {}
    answer({ ok: true, rows: [], rowCount: 0 });
    port.close();
    return;
  }
  await ready;
  if (broken) return answer({ ok: false, message: broken.message, code: broken.code || 'connection' });
  try {
    const r = await client.query({ text: req.sql, values: req.params });
    answer({ ok: true, rows: r.rows || [], rowCount: r.rowCount || 0 });
  } catch (err) {
    answer({ ok: false, message: err.message, code: err.code || 'unknown' });
  }
});
`;

const ReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rows: z.array(z.record(z.string(), z.unknown())), rowCount: z.number().int() }),
  z.object({ ok: z.literal(false), message: z.string(), code: z.string() }),
]);

export type SqlParam = string | number | boolean | null;

/** A statement PostgreSQL refused, or a connection that failed; `sqlState` is PostgreSQL's code. */
export class PgStoreError extends OrcaError {
  constructor(
    message: string,
    readonly sqlState: string,
  ) {
    super('store_failed', message, { sqlState });
  }
}

/** How long one statement may take before the caller gives up on it (and on the connection). */
const STATEMENT_WAIT_MS = 30_000;

/**
 * A synchronous PostgreSQL connection, so the stores keep the synchronous contracts their callers
 * rely on (a trace event is committed when `append` returns, before the robot hears of it) on either
 * backend. One statement at a time; a transaction is a synchronous function, so nothing else of the
 * thread can run inside it.
 */
export class SyncPg {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag: Int32Array;
  private closed = false;
  private depth = 0;

  constructor(
    readonly url: string,
    name = 'orca',
  ) {
    const shared = new SharedArrayBuffer(4);
    this.flag = new Int32Array(shared);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const driver = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { url, name, driver, flag: shared, port: port2 }, transferList: [port2] });
    // An open connection must not keep the process alive; `close` ends it properly.
    this.worker.unref();
    this.worker.on('error', () => undefined);
  }

  /** Runs one statement and returns its rows (validated by the caller: rows are outside input). */
  query(sql: string, params: readonly SqlParam[] = []): Record<string, unknown>[] {
    return this.call({ type: 'query', sql, params: [...params] }).rows;
  }

  /** Runs one statement and returns how many rows it touched. */
  run(sql: string, params: readonly SqlParam[] = []): number {
    return this.call({ type: 'query', sql, params: [...params] }).rowCount;
  }

  /** All or nothing: `fn`'s statements commit together, or none does when it throws. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.depth > 0) return fn();
    this.query('BEGIN');
    this.depth += 1;
    try {
      const out = fn();
      this.depth -= 1;
      this.query('COMMIT');
      return out;
    } catch (err) {
      if (this.depth > 0) {
        this.depth -= 1;
        try {
          this.query('ROLLBACK');
        } catch {
          // the connection is gone; the server rolls the transaction back itself
        }
      }
      throw err;
    }
  }

  get open(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ type: 'close' }, 5000);
    } catch {
      // a connection that cannot say goodbye is dropped all the same
    }
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }

  private call(req: { type: 'query'; sql: string; params: SqlParam[] } | { type: 'close' }, waitMs = STATEMENT_WAIT_MS): { rows: Record<string, unknown>[]; rowCount: number } {
    if (this.closed) throw new PgStoreError('the PostgreSQL connection is closed', 'closed');
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(req);
    if (Atomics.wait(this.flag, 0, 0, waitMs) === 'timed-out') {
      this.closed = true;
      void this.worker.terminate();
      throw new PgStoreError(`PostgreSQL did not answer within ${waitMs} ms`, 'timeout');
    }
    const message = receiveMessageOnPort(this.port);
    const reply = ReplySchema.parse(message?.message);
    if (!reply.ok) throw new PgStoreError(reply.message, reply.code);
    return reply;
  }
}
