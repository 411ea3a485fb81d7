import { z } from 'zod';
import { OrcaError } from '../domain/failures.js';
import type { SyncPg } from './sync-pg.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The trace, the mission registry, the e-stop latch and its journal, uploaded scenes and saved
 * simulated worlds. Sequences per mission come from `orca_trace_heads`, whose row lock serialises
 * the writers of one mission and rolls back with a failed append, so sequences stay gapless. Every
 * committed batch of events notifies `orca_trace` with "<mission> <last seq>" per mission, so other
 * processes read what is new from the table. Every press and release of the e-stop notifies
 * `orca_estop` with the journal row, so every process latches (or releases) its robots.
 */
const V1 = `
CREATE FUNCTION orca_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;

CREATE TABLE orca_events (
  id          BIGSERIAL PRIMARY KEY,
  mission_id  TEXT    NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq > 0),
  actor_kind  TEXT    NOT NULL,
  actor_id    TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  subgoal_id  TEXT,
  goal_id     TEXT,
  wall_time   TEXT    NOT NULL,
  wall_ms     BIGINT  NOT NULL,
  sim_time    DOUBLE PRECISION,
  data        TEXT    NOT NULL,
  UNIQUE (mission_id, seq)
);
CREATE TABLE orca_trace_heads (mission_id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL CHECK (last_seq > 0));
CREATE TRIGGER orca_events_no_change BEFORE UPDATE OR DELETE ON orca_events FOR EACH ROW EXECUTE FUNCTION orca_refuse_change();
CREATE TRIGGER orca_events_no_truncate BEFORE TRUNCATE ON orca_events FOR EACH STATEMENT EXECUTE FUNCTION orca_refuse_change();

CREATE FUNCTION orca_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('orca_trace', mission_id || ' ' || MAX(seq)) FROM added GROUP BY mission_id;
  RETURN NULL;
END $$;
CREATE TRIGGER orca_events_notify AFTER INSERT ON orca_events REFERENCING NEW TABLE AS added
  FOR EACH STATEMENT EXECUTE FUNCTION orca_events_notify();

CREATE TABLE orca_missions (
  id TEXT PRIMARY KEY, status TEXT NOT NULL, scene TEXT NOT NULL,
  created_at TEXT NOT NULL, updated_at TEXT NOT NULL, record TEXT NOT NULL);

CREATE TABLE orca_estop_log (
  seq BIGSERIAL PRIMARY KEY, latched BOOLEAN NOT NULL, by TEXT NOT NULL, reason TEXT, at TEXT NOT NULL);
CREATE TABLE orca_estop (
  id INTEGER PRIMARY KEY CHECK (id = 1), latched BOOLEAN NOT NULL, by TEXT NOT NULL, reason TEXT, at TEXT NOT NULL,
  log_seq BIGINT NOT NULL REFERENCES orca_estop_log(seq));
CREATE TRIGGER orca_estop_log_no_change BEFORE UPDATE OR DELETE ON orca_estop_log FOR EACH ROW EXECUTE FUNCTION orca_refuse_change();
CREATE FUNCTION orca_estop_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('orca_estop', json_build_object('seq', NEW.seq, 'latched', NEW.latched, 'by', NEW."by", 'reason', NEW.reason, 'at', NEW.at)::text);
  RETURN NULL;
END $$;
CREATE TRIGGER orca_estop_log_notify AFTER INSERT ON orca_estop_log FOR EACH ROW EXECUTE FUNCTION orca_estop_notify();

CREATE TABLE orca_scenes (name TEXT PRIMARY KEY, text TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE TABLE orca_sim_worlds (scene TEXT PRIMARY KEY, snapshot TEXT NOT NULL, saved_at TEXT NOT NULL);
`;

/**
 * One row per mission that has not ended: the process driving it and until when its claim holds.
 * The owner renews its rows while it lives; a row past its expiry may be taken by any process.
 */
const V2 = `
CREATE TABLE orca_leases (
  mission_id TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at TIMESTAMPTZ NOT NULL, taken_at TIMESTAMPTZ NOT NULL DEFAULT now());
CREATE INDEX orca_leases_owner ON orca_leases (owner);
CREATE INDEX orca_leases_expiry ON orca_leases (expires_at);
`;

/**
 * Commands for a mission sent to a process that does not drive it: the owner hears of a row through
 * `orca_commands` ("<owner> <id>"), acts on it and writes the reply, which `orca_command_replies`
 * announces to the sender.
 */
const V3 = `
CREATE TABLE orca_commands (
  id BIGSERIAL PRIMARY KEY, mission_id TEXT NOT NULL, owner TEXT NOT NULL, command TEXT NOT NULL,
  sent_at TIMESTAMPTZ NOT NULL DEFAULT now(), answered_at TIMESTAMPTZ, reply TEXT);
CREATE FUNCTION orca_commands_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN PERFORM pg_notify('orca_commands', NEW.owner || ' ' || NEW.id);
  ELSIF NEW.reply IS NOT NULL AND OLD.reply IS NULL THEN PERFORM pg_notify('orca_command_replies', NEW.id::text);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER orca_commands_notify AFTER INSERT OR UPDATE ON orca_commands FOR EACH ROW EXECUTE FUNCTION orca_commands_notify();
`;

/**
 * The site memory: one row per entry, its JSON validated by orca on every write and read, the same
 * table as on SQLite, so every process of the site learns from and uses one memory.
 */
const V4 = `
CREATE TABLE orca_memory (
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, site TEXT NOT NULL, identity TEXT NOT NULL,
  updated_at TEXT NOT NULL, entry TEXT NOT NULL);
`;

/** Every change to the tables is a new entry here; an applied entry is never edited. */
export const PG_MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'trace, missions, e-stop, scenes, worlds', sql: V1 },
  { version: 2, name: 'mission leases', sql: V2 },
  { version: 3, name: 'mission commands', sql: V3 },
  { version: 4, name: 'site memory', sql: V4 },
];

/** Any fixed number: every orca process takes the same transaction-scoped advisory lock to migrate. */
const MIGRATION_LOCK = 4_242_001;

const AppliedSchema = z.object({ version: z.number().int() });

/**
 * Brings the database to the newest schema at start. Processes starting together take one advisory
 * lock, so each migration runs once; a database migrated by a newer orca is refused, not misread.
 */
export function migratePg(db: SyncPg, migrations: readonly Migration[] = PG_MIGRATIONS): number {
  return db.transaction(() => {
    db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    db.run(`CREATE TABLE IF NOT EXISTS orca_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    const applied = new Set(db.query('SELECT version FROM orca_migrations').map((r) => AppliedSchema.parse(r).version));
    const newest = Math.max(0, ...migrations.map((m) => m.version));
    const ahead = [...applied].filter((v) => v > newest);
    if (ahead.length > 0) throw new OrcaError('store_schema', `the database has schema v${Math.max(...ahead)}, newer than this orca (v${newest})`);
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      db.run(m.sql);
      db.run('INSERT INTO orca_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return newest;
  });
}
