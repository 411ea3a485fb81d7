import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator } from '../app/index.js';
import { runCli } from './cli.js';
import type { FleetRow } from './commands/fleets.js';
import type { RunResult } from './run-result.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-fleets-cli-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const GOOD = 'name: kitchen\nsite: { scene: home }\nrobots:\n  - { id: kitchen_arm, body: { kind: sim }, executor: { kind: sim } }\n';
const BAD = 'name: broken\nsite: { scene: home }\nrobots:\n  - { id: arm, body: { kind: sim, robot: nobody }, executor: { kind: openpi, url: "http://x", layout: droid } }\n';

/** The CLI with the real composition root, so a fleet file is read, validated and opened for real. */
function realOrchestratorDeps() {
  const deps = fakeDeps(new FakeOrchestrator());
  deps.createOrchestrator = (config) => createOrchestrator(config);
  return deps;
}

describe('orca fleets', () => {
  it('lists each valid fleet with its robots, and exits 2 naming the fields of an invalid one', async () => {
    const dir = dirWith({ 'a-good.yaml': GOOD, 'b-bad.yaml': BAD });
    const io = captureIo();
    expect(await runCli(['fleets', '--dir', dir], io, fakeDeps(new FakeOrchestrator()))).toBe(2);
    const out = io.out.join('');
    expect(out).toMatch(/^kitchen {2}a-good\.yaml {2}\(site home; simulated, 10 Hz\)\n {4}kitchen_arm {2}body sim, executor sim {2}\[manipulate, /m);
    expect(out).toMatch(/^b-bad\.yaml: invalid\n {4}robots\.0\.executor\.url: expected a ws: or wss: URL$/m);
    const json = captureIo();
    expect(await runCli(['fleets', '--dir', dir, '--json'], json, fakeDeps(new FakeOrchestrator()))).toBe(2);
    const rows = JSON.parse(json.out.join('')) as FleetRow[];
    expect(rows.map((r) => [r.file, r.name ?? null, r.issues?.map((i) => i.path) ?? []])).toEqual([
      ['a-good.yaml', 'kitchen', []],
      ['b-bad.yaml', null, ['robots.0.executor.url']],
    ]);
  });

  it('validates the files it is given, and exits 0 when they are valid', async () => {
    const dir = dirWith({ 'good.yaml': GOOD });
    const io = captureIo({ cwd: dir });
    expect(await runCli(['fleets', 'good.yaml'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
    expect(io.out.join('')).toMatch(/^kitchen {2}.*good\.yaml/);
    expect(await runCli(['fleets', 'good.yaml', '--dir', dir], captureIo({ cwd: dir }), fakeDeps(new FakeOrchestrator()))).toBe(2);
  });

  it('validates every bundled fleet file (config/fleets)', async () => {
    const io = captureIo();
    expect(await runCli(['fleets'], io, fakeDeps(new FakeOrchestrator()))).toBe(0);
    expect(io.out.join('')).toMatch(/^home {2}home\.yaml/m);
  });
});

describe('--fleet', () => {
  it('passes the fleet file, resolved, to the orchestrator of serve and run; a fleet and a scene together are refused', async () => {
    const cwd = dirWith({ 'f.yaml': GOOD });
    const run = fakeDeps(new FakeOrchestrator());
    expect(await runCli(['run', 'tidy up', '--fleet', 'f.yaml', '--json'], captureIo({ cwd }), run)).toBe(0);
    expect(run.configs[0]?.fleet).toBe(resolve(cwd, 'f.yaml'));
    const serve = fakeDeps(new FakeOrchestrator(), { onServerStarted: () => serve.signal('SIGTERM') });
    expect(await runCli(['serve', '--fleet', 'f.yaml', '--port', '0'], captureIo({ cwd }), serve)).toBe(0);
    expect(serve.configs[0]).toEqual({ clock: 'realtime', fleet: resolve(cwd, 'f.yaml') });
    for (const argv of [
      ['run', 'x', '--fleet', 'f.yaml', '--scene', 'home'],
      ['run', 'x', '--fleet', 'f.yaml', '--scene-file', 's.yaml'],
      ['serve', '--fleet', 'f.yaml', '--scene', 'home'],
    ]) {
      const io = captureIo({ cwd });
      expect(await runCli(argv, io, fakeDeps(new FakeOrchestrator())), argv.join(' ')).toBe(2);
      expect(io.err.join('')).toMatch(/not both/);
    }
  });

  it('orca run --fleet with an invalid file exits 2 with the field on stderr', async () => {
    const cwd = dirWith({ 'bad.yaml': BAD });
    const io = captureIo({ cwd });
    expect(await runCli(['run', 'bring me a mug', '--fleet', 'bad.yaml', '--db', ':memory:'], io, realOrchestratorDeps())).toBe(2);
    expect(io.err.join('')).toMatch(/bad\.yaml: robots\.0\.executor\.url: expected a ws: or wss: URL/);
    expect(io.out.join('')).toBe('');
  });

  it('orca run --fleet config/fleets/home.yaml runs the mission on the fleet and prints its outcome', async () => {
    const io = captureIo();
    const code = await runCli(['run', 'put the red apple in the fridge', '--fleet', 'config/fleets/home.yaml', '--faults', 'off', '--db', ':memory:', '--json'], io, realOrchestratorDeps());
    const result = JSON.parse(io.out.join('')) as RunResult;
    expect([code, result.status, result.scene]).toEqual([0, 'succeeded', 'home']);
    expect(result.finalWorld?.find((o) => o.type === 'Apple' && o.attributes['color'] === 'red')?.location).toEqual({ relation: 'in', target: 'fridge_1' });
  }, 60_000);
});
