import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Sleep } from '../retry.js';

/**
 * A backoff clock for retry tests: `sleep` advances simulated time instead of waiting, and `at(ms, f)`
 * runs `f` (e.g. start a server, move the robot) once simulated time reaches `ms`, before the retry
 * that follows. Minutes of backoff run in milliseconds, in a fixed order.
 */
export class SimulatedBackoff {
  now = 0;
  readonly waits: number[] = [];
  private readonly due: { at: number; run: () => Promise<unknown> | unknown }[] = [];

  readonly sleep: Sleep = async (ms) => {
    this.waits.push(ms);
    this.now += ms;
    while (this.due.length > 0 && (this.due[0]?.at ?? Infinity) <= this.now) await this.due.shift()?.run();
  };

  at(ms: number, run: () => Promise<unknown> | unknown): void {
    this.due.push({ at: ms, run });
    this.due.sort((a, b) => a.at - b.at);
  }
}

/** A loopback port nothing listens on (just now), for a server that is down and comes back later. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise((r) => srv.close(r));
  return port;
}
