import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteMissionStore as MissionStore } from '../../agents/orchestrator/mission-store.js';
import type { MissionStatus, MissionView } from '../../agents/orchestrator/types.js';
import { SqliteSceneStore as SceneStore } from '../app/scene-store.js';
import { SqliteWorldStateStore as WorldStateStore } from '../app/world-state.js';
import type { WorldSnapshot } from '../world/index.js';
import { runCli } from './cli.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-world-cli-'));
  dirs.push(dir);
  return dir;
}

const SNAPSHOT = { entities: [], robots: [], people: [] } as unknown as WorldSnapshot;

function mission(id: string, scene: string, status: MissionStatus): MissionView {
  const at = '2026-01-01T00:00:00.000Z';
  return { id, instruction: 'put the bread on the table', scene, status, reason: null, speaker: 'alex', goal: null, planVersion: 1, subgoals: [], questions: [], delegations: [], pending: [], messages: [], createdAt: at, updatedAt: at, simTime: 0 };
}

/** A service database with a saved world for `home` and `flat` (uploaded) and the given missions. */
function serviceDb(dir: string, missions: MissionView[]): string {
  const db = join(dir, 'orca.sqlite');
  const worlds = new WorldStateStore(db);
  worlds.save('home', SNAPSHOT);
  worlds.save('flat', SNAPSHOT);
  worlds.close();
  const scenes = new SceneStore(db);
  scenes.add('flat', 'name: flat');
  scenes.close();
  const store = new MissionStore(db);
  for (const m of missions) store.save(m);
  store.close();
  return db;
}

const savedWorld = (db: string, scene: string): boolean => {
  const worlds = new WorldStateStore(db);
  try {
    return worlds.load(scene) !== null;
  } finally {
    worlds.close();
  }
};

const world = async (argv: string[], cwd: string) => {
  const io = captureIo({ cwd });
  const code = await runCli(['world', ...argv], io, fakeDeps(new FakeOrchestrator()));
  return { code, out: io.out.join(''), err: io.err.join('') };
};

describe('orca world reset', () => {
  it('forgets the saved world of the scene, and of that scene only', async () => {
    const dir = tempDir();
    const db = serviceDb(dir, [mission('m-0001', 'home', 'succeeded'), mission('m-0002', 'flat', 'interrupted')]);
    const r = await world(['reset', '--db', 'orca.sqlite'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/reset the simulated world of home/);
    expect(savedWorld(db, 'home')).toBe(false);
    expect(savedWorld(db, 'flat')).toBe(true);
    const again = await world(['reset', '--db', 'orca.sqlite'], dir);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/already as its scene file describes it/);
  });

  it('refuses while the database holds a mission on the scene that has not ended, naming it', async () => {
    const dir = tempDir();
    const db = serviceDb(dir, [mission('m-0001', 'flat', 'cancelled'), mission('m-0002', 'flat', 'interrupted')]);
    const r = await world(['reset', '--scene', 'flat', '--db', db], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/mission m-0002 on flat is interrupted; cancel it first/);
    expect(savedWorld(db, 'flat')).toBe(true);
  });

  it('is bad input for an unknown scene, a missing database or another action, and creates no database', async () => {
    const dir = tempDir();
    serviceDb(dir, []);
    expect((await world(['reset', '--scene', 'mars', '--db', 'orca.sqlite'], dir)).code).toBe(2);
    const missing = await world(['reset', '--db', 'nope.sqlite'], dir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no database at nope\.sqlite/);
    expect(existsSync(join(dir, 'nope.sqlite'))).toBe(false);
    expect((await world(['wipe', '--db', 'orca.sqlite'], dir)).code).toBe(2);
    expect((await world(['--help'], dir)).out).toMatch(/usage: orca world reset/);
  });
});
