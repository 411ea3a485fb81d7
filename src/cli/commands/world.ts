import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { openMissionStore } from '../../../agents/orchestrator/stores.js';
import { TERMINAL_STATUSES } from '../../../agents/orchestrator/types.js';
import { openSceneStore } from '../../app/scene-store.js';
import { openWorldStateStore } from '../../app/world-state.js';
import { isPostgresUrl } from '../../storage/locator.js';
import { listBuiltinScenes } from '../../world/index.js';
import { parse } from '../args.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo } from '../io.js';
import { chooseDb } from '../db.js';
import { DEFAULT_DB } from './trace.js';

export const WORLD_USAGE = `usage: orca world reset [options]

Puts a scene's simulated world back as its scene file describes it: the world saved in the
database is forgotten, so the next start of orca on it builds the world (and the robots' belief)
from the file. Refused while the database holds a mission on the scene that has not ended.

  --scene NAME    the scene (default home)
  --db PATH|URL   SQLite file or postgres:// URL of the service (default $ORCA_DATABASE_URL,
                  else ./data/orca.sqlite)

A running service keeps its world in memory: reset it there (POST /api/scenes/NAME/reset, or
the page's Reset world button).
`;

const OPTIONS = {
  scene: { type: 'string' },
  db: { type: 'string' },
} as const;

export async function worldCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(WORLD_USAGE);
    return EXIT.ok;
  }
  const [action, ...rest] = positionals;
  if (action !== 'reset' || rest.length > 0) throw new UsageError(`orca world takes one action, "reset" (got "${positionals.join(' ')}")`);
  const scene = values.scene ?? 'home';
  const db = chooseDb(values.db, io.env) ?? DEFAULT_DB;
  const path = isPostgresUrl(db) ? db : resolve(io.cwd, db);
  // Never create a database: a mistyped path must not look like an empty service.
  if (!isPostgresUrl(db) && !existsSync(path)) throw new UsageError(`no database at ${db}`);

  const missions = openMissionStore(path);
  const scenes = openSceneStore(path);
  const worlds = openWorldStateStore(path);
  try {
    if (!listBuiltinScenes().includes(scene) && !scenes.has(scene)) throw new UsageError(`unknown scene "${scene}" in ${db}`);
    const holder = missions.all().find((m) => m.scene === scene && !TERMINAL_STATUSES.includes(m.status));
    if (holder) {
      io.stderr(`orca world reset: mission ${holder.id} on ${scene} is ${holder.status}; cancel it first (POST /api/missions/${holder.id}/cancel, or Cancel on the page), then reset\n`);
      return EXIT.failed;
    }
    const had = worlds.clear(scene);
    io.stdout(had ? `reset the simulated world of ${scene} in ${db}: the next start builds it from the scene file\n` : `the simulated world of ${scene} in ${db} is already as its scene file describes it\n`);
    return EXIT.ok;
  } finally {
    worlds.close();
    scenes.close();
    missions.close();
  }
}
