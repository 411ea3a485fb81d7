import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrchestratorConfigSchema } from './config.js';
import { SimFleetProvider } from './fleets.js';
import { SqliteSceneStore } from './scene-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-scene-store-'));
  dirs.push(dir);
  return join(dir, 'orca.sqlite');
}

const HOME = readFileSync(new URL('../../config/scenes/home.yaml', import.meta.url), 'utf8');
const named = (name: string) => HOME.replace(/^name: .*$/m, `name: ${name}`);

describe('SceneStore', () => {
  it('keeps uploads in order and refuses to overwrite a name', () => {
    const db = tempDb();
    const store = new SqliteSceneStore(db);
    store.add('b', 'text b', new Date('2026-01-02T00:00:00Z'));
    store.add('a', 'text a', new Date('2026-01-01T00:00:00Z'));
    expect(() => store.add('a', 'other')).toThrow();
    expect(store.all().map((s) => [s.name, s.text])).toEqual([['a', 'text a'], ['b', 'text b']]);
    expect(store.has('a')).toBe(true);
    store.close();
  });

  it('restores valid uploads at start and skips rows that do not parse or no longer validate, leaving them in the file', () => {
    const db = tempDb();
    const config = OrchestratorConfigSchema.parse({ db });
    const first = new SqliteSceneStore(db);
    new SimFleetProvider(config, { scenes: first }).addScene(named('flat'));
    first.close();
    const raw = new Database(db);
    raw.prepare('INSERT INTO orca_scenes (name, text, added_at) VALUES (?, ?, ?)').run('broken', 'name: broken\nkind: castle\n', '2026-01-01T00:00:00Z');
    raw.prepare('INSERT INTO orca_scenes (name, text, added_at) VALUES (?, ?, ?)').run('empty', '', '2026-01-01T00:00:00Z');
    raw.close();
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const second = new SqliteSceneStore(db);
    try {
      const again = new SimFleetProvider(config, { scenes: second });
      expect(again.scenes().filter((s) => s.source === 'uploaded').map((s) => s.name)).toEqual(['flat']);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/"broken" was not restored/));
      expect(second.all().map((s) => s.name).sort()).toEqual(['broken', 'flat']);
    } finally {
      warn.mockRestore();
      second.close();
    }
  });
});
