import Database from 'better-sqlite3';
import { z } from 'zod';
import { parseDatabaseLocator } from '../storage/locator.js';
import { migratePg } from '../storage/pg-migrations.js';
import { SyncPg } from '../storage/sync-pg.js';
import type { Scene, WorldSnapshot } from '../world/index.js';

/**
 * The simulated world as a scene again: every entity where the snapshot saw it, with its state,
 * and the robots where they stood. A restarted process rebuilds its simulated household from this,
 * so a resumed mission finds the fridge it opened still open; real robots need no such thing.
 */
export function sceneFromSnapshot(scene: Scene, snap: WorldSnapshot): Scene {
  const byId = new Map(snap.entities.map((e) => [e.id, e]));
  const centre = (id: string) => {
    const e = byId.get(id) ?? snap.entities.find((x) => x.regions.some((r) => r.id === id));
    const r = e?.regions.find((x) => x.id === id);
    return r?.position ?? e?.position ?? null;
  };
  const entities = scene.entities.map((e) => {
    const s = byId.get(e.id);
    if (!s) return e;
    const regions = e.regions.map((r) => ({ ...r, state: { ...(s.regions.find((x) => x.id === r.id)?.state ?? r.state) } }));
    const base = { ...e, attributes: { ...s.attributes }, state: { ...s.state }, regions };
    if (s.placement) {
      const at = centre(s.placement.target);
      const offset = at ? { x: s.position.x - at.x, y: s.position.y - at.y } : undefined;
      const { position: _p, ...rest } = base;
      return { ...rest, placement: { relation: s.placement.relation, target: s.placement.target, ...(offset ? { offset } : {}) } };
    }
    if (s.heldBy || e.placement) {
      // Something carried when the process stopped rests where it was, on the floor plane of the map.
      const { placement: _pl, ...rest } = base;
      return { ...rest, position: { x: s.position.x, y: s.position.y, z: s.heldBy ? 0.05 : s.position.z } };
    }
    return base;
  });
  const robots = scene.robots.map((r) => {
    const s = snap.robots.find((x) => x.id === r.id);
    return s ? { ...r, pose: { ...s.pose } } : r;
  });
  const people = scene.people.map((p) => {
    const s = snap.people.find((x) => x.id === p.id);
    return s ? { ...p, room: s.room, position: { ...s.position } } : p;
  });
  return { ...scene, entities, robots, people };
}

/** Last saved simulated world per scene, so a restarted process (or the one taking over) rebuilds it. */
export interface WorldStateStore {
  load(scene: string): WorldSnapshot | null;
  save(scene: string, snap: WorldSnapshot): void;
  clear(scene: string): boolean;
  close(): void;
}

const SnapshotRowSchema = z.object({ snapshot: z.string() });

function parseSnapshotRow(raw: unknown): WorldSnapshot | null {
  const row = SnapshotRowSchema.safeParse(raw);
  if (!row.success) return null;
  try {
    return JSON.parse(row.data.snapshot) as WorldSnapshot;
  } catch {
    return null;
  }
}

export function openWorldStateStore(db: string): WorldStateStore {
  const where = parseDatabaseLocator(db);
  return where.kind === 'postgres' ? new PgWorldStateStore(where.url) : new SqliteWorldStateStore(where.path);
}

/** Last saved simulated world per scene, in the orchestrator's SQLite file. */
export class SqliteWorldStateStore implements WorldStateStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS orca_sim_worlds (scene TEXT PRIMARY KEY, snapshot TEXT NOT NULL, saved_at TEXT NOT NULL)');
  }

  load(scene: string): WorldSnapshot | null {
    return parseSnapshotRow(this.db.prepare('SELECT snapshot FROM orca_sim_worlds WHERE scene = ?').get(scene));
  }

  save(scene: string, snap: WorldSnapshot): void {
    this.db
      .prepare('INSERT INTO orca_sim_worlds (scene, snapshot, saved_at) VALUES (?, ?, ?) ON CONFLICT(scene) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at')
      .run(scene, JSON.stringify(snap), new Date().toISOString());
  }

  clear(scene: string): boolean {
    return this.db.prepare('DELETE FROM orca_sim_worlds WHERE scene = ?').run(scene).changes > 0;
  }

  close(): void {
    this.db.close();
  }
}

/** Saved simulated worlds on PostgreSQL, so the process that takes a mission over finds its world. */
export class PgWorldStateStore implements WorldStateStore {
  private readonly db: SyncPg;

  constructor(url: string) {
    this.db = new SyncPg(url, 'orca-worlds');
    migratePg(this.db);
  }

  load(scene: string): WorldSnapshot | null {
    const [raw] = this.db.query('SELECT snapshot FROM orca_sim_worlds WHERE scene = $1', [scene]);
    return raw === undefined ? null : parseSnapshotRow(raw);
  }

  save(scene: string, snap: WorldSnapshot): void {
    this.db.run(
      `INSERT INTO orca_sim_worlds (scene, snapshot, saved_at) VALUES ($1, $2, $3)
       ON CONFLICT (scene) DO UPDATE SET snapshot = excluded.snapshot, saved_at = excluded.saved_at`,
      [scene, JSON.stringify(snap), new Date().toISOString()],
    );
  }

  clear(scene: string): boolean {
    return this.db.run('DELETE FROM orca_sim_worlds WHERE scene = $1', [scene]) > 0;
  }

  close(): void {
    this.db.close();
  }
}
