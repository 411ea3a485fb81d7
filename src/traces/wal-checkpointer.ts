import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Moves SQLite's WAL checkpoints off the thread that appends. A checkpoint copies the WAL into the
 * database file and fsyncs both, which takes milliseconds; SQLite's automatic checkpoint runs it
 * inside whichever commit crosses the threshold, so a control step that records an event would now
 * and then stall for 3–5 ms. A second connection in a worker thread checkpoints PASSIVE-ly instead
 * (it never blocks the writer), and durability is unchanged: every commit is still in the WAL when
 * `append` returns.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const closed = new Int32Array(workerData.closed);
const done = () => { Atomics.store(closed, 0, 1); Atomics.notify(closed, 0); };
let db = null;
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma('busy_timeout = 1000');
} catch { done(); }
const checkpoint = () => { try { db && db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  try { db && db.close(); } catch {}
  done();
  parentPort.close();
});
`;

/** How long `close()` waits for the worker to let go of the file before terminating it. */
const CLOSE_WAIT_MS = 2000;

export interface WalCheckpointer {
  /**
   * Blocks until the worker has closed its connection (so the writer's own close is the last and
   * folds the WAL in, and a caller may delete the files right after), then lets the thread exit.
   */
  close(): void;
}

/** Starts a background checkpointer on the SQLite file at `path` (WAL mode; not for `:memory:`). */
export function startWalCheckpointer(path: string, everyMs = 250): WalCheckpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const closed = new SharedArrayBuffer(4);
  const flag = new Int32Array(closed);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, everyMs, closed } });
  // A store left open must not keep the process alive, nor may a failed checkpointer crash it:
  // the writer's own checkpoint on close still folds the WAL in.
  worker.unref();
  worker.on('error', () => undefined);
  return {
    close() {
      worker.postMessage('close');
      if (Atomics.wait(flag, 0, 0, CLOSE_WAIT_MS) === 'timed-out') void worker.terminate();
    },
  };
}
