import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from './index.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function policyServer(healthy: boolean): Promise<string> {
  const srv: Server = createServer((req, res) => {
    if (req.url === '/healthz' && healthy) res.writeHead(200).end('OK');
    else res.writeHead(503).end();
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => srv.close(() => r())));
  const a = srv.address();
  return `127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
}

const openpi = (id: string, hostPort: string): string => `id: ${id}
kind: fixed_arm
capabilities: [manipulate]
executor:
  kind: openpi
  url: ws://${hostPort}
  layout: droid
`;

describe('GET /api/robots/configured', () => {
  it("shows each configured robot's health from its binding's own check", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-robots-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'up.yaml'), openpi('arm_up', await policyServer(true)));
    writeFileSync(join(dir, 'down.yaml'), openpi('arm_down', await policyServer(false)));
    const server = await startServer({ orchestrator: new FakeOrchestrator(), tokens: [], logger: pino({ level: 'silent' }), port: 0, robotConfigDir: dir });
    cleanups.push(() => server.close());
    const res = await fetch(`${server.url}/api/robots/configured`);
    expect(res.status).toBe(200);
    const rows = (await res.json()) as { name: string; kind: string; health: { ok: boolean; detail: string } }[];
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    expect(byName['up']?.kind).toBe('openpi');
    expect(byName['up']?.health.ok).toBe(true);
    expect(byName['down']?.health.ok).toBe(false);
  });
});
