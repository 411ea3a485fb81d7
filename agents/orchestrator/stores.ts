import { parseDatabaseLocator } from '../../src/storage/locator.js';
import { PgEstopStore } from './estop-store-pg.js';
import { SqliteEstopStore } from './estop-store.js';
import type { EstopStore } from './estop-store.js';
import { PgMissionStore } from './mission-store-pg.js';
import { SqliteMissionStore } from './mission-store.js';
import type { MissionStore } from './mission-store.js';

/** The e-stop latch and journal of a database locator (a SQLite path or a `postgres://` URL); safe from any thread. */
export function openEstopStore(db: string): EstopStore {
  const where = parseDatabaseLocator(db);
  return where.kind === 'postgres' ? new PgEstopStore(where.url) : new SqliteEstopStore(where.path);
}

export function openMissionStore(db: string): MissionStore {
  const where = parseDatabaseLocator(db);
  return where.kind === 'postgres' ? new PgMissionStore(where.url) : new SqliteMissionStore(where.path);
}
