import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { OpenPiClient } from '../executors/openpi/client.js';
import { RosbridgeClient } from '../executors/rosbridge/client.js';
import { runCli } from './cli.js';
import { captureIo, fakeDeps } from './testing/io.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const noOrchestrator = (): Orchestrator => {
  throw new Error('orca sim-robot builds no orchestrator');
};

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('orca sim-robot', () => {
  it('serves rosbridge and openpi, prints its endpoints as JSON, and stops cleanly on a signal', async () => {
    const io = captureIo();
    const deps = fakeDeps(noOrchestrator);
    const exit = runCli(['sim-robot', '--rosbridge-port', '0', '--openpi-port', '0', '--seed', '4', '--speed', '2', '--rate', '20', '--horizon', '4'], io, deps);
    await until(() => io.out.length > 0, 'the endpoints');
    const endpoints = JSON.parse(io.out[0]!) as { rosbridge: string; openpi: string; robots: string[]; scene: string; horizon: number };
    expect(endpoints).toMatchObject({ scene: 'home', robots: ['rover', 'kitchen_arm'], horizon: 4 });
    expect(io.err.join('')).toContain('2x real time, 20 Hz, faults off');
    const pi = new OpenPiClient({ url: endpoints.openpi });
    cleanup.push(() => pi.close());
    expect(await pi.connect()).toMatchObject({ layout: 'household', action_dim: 8, horizon: 4 });
    const rb = new RosbridgeClient({ url: endpoints.rosbridge });
    cleanup.push(() => rb.close());
    const odom: unknown[] = [];
    rb.subscribe('/rover/odom', 'nav_msgs/msg/Odometry', (m) => odom.push(m));
    await rb.connect();
    await until(() => odom.length > 0, 'odometry (the world runs on its own clock)');
    deps.signal('SIGTERM');
    expect(await exit).toBe(0);
    expect(io.err.join('')).toContain('orca sim-robot: SIGTERM, shutting down');
    expect(io.err.join('')).toContain('orca sim-robot: stopped');
  });

  it('refuses bad flags and unknown scenes with exit 2, naming what is wrong', async () => {
    const run = async (...argv: string[]) => {
      const io = captureIo();
      return { code: await runCli(['sim-robot', ...argv], io, fakeDeps(noOrchestrator)), err: io.err.join('') };
    };
    expect(await run('--speed', '0')).toMatchObject({ code: 2, err: expect.stringContaining('--speed must be a number in [0.01, 100] (got "0")') });
    expect(await run('--horizon', '1.5')).toMatchObject({ code: 2, err: expect.stringContaining('--horizon must be an integer') });
    expect(await run('--scene', 'castle')).toMatchObject({ code: 2, err: expect.stringMatching(/unknown scene "castle" \(built-in: .*home/) });
    expect(await run('--scene', 'missing.yaml')).toMatchObject({ code: 2, err: expect.stringContaining('--scene missing.yaml') });
    expect(await run('--rosbridge-port', 'x')).toMatchObject({ code: 2, err: expect.stringContaining('--rosbridge-port must be a port number') });
    expect(await run('extra')).toMatchObject({ code: 2, err: expect.stringContaining('takes no arguments') });
    const help = captureIo();
    expect(await runCli(['sim-robot', '--help'], help, fakeDeps(noOrchestrator))).toBe(0);
    expect(help.out.join('')).toContain('usage: orca sim-robot');
  });

  it('a port that is taken is a clear error (exit 1), not a crash', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanup.push(() => new Promise((r) => blocker.close(() => r())));
    const port = String((blocker.address() as AddressInfo).port);
    const io = captureIo();
    expect(await runCli(['sim-robot', '--rosbridge-port', port, '--openpi-port', '0'], io, fakeDeps(noOrchestrator))).toBe(1);
    expect(io.err.join('')).toContain('a port is in use');
  });
});
