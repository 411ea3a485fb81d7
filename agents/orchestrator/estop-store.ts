import Database from 'better-sqlite3';
import { z } from 'zod';
import type { EstopRecord } from '../../src/domain/estop.js';

const StateRowSchema = z.object({
  latched: z.union([z.literal(0), z.literal(1)]),
  by: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
});

const LogRowSchema = StateRowSchema.extend({ seq: z.number().int().positive() });

/** How long a press waits for another writer before the journal write fails (the latch stays set). */
const WRITE_WAIT_MS = 5000;
const PAUSE = new Int32Array(new SharedArrayBuffer(4));
const isBusy = (err: unknown): boolean => typeof err === 'object' && err !== null && 'code' in err && (err.code === 'SQLITE_BUSY' || err.code === 'SQLITE_LOCKED');

export interface EstopLogEntry extends EstopRecord {
  seq: number;
}

/**
 * The e-stop latch as the site last left it, beside the missions: a restarted process comes back
 * latched, and only a release clears it. Every press and release is a row of an append-only journal,
 * written in the same transaction as the state it leads to, so the two never disagree.
 */
export interface EstopStore {
  /** Journals a press or release and moves the state to it, in one transaction; returns the journal's seq. */
  record(rec: EstopRecord): number;
  /** The state the last press or release left; null when the latch was never used (or the row is unreadable, which reads as latched). */
  current(): EstopRecord | null;
  /** The journal, newest first. */
  history(limit?: number): EstopLogEntry[];
  close(): void;
}

/** An unreadable latch fails safe: a robot that might be e-stopped is treated as e-stopped. */
export const UNREADABLE_ESTOP: EstopRecord = { latched: true, by: 'unknown', reason: 'the stored e-stop state could not be read', at: new Date(0).toISOString() };

/**
 * The e-stop latch as the site last left it, in the same SQLite file as the missions: a restarted
 * process comes back latched, and only a release clears it. Every press and release is a row of an
 * append-only journal, written in the same transaction as the state it leads to, so the two never
 * disagree. Safe to open from several threads or processes (WAL, IMMEDIATE transactions).
 *
 * @example
 * const store = new SqliteEstopStore('./data/orca.sqlite');
 * store.record({ latched: true, by: 'alex', reason: 'person in the way', at: new Date().toISOString() });
 * store.current()?.latched; // true, also after a restart
 */
export class SqliteEstopStore implements EstopStore {
  private readonly db: Database.Database;
  private readonly write: (rec: EstopRecord) => number;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // No sleeping busy handler: SQLite's sleeps in steps of up to 100 ms; `record` retries finely instead.
    this.db.pragma('busy_timeout = 0');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS orca_estop_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, latched INTEGER NOT NULL, by TEXT NOT NULL, reason TEXT, at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS orca_estop (
        id INTEGER PRIMARY KEY CHECK (id = 1), latched INTEGER NOT NULL, by TEXT NOT NULL, reason TEXT, at TEXT NOT NULL,
        log_seq INTEGER NOT NULL REFERENCES orca_estop_log(seq));
      CREATE TRIGGER IF NOT EXISTS orca_estop_log_no_update BEFORE UPDATE ON orca_estop_log
        BEGIN SELECT RAISE(ABORT, 'the e-stop journal is append-only'); END;
      CREATE TRIGGER IF NOT EXISTS orca_estop_log_no_delete BEFORE DELETE ON orca_estop_log
        BEGIN SELECT RAISE(ABORT, 'the e-stop journal is append-only'); END;`);
    const append = this.db.prepare('INSERT INTO orca_estop_log (latched, by, reason, at) VALUES (?, ?, ?, ?)');
    const current = this.db.prepare('SELECT latched FROM orca_estop WHERE id = 1');
    const upsert = this.db.prepare(`INSERT INTO orca_estop (id, latched, by, reason, at, log_seq) VALUES (1, ?, ?, ?, ?, ?)
      ON CONFLICT(id) DO UPDATE SET latched = excluded.latched, by = excluded.by, reason = excluded.reason, at = excluded.at, log_seq = excluded.log_seq`);
    const tx = this.db.transaction((rec: EstopRecord): number => {
      const seq = Number(append.run(rec.latched ? 1 : 0, rec.by, rec.reason, rec.at).lastInsertRowid);
      const was = current.get() as { latched?: unknown } | undefined;
      // A second press while latched is journalled, but the state keeps who latched it and since when.
      if (!(rec.latched && was?.latched === 1)) upsert.run(rec.latched ? 1 : 0, rec.by, rec.reason, rec.at, seq);
      return seq;
    });
    this.write = (rec) => {
      // Another connection's write (a trace append) holds the lock for a moment: try again every quarter
      // millisecond rather than after SQLite's coarse sleeps, so a press is journalled as soon as it can be.
      const deadline = Date.now() + WRITE_WAIT_MS;
      for (;;) {
        try {
          return tx.immediate(rec);
        } catch (err) {
          if (!isBusy(err) || Date.now() > deadline) throw err;
          Atomics.wait(PAUSE, 0, 0, 0.25);
        }
      }
    };
  }

  /** Journals a press or release and moves the state to it, in one transaction; returns the journal's seq. */
  record(rec: EstopRecord): number {
    return this.write(rec);
  }

  /** The state the last press or release left; null when the latch was never used (or the row is unreadable, which reads as latched). */
  current(): EstopRecord | null {
    const raw: unknown = this.db.prepare('SELECT latched, by, reason, at FROM orca_estop WHERE id = 1').get();
    if (raw === undefined) return null;
    const row = StateRowSchema.safeParse(raw);
    if (!row.success) return UNREADABLE_ESTOP;
    return { latched: row.data.latched === 1, by: row.data.by, reason: row.data.reason, at: row.data.at };
  }

  /** The journal, newest first. */
  history(limit = 100): EstopLogEntry[] {
    const rows = this.db.prepare('SELECT seq, latched, by, reason, at FROM orca_estop_log ORDER BY seq DESC LIMIT ?').all(limit);
    return rows.flatMap((raw) => {
      const row = LogRowSchema.safeParse(raw);
      return row.success ? [{ seq: row.data.seq, latched: row.data.latched === 1, by: row.data.by, reason: row.data.reason, at: row.data.at }] : [];
    });
  }

  close(): void {
    this.db.close();
  }
}
