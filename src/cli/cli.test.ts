import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listBuiltinScenes } from '../world/index.js';
import { runCli } from './cli.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

describe('orca (dispatch and catalogue commands)', () => {
  it('exits 2 with the usage for no command or an unknown one, 0 for --help', async () => {
    const none = captureIo();
    expect(await runCli([], none, fakeDeps(new FakeOrchestrator()))).toBe(2);
    expect(none.err.join('')).toMatch(/usage: orca <command>/);
    const unknown = captureIo();
    expect(await runCli(['fly'], unknown, fakeDeps(new FakeOrchestrator()))).toBe(2);
    expect(unknown.err.join('')).toMatch(/unknown command "fly"/);
    for (const cmd of ['serve', 'run', 'trace', 'scenes', 'skills', 'robots', 'fleets', 'demo', 'world']) {
      const io = captureIo();
      expect(await runCli([cmd, '--help'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
      expect(io.out.join('')).toMatch(new RegExp(`usage: orca ${cmd}`));
    }
  });

  it('lists every built-in scene with its robots', async () => {
    const io = captureIo();
    expect(await runCli(['scenes', '--json'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
    const rows = JSON.parse(io.out.join('')) as { name: string; robots: string[]; error?: string }[];
    expect(rows.map((r) => r.name)).toEqual(listBuiltinScenes());
    expect(rows.find((r) => r.name === 'home')?.robots.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.error)).toEqual([]);
  });

  it('lists skills with parameters and capability', async () => {
    const io = captureIo();
    expect(await runCli(['skills'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
    expect(io.out.join('')).toMatch(/^pick\(object: object\)\s+manipulate\s/m);
  });

  it('lists configured robots and reports invalid files with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-robots-'));
    writeFileSync(join(dir, 'a.yaml'), 'id: arm_1\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: sim }\n');
    const io = captureIo();
    expect(await runCli(['robots', '--config-dir', dir, '--check'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
    expect(io.out.join('')).toMatch(/^arm_1 {2}arm via sim {2}\[manipulate\] {2}a\.yaml {2}ok: simulated policy/);
    writeFileSync(join(dir, 'b.yaml'), 'id: Bad-Id\nkind: arm\ncapabilities: []\nexecutor: { kind: sim }\n');
    const bad = captureIo();
    expect(await runCli(['robots', '--config-dir', dir], bad, fakeDeps(new FakeOrchestrator()))).toBe(2);
    expect(bad.out.join('')).toMatch(/b\.yaml: invalid — .*id/);
  });
});

describe('orca demo', () => {
  it('runs the fixed plan on the simulated home to success without faults', async () => {
    const io = captureIo();
    expect(await runCli(['demo', '--seed', '3', '--faults', 'off'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
    const text = io.out.join('');
    expect(text).toMatch(/mission succeeded/);
    expect(text).not.toMatch(/: false$/m);
  });
});

describe('orca serve', () => {
  it('starts the server from PORT/HOST with the realtime clock and shuts down on a signal', async () => {
    const o = new FakeOrchestrator();
    const deps = fakeDeps(o, { onServerStarted: () => deps.signal('SIGTERM') });
    const io = captureIo({ env: { PORT: '9191', HOST: '0.0.0.0' } });
    expect(await runCli(['serve', '--faults', 'off'], io, deps)).toBe(0);
    expect(deps.configs).toEqual([{ clock: 'realtime', faults: 'off' }]);
    expect(deps.servers.map((s) => [s.host, s.port, s.orchestrator])).toEqual([['0.0.0.0', 9191, o]]);
    expect(deps.closedServers).toBe(1);
    expect(o.closed).toBe(true);
    expect(io.err.join('')).toMatch(/serving on http:\/\/0\.0\.0\.0:9191[\s\S]*SIGTERM, shutting down[\s\S]*stopped/);
  });

  it('lets flags override the environment and refuses bad ports and unknown scenes', async () => {
    const deps = fakeDeps(new FakeOrchestrator(), { onServerStarted: () => deps.signal('SIGINT') });
    expect(await runCli(['serve', '--port', '0', '--host', '127.0.0.1'], captureIo({ env: { PORT: '9191' } }), deps)).toBe(0);
    expect(deps.servers[0]?.port).toBe(0);
    for (const argv of [['serve', '--port', 'http'], ['serve', '--scene', 'mars'], ['serve', '--speed', '-1'], ['serve', 'extra'], ['serve', '--allowed-host', 'http://x/']]) {
      const io = captureIo();
      expect(await runCli(argv, io, fakeDeps(new FakeOrchestrator())), argv.join(' ')).toBe(2);
      expect(io.err.join('')).not.toBe('');
    }
  });
});

describe('orca serve --allowed-host', () => {
  it('passes the names, after those of ORCA_ALLOWED_HOSTS, to the server', async () => {
    const deps = fakeDeps(new FakeOrchestrator(), { onServerStarted: () => deps.signal('SIGINT') });
    const io = captureIo({ env: { ORCA_ALLOWED_HOSTS: 'proxy.lan:8443' } });
    expect(await runCli(['serve', '--allowed-host', 'Orca.Lan', '--allowed-host', 'orca:9000'], io, deps)).toBe(0);
    expect(deps.servers[0]?.allowedHosts).toEqual(['proxy.lan:8443', 'orca.lan', 'orca:9000']);
  });
});

describe('bin/orca.mjs', () => {
  it('runs without a build: `node bin/orca.mjs scenes` lists the built-in scenes', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/orca.mjs'), 'scenes'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^home {2}\(house; robots /m);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('libero/')).length).toBe(listBuiltinScenes().filter((n) => n.startsWith('libero/')).length);
  });

  it('exits 2 with the message on stderr for an unknown flag', () => {
    const r = spawnSync(process.execPath, [join(root, 'bin/orca.mjs'), 'run', 'x', '--nope'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Unknown option '--nope'/);
    expect(r.stdout).toBe('');
  });
});
