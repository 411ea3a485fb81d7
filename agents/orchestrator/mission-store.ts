import Database from 'better-sqlite3';
import { z } from 'zod';
import type { MissionView } from './types.js';
import { MissionStatusSchema } from './types.js';

const RowSchema = z.object({ id: z.string(), record: z.string() });

/**
 * The registry of missions (what the surfaces list), beside the trace and the LangGraph
 * checkpoints. Each row holds the mission's last view, written whenever its status changes, so a
 * restarted process can list and recover its missions.
 */
export interface MissionStore {
  save(view: MissionView): void;
  /** Every mission, oldest first; rows that no longer parse are skipped rather than failing the start. */
  all(): MissionView[];
  close(): void;
}

/** Reads a stored mission view; null for a row that no longer parses. */
export function parseStoredMission(raw: unknown): MissionView | null {
  const row = RowSchema.safeParse(raw);
  if (!row.success) return null;
  try {
    const view = JSON.parse(row.data.record) as MissionView;
    return MissionStatusSchema.safeParse(view.status).success ? view : null;
  } catch {
    return null;
  }
}

/** The mission registry in the orchestrator's SQLite file. */
export class SqliteMissionStore implements MissionStore {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS orca_missions (
      id TEXT PRIMARY KEY, status TEXT NOT NULL, scene TEXT NOT NULL,
      created_at TEXT NOT NULL, updated_at TEXT NOT NULL, record TEXT NOT NULL)`);
    this.upsert = this.db.prepare(`INSERT INTO orca_missions (id, status, scene, created_at, updated_at, record)
      VALUES (@id, @status, @scene, @createdAt, @updatedAt, @record)
      ON CONFLICT(id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, record = excluded.record`);
  }

  save(view: MissionView): void {
    this.upsert.run({ id: view.id, status: view.status, scene: view.scene, createdAt: view.createdAt, updatedAt: view.updatedAt, record: JSON.stringify(view) });
  }

  all(): MissionView[] {
    const rows = this.db.prepare('SELECT id, record FROM orca_missions ORDER BY created_at, id').all();
    return rows.flatMap((raw) => parseStoredMission(raw) ?? []);
  }

  close(): void {
    this.db.close();
  }
}
