import type { Database } from 'better-sqlite3';
import { OrcaError } from '../domain/failures.js';

/** Bumped with every change to the tables below; stored in SQLite's `user_version`. */
export const SCHEMA_VERSION = 2;

const V1 = `
CREATE TABLE IF NOT EXISTS events (
  id          INTEGER PRIMARY KEY,
  mission_id  TEXT    NOT NULL,
  seq         INTEGER NOT NULL CHECK (seq > 0),
  actor_kind  TEXT    NOT NULL,
  actor_id    TEXT    NOT NULL,
  kind        TEXT    NOT NULL,
  subgoal_id  TEXT,
  goal_id     TEXT,
  wall_time   TEXT    NOT NULL,
  wall_ms     INTEGER NOT NULL,
  sim_time    REAL,
  data        TEXT    NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_mission_seq ON events (mission_id, seq);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'trace events are append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'trace events are append-only'); END;
`;

/**
 * v2 drops v1's secondary indexes (by kind, subgoal, wall and sim time): every append is a commit on
 * the control path and each index is another B-tree written per event (they doubled append time),
 * while every query is within one mission, which (mission_id, seq) already narrows to a few thousand rows.
 */
const V2 = `
DROP INDEX IF EXISTS events_mission_kind;
DROP INDEX IF EXISTS events_mission_subgoal;
DROP INDEX IF EXISTS events_mission_wall;
DROP INDEX IF EXISTS events_mission_sim;
`;

/** Creates or upgrades the schema; refuses a file written by a newer orca rather than misreading it. */
export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new OrcaError('trace_store_schema', 'cannot read the trace store schema version');
  if (version > SCHEMA_VERSION) {
    throw new OrcaError('trace_store_schema', `trace store schema v${version} is newer than this orca (v${SCHEMA_VERSION})`);
  }
  if (version === SCHEMA_VERSION) return;
  db.transaction(() => {
    if (version < 1) db.exec(V1);
    if (version < 2) db.exec(V2);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}
