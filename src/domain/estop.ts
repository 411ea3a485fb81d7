/**
 * The site-wide emergency-stop latch, in shared memory so that every thread of the process reads
 * the same bit without waiting for any other: the HTTP gateway thread sets it while the main thread
 * may be busy planning, and every robot of the process refuses motion from that instant.
 *
 * Layout of the shared `Int32Array`: `[0]` latched (0 or 1), `[1]` generation (incremented by every
 * change, so a reader can tell "latched again" from "still latched").
 *
 * @example
 * const latch = SiteLatch.create();
 * const inWorker = SiteLatch.from(latch.buffer); // pass `latch.buffer` in workerData
 * inWorker.latch();
 * latch.latched; // true
 */
export class SiteLatch {
  private readonly cells: Int32Array;

  private constructor(readonly buffer: SharedArrayBuffer) {
    if (buffer.byteLength < 8) throw new RangeError('a site latch needs 8 bytes of shared memory');
    this.cells = new Int32Array(buffer, 0, 2);
  }

  static create(): SiteLatch {
    return new SiteLatch(new SharedArrayBuffer(8));
  }

  /** A view of a latch created elsewhere (another thread's `buffer`). */
  static from(buffer: SharedArrayBuffer): SiteLatch {
    return new SiteLatch(buffer);
  }

  get latched(): boolean {
    return Atomics.load(this.cells, 0) === 1;
  }

  get generation(): number {
    return Atomics.load(this.cells, 1);
  }

  /** Sets the latch; true when this call changed it. */
  latch(): boolean {
    if (Atomics.compareExchange(this.cells, 0, 0, 1) !== 0) return false;
    Atomics.add(this.cells, 1, 1);
    Atomics.notify(this.cells, 0);
    return true;
  }

  /** Clears the latch; true when this call changed it. */
  release(): boolean {
    if (Atomics.compareExchange(this.cells, 0, 1, 0) !== 1) return false;
    Atomics.add(this.cells, 1, 1);
    Atomics.notify(this.cells, 0);
    return true;
  }
}

/** Who set or released the latch, when and why: what the safety journal records. */
export interface EstopRecord {
  latched: boolean;
  /** A person, a token's holder, `cli`, `chat:<speaker>` … */
  by: string;
  reason: string | null;
  /** ISO wall time. */
  at: string;
}
