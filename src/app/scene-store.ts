import Database from 'better-sqlite3';
import { z } from 'zod';
import { parseDatabaseLocator } from '../storage/locator.js';
import { migratePg } from '../storage/pg-migrations.js';
import { SyncPg } from '../storage/sync-pg.js';

const SceneRowSchema = z.object({
  name: z.string().min(1).max(200),
  text: z.string().min(1),
  added_at: z.string().min(1),
});

export interface StoredScene {
  name: string;
  /** The scene file as uploaded; it is validated again when restored. */
  text: string;
  addedAt: string;
}

/**
 * Uploaded scene files, beside the missions that use them, so a restarted process (or another
 * process of the site) knows the scene of a mission it resumes. Rows are never replaced: a name is
 * taken once.
 */
export interface SceneStore {
  /** Every stored scene, oldest first; a row that does not parse is skipped (and stays stored). */
  all(): StoredScene[];
  has(name: string): boolean;
  add(name: string, text: string, at?: Date): void;
  close(): void;
}

function toStoredScenes(rows: readonly unknown[]): StoredScene[] {
  return rows.flatMap((raw) => {
    const row = SceneRowSchema.safeParse(raw);
    return row.success ? [{ name: row.data.name, text: row.data.text, addedAt: row.data.added_at }] : [];
  });
}

export function openSceneStore(db: string): SceneStore {
  const where = parseDatabaseLocator(db);
  return where.kind === 'postgres' ? new PgSceneStore(where.url) : new SqliteSceneStore(where.path);
}

/** Uploaded scenes in the orchestrator's SQLite file. */
export class SqliteSceneStore implements SceneStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS orca_scenes (name TEXT PRIMARY KEY, text TEXT NOT NULL, added_at TEXT NOT NULL)');
  }

  all(): StoredScene[] {
    return toStoredScenes(this.db.prepare('SELECT name, text, added_at FROM orca_scenes ORDER BY added_at, name').all());
  }

  has(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM orca_scenes WHERE name = ?').get(name) !== undefined;
  }

  add(name: string, text: string, at: Date = new Date()): void {
    this.db.prepare('INSERT INTO orca_scenes (name, text, added_at) VALUES (?, ?, ?)').run(name, text, at.toISOString());
  }

  close(): void {
    this.db.close();
  }
}

/** Uploaded scenes on PostgreSQL, shared by every process of the site. */
export class PgSceneStore implements SceneStore {
  private readonly db: SyncPg;

  constructor(url: string) {
    this.db = new SyncPg(url, 'orca-scenes');
    migratePg(this.db);
  }

  all(): StoredScene[] {
    return toStoredScenes(this.db.query('SELECT name, text, added_at FROM orca_scenes ORDER BY added_at, name'));
  }

  has(name: string): boolean {
    return this.db.query('SELECT 1 FROM orca_scenes WHERE name = $1', [name]).length > 0;
  }

  add(name: string, text: string, at: Date = new Date()): void {
    this.db.run('INSERT INTO orca_scenes (name, text, added_at) VALUES ($1, $2, $3)', [name, text, at.toISOString()]);
  }

  close(): void {
    this.db.close();
  }
}
