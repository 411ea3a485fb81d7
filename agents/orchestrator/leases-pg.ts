import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { SyncPg } from '../../src/storage/sync-pg.js';
import { migratePg } from '../../src/storage/pg-migrations.js';
import type { MissionLeases } from './leases.js';

const IdRowSchema = z.object({ mission_id: z.string() });
const ids = (rows: readonly unknown[]): string[] => rows.map((r) => IdRowSchema.parse(r).mission_id);

/**
 * Leases on PostgreSQL. Expiry is the server's clock (`now()`), so processes on machines whose
 * clocks disagree still agree on whose lease has run out. Expired leases are taken with
 * `FOR UPDATE SKIP LOCKED`, so two processes looking at once never take the same mission.
 */
export class PgLeases implements MissionLeases {
  readonly owner: string;
  readonly renewEveryMs: number;
  private readonly db: SyncPg;

  constructor(
    url: string,
    private readonly leaseSeconds: number,
  ) {
    this.owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.renewEveryMs = Math.max(100, Math.floor((leaseSeconds * 1000) / 3));
    this.db = new SyncPg(url, 'orca-leases');
    migratePg(this.db);
  }

  claim(missionId: string): boolean {
    const rows = this.db.query(
      `INSERT INTO orca_leases (mission_id, owner, expires_at)
       SELECT $1, $2, now() + make_interval(secs => $3)
       WHERE NOT EXISTS (SELECT 1 FROM orca_missions WHERE id = $1)
       ON CONFLICT (mission_id) DO NOTHING RETURNING mission_id`,
      [missionId, this.owner, this.leaseSeconds],
    );
    return rows.length === 1;
  }

  adopt(missionId: string): boolean {
    const rows = this.db.query(
      `INSERT INTO orca_leases AS l (mission_id, owner, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
       ON CONFLICT (mission_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, taken_at = now()
       WHERE l.expires_at < now() OR l.owner = excluded.owner
       RETURNING mission_id`,
      [missionId, this.owner, this.leaseSeconds],
    );
    return rows.length === 1;
  }

  renew(): Set<string> {
    return new Set(ids(this.db.query('UPDATE orca_leases SET expires_at = now() + make_interval(secs => $2) WHERE owner = $1 RETURNING mission_id', [this.owner, this.leaseSeconds])));
  }

  takeExpired(limit: number): string[] {
    return ids(
      this.db.query(
        `UPDATE orca_leases l SET owner = $1, expires_at = now() + make_interval(secs => $2), taken_at = now()
         FROM (SELECT mission_id FROM orca_leases WHERE expires_at < now() AND owner <> $1
               ORDER BY mission_id FOR UPDATE SKIP LOCKED LIMIT $3) free
         WHERE l.mission_id = free.mission_id RETURNING l.mission_id`,
        [this.owner, this.leaseSeconds, limit],
      ),
    );
  }

  release(missionId: string): void {
    this.db.run('DELETE FROM orca_leases WHERE mission_id = $1 AND owner = $2', [missionId, this.owner]);
  }

  /** Gives this process's leases up as it stops, so another process takes its missions over at once. */
  close(): void {
    if (!this.db.open) return;
    try {
      this.db.run('UPDATE orca_leases SET expires_at = now() WHERE owner = $1', [this.owner]);
    } finally {
      this.db.close();
    }
  }
}
