import Database from 'better-sqlite3';
import { z } from 'zod';

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
 * Uploaded scene files, in the orchestrator's SQLite file beside the missions that use them, so a
 * restarted process knows the scene of a mission it resumes. Rows are never replaced: a name is
 * taken once.
 */
export class SceneStore {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS orca_scenes (name TEXT PRIMARY KEY, text TEXT NOT NULL, added_at TEXT NOT NULL)');
  }

  /** Every stored scene, oldest first; a row that does not parse is skipped (and stays in the file). */
  all(): StoredScene[] {
    const rows: unknown[] = this.db.prepare('SELECT name, text, added_at FROM orca_scenes ORDER BY added_at, name').all();
    const out: StoredScene[] = [];
    for (const raw of rows) {
      const row = SceneRowSchema.safeParse(raw);
      if (row.success) out.push({ name: row.data.name, text: row.data.text, addedAt: row.data.added_at });
    }
    return out;
  }

  has(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM orca_scenes WHERE name = ?').get(name) !== undefined;
  }

  /** Throws if the name is taken (the caller checks first; a race between processes must not overwrite). */
  add(name: string, text: string, at: Date = new Date()): void {
    this.db.prepare('INSERT INTO orca_scenes (name, text, added_at) VALUES (?, ?, ?)').run(name, text, at.toISOString());
  }

  close(): void {
    this.db.close();
  }
}
