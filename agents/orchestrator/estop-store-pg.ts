import { z } from 'zod';
import type { EstopRecord } from '../../src/domain/estop.js';
import { SyncPg } from '../../src/storage/sync-pg.js';
import { migratePg } from '../../src/storage/pg-migrations.js';
import { UNREADABLE_ESTOP } from './estop-store.js';
import type { EstopLogEntry, EstopStore } from './estop-store.js';

const StateRowSchema = z.object({ latched: z.boolean(), by: z.string(), reason: z.string().nullable(), at: z.string() });
const LogRowSchema = StateRowSchema.extend({ seq: z.coerce.number().int().positive() });

/**
 * One statement, so one round trip and one transaction: the journal row, then the state (a second
 * press while latched is journalled but keeps who latched it and since when). The journal's insert
 * trigger notifies `orca_estop`, so every process sharing the database hears of it at commit.
 */
const RECORD_SQL = `
WITH logged AS (
  INSERT INTO orca_estop_log (latched, by, reason, at) VALUES ($1::boolean, $2::text, $3::text, $4::text) RETURNING seq
), was AS (
  SELECT latched FROM orca_estop WHERE id = 1 FOR UPDATE
), moved AS (
  INSERT INTO orca_estop AS s (id, latched, by, reason, at, log_seq)
  SELECT 1, $1::boolean, $2::text, $3::text, $4::text, seq FROM logged
  WHERE NOT ($1::boolean AND COALESCE((SELECT latched FROM was), false))
  ON CONFLICT (id) DO UPDATE SET latched = excluded.latched, by = excluded.by, reason = excluded.reason, at = excluded.at, log_seq = excluded.log_seq
  RETURNING 1
)
SELECT seq FROM logged`;

/** The site's e-stop latch and its journal on PostgreSQL: one latch for every process of the site. */
export class PgEstopStore implements EstopStore {
  private readonly db: SyncPg;

  constructor(url: string) {
    this.db = new SyncPg(url, 'orca-estop');
    migratePg(this.db);
  }

  record(rec: EstopRecord): number {
    const [row] = this.db.query(RECORD_SQL, [rec.latched, rec.by, rec.reason, rec.at]);
    return z.object({ seq: z.coerce.number().int().positive() }).parse(row).seq;
  }

  current(): EstopRecord | null {
    const [raw] = this.db.query('SELECT latched, by, reason, at FROM orca_estop WHERE id = 1');
    if (raw === undefined) return null;
    const row = StateRowSchema.safeParse(raw);
    return row.success ? row.data : UNREADABLE_ESTOP;
  }

  history(limit = 100): EstopLogEntry[] {
    const rows = this.db.query('SELECT seq, latched, by, reason, at FROM orca_estop_log ORDER BY seq DESC LIMIT $1', [limit]);
    return rows.flatMap((raw) => {
      const row = LogRowSchema.safeParse(raw);
      return row.success ? [row.data] : [];
    });
  }

  close(): void {
    this.db.close();
  }
}
