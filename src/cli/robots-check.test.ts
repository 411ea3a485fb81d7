import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkAllRobots } from '../executors/robots.js';
import { runCli } from './cli.js';
import type { RobotHealthCheck } from './deps.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** An in-test openpi policy server's health endpoint (`GET /healthz`): 200 when healthy, 503 otherwise. */
async function policyServer(healthy: boolean): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/healthz' && healthy) res.writeHead(200).end('OK\n');
    else res.writeHead(503).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const openpi = (id: string, hostPort: string): string => `id: ${id}\nkind: arm\ncapabilities: [manipulate]\nexecutor:\n  kind: openpi\n  url: ws://${hostPort}\n  layout: droid\n`;

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-robots-check-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The CLI with the real health checker of src/executors (no fake between the command and the bindings). */
function realCheckDeps() {
  const deps = fakeDeps(new FakeOrchestrator());
  deps.loadRobotHealthCheck = async () => checkAllRobots as RobotHealthCheck;
  return deps;
}

describe('orca robots --check with the real checker against in-test servers', () => {
  it('exits 0 when every robot is healthy and shows each one ok', async () => {
    const dir = configDir({ 'up.yaml': openpi('arm_up', await policyServer(true)), 'sim.yaml': 'id: rover\nkind: mobile_manipulator\ncapabilities: [navigate]\nexecutor: { kind: sim }\n' });
    const io = captureIo();
    expect(await runCli(['robots', '--config-dir', dir, '--check'], io, realCheckDeps())).toBe(0);
    const out = io.out.join('');
    expect(out).toMatch(/^arm_up .* ok: healthz OK$/m);
    expect(out).toMatch(/^rover .* ok: simulated policy/m);
    expect(io.err.join('')).toBe('');
  });

  it('exits 1 naming the unhealthy robot, and the JSON rows carry each health by robot', async () => {
    const dir = configDir({ 'up.yaml': openpi('arm_up', await policyServer(true)), 'down.yaml': openpi('arm_down', await policyServer(false)) });
    const io = captureIo();
    expect(await runCli(['robots', '--config-dir', dir, '--check'], io, realCheckDeps())).toBe(1);
    expect(io.out.join('')).toMatch(/^arm_down .* DOWN: /m);
    expect(io.err.join('')).toMatch(/unhealthy: arm_down \(down\.yaml\)/);
    expect(io.err.join('')).not.toMatch(/arm_up/);
    const json = captureIo();
    expect(await runCli(['robots', '--config-dir', dir, '--check', '--json'], json, realCheckDeps())).toBe(1);
    const rows = (JSON.parse(json.out.join('')) as { robots: { id: string; health: { ok: boolean } | null }[] }).robots;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.health?.ok]))).toEqual({ arm_down: false, arm_up: true });
  });
});
