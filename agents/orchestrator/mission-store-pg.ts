import { SyncPg } from '../../src/storage/sync-pg.js';
import { migratePg } from '../../src/storage/pg-migrations.js';
import { parseStoredMission } from './mission-store.js';
import type { MissionStore } from './mission-store.js';
import type { MissionView } from './types.js';

/** The mission registry on PostgreSQL, shared by every orca process of the site. */
export class PgMissionStore implements MissionStore {
  private readonly db: SyncPg;

  constructor(url: string) {
    this.db = new SyncPg(url, 'orca-missions');
    migratePg(this.db);
  }

  save(view: MissionView): void {
    this.db.run(
      `INSERT INTO orca_missions (id, status, scene, created_at, updated_at, record) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, record = excluded.record`,
      [view.id, view.status, view.scene, view.createdAt, view.updatedAt, JSON.stringify(view)],
    );
  }

  all(): MissionView[] {
    return this.db.query('SELECT id, record FROM orca_missions ORDER BY created_at, id').flatMap((raw) => parseStoredMission(raw) ?? []);
  }

  close(): void {
    this.db.close();
  }
}
