import pg from 'pg';
import { z } from 'zod';
import { OrcaError } from '../domain/failures.js';
import { SyncPg } from '../storage/sync-pg.js';
import { migratePg } from '../storage/pg-migrations.js';
import { TraceActorKindSchema, TraceDataSchema, TraceEventKindSchema, makeTraceEvent, orderTraceEvent, parseTraceEventInput } from './schema.js';
import type { TraceEvent, TraceEventInput } from './schema.js';
import { MAX_QUERY_LIMIT, TraceObservers, freezeEvent, isoWallTime, parseMissionId, parseTraceQuery } from './store.js';
import type { TraceListener, TraceMissionSummary, TraceQuery, TraceStore, TraceStoreOptions } from './store.js';

const RowSchema = z.object({
  mission_id: z.string(),
  seq: z.number().int().positive(),
  actor_kind: TraceActorKindSchema,
  actor_id: z.string(),
  kind: TraceEventKindSchema,
  subgoal_id: z.string().nullable(),
  goal_id: z.string().nullable(),
  wall_time: z.string(),
  sim_time: z.number().nullable(),
  data: z.string(),
});

const SummaryRowSchema = z.object({ mission_id: z.string(), count: z.number().int(), last_seq: z.number().int(), first_wall: z.string(), last_wall: z.string() });
const HeadRowSchema = z.object({ mission_id: z.string(), seq: z.number().int().positive() });

/**
 * One statement, so one round trip and one implicit transaction: the heads of the batch's missions
 * move by their counts (their row locks serialise concurrent writers of a mission until commit, and
 * roll back with a failed insert, so no sequence is skipped), and the events take the numbers below
 * each new head in input order.
 */
const APPEND_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(
    ord INTEGER, mission_id TEXT, actor_kind TEXT, actor_id TEXT, kind TEXT, subgoal_id TEXT, goal_id TEXT,
    wall_time TEXT, wall_ms BIGINT, sim_time DOUBLE PRECISION, data TEXT)
), counts AS (
  SELECT mission_id, COUNT(*)::int AS n FROM input GROUP BY mission_id
), heads AS (
  INSERT INTO orca_trace_heads AS h (mission_id, last_seq) SELECT mission_id, n FROM counts
  ON CONFLICT (mission_id) DO UPDATE SET last_seq = h.last_seq + excluded.last_seq
  RETURNING mission_id, last_seq
)
INSERT INTO orca_events (mission_id, seq, actor_kind, actor_id, kind, subgoal_id, goal_id, wall_time, wall_ms, sim_time, data)
SELECT i.mission_id, h.last_seq - c.n + (ROW_NUMBER() OVER (PARTITION BY i.mission_id ORDER BY i.ord))::int,
       i.actor_kind, i.actor_id, i.kind, i.subgoal_id, i.goal_id, i.wall_time, i.wall_ms, i.sim_time, i.data
FROM input i JOIN heads h ON h.mission_id = i.mission_id JOIN counts c ON c.mission_id = i.mission_id
RETURNING mission_id, seq`;

/**
 * The trace store on PostgreSQL, with SqliteTraceStore's contract: append-only (triggers refuse
 * updates, deletes and truncation), gapless sequences per mission shared by every process, and
 * `append` returns only once the events are committed.
 */
export class PgTraceStore implements TraceStore {
  private readonly db: SyncPg;
  private readonly observers: TraceObservers;
  private readonly now: () => number;
  /** The highest sequence observers have seen per mission, while other processes' events are followed. */
  private readonly delivered = new Map<string, number>();
  private follower: pg.Client | null = null;

  constructor(
    readonly url: string,
    options: TraceStoreOptions = {},
  ) {
    this.db = new SyncPg(url, 'orca-traces');
    this.now = options.now ?? Date.now;
    this.observers = new TraceObservers(options.onObserverError);
    try {
      migratePg(this.db);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  append(input: TraceEventInput): TraceEvent {
    const [event] = this.appendMany([input]);
    if (!event) throw new Error('unreachable: appendMany returned no event');
    return event;
  }

  appendMany(inputs: readonly TraceEventInput[]): TraceEvent[] {
    this.assertOpen();
    const valid = inputs.map(parseTraceEventInput);
    if (valid.length === 0) return [];
    const wallMs = this.now();
    const wallTime = isoWallTime(wallMs);
    const rows = valid.map((input, ord) => ({
      ord,
      mission_id: input.missionId,
      actor_kind: input.actor.kind,
      actor_id: input.actor.id,
      kind: input.kind,
      subgoal_id: input.subgoalId ?? null,
      goal_id: input.goalId ?? null,
      wall_time: wallTime,
      wall_ms: wallMs,
      sim_time: input.simTime ?? null,
      data: JSON.stringify(input.data),
    }));
    const heads = new Map<string, number>();
    for (const raw of this.db.query(APPEND_SQL, [JSON.stringify(rows)])) {
      const row = HeadRowSchema.parse(raw);
      heads.set(row.mission_id, Math.max(heads.get(row.mission_id) ?? 0, row.seq));
    }
    const counts = new Map<string, number>();
    for (const input of valid) counts.set(input.missionId, (counts.get(input.missionId) ?? 0) + 1);
    const taken = new Map<string, number>();
    const stored = valid.map((input) => {
      const k = (taken.get(input.missionId) ?? 0) + 1;
      taken.set(input.missionId, k);
      const seq = (heads.get(input.missionId) ?? 0) - (counts.get(input.missionId) ?? 0) + k;
      return freezeEvent(makeTraceEvent(input, seq, wallTime));
    });
    this.observers.notify(this.follower ? this.withMissedBefore(stored) : stored);
    return stored;
  }

  /**
   * From now on observers also see the events other processes append, read from the table when
   * PostgreSQL notifies their commit, in sequence order per mission. Resolves once listening.
   */
  async followOtherProcesses(): Promise<void> {
    if (this.follower) return;
    const client = new pg.Client({ connectionString: this.url, application_name: 'orca-trace-follow' });
    client.on('notification', (n) => this.caughtUp(n.payload ?? ''));
    client.on('error', (err) => process.emitWarning(`trace follower lost its connection: ${err.message}`, 'OrcaTraceWarning'));
    await client.connect();
    await client.query('LISTEN orca_trace');
    this.follower = client;
  }

  /** Another process committed events of a mission up to `seq`: hand observers what they have not seen. */
  private caughtUp(payload: string): void {
    const at = payload.lastIndexOf(' ');
    const missionId = payload.slice(0, at);
    const seq = Number(payload.slice(at + 1));
    if (!this.db.open || at <= 0 || !Number.isInteger(seq) || seq <= (this.delivered.get(missionId) ?? 0)) return;
    this.deliver(this.events(missionId, { afterSeq: this.delivered.get(missionId) ?? 0, limit: MAX_QUERY_LIMIT }));
  }

  /** This process's own events, preceded by any another process committed in between that observers missed. */
  private withMissedBefore(own: readonly TraceEvent[]): TraceEvent[] {
    const out: TraceEvent[] = [];
    for (const e of own) {
      const seen = this.delivered.get(e.missionId) ?? 0;
      if (e.seq > seen + 1) out.push(...this.events(e.missionId, { afterSeq: seen, limit: Math.min(MAX_QUERY_LIMIT, e.seq - seen - 1) }));
      out.push(e);
      this.delivered.set(e.missionId, Math.max(seen, e.seq));
    }
    return out;
  }

  private deliver(events: readonly TraceEvent[]): void {
    const fresh = events.filter((e) => e.seq > (this.delivered.get(e.missionId) ?? 0));
    for (const e of fresh) this.delivered.set(e.missionId, e.seq);
    this.observers.notify(fresh);
  }

  events(missionId: string, query: TraceQuery = {}): TraceEvent[] {
    this.assertOpen();
    const q = parseTraceQuery(query);
    const params: (string | number)[] = [parseMissionId(missionId)];
    const where = ['mission_id = $1'];
    const add = (sql: (p: string) => string, value: string | number | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.kinds) {
      const marks = q.kinds.map((k) => {
        params.push(k);
        return `$${params.length}`;
      });
      where.push(`kind IN (${marks.join(', ')})`);
    }
    add((p) => `subgoal_id = ${p}`, q.subgoalId);
    add((p) => `goal_id = ${p}`, q.goalId);
    add((p) => `actor_kind = ${p}`, q.actorKind);
    add((p) => `seq >= ${p}`, q.fromSeq);
    add((p) => `seq > ${p}`, q.afterSeq);
    add((p) => `wall_ms >= ${p}`, q.fromWall);
    add((p) => `wall_ms <= ${p}`, q.toWall);
    add((p) => `sim_time >= ${p}`, q.fromSim);
    add((p) => `sim_time <= ${p}`, q.toSim);
    const limit = q.limit === undefined ? '' : ` LIMIT ${q.limit}`;
    const sql = `SELECT mission_id, seq, actor_kind, actor_id, kind, subgoal_id, goal_id, wall_time, sim_time, data
      FROM orca_events WHERE ${where.join(' AND ')} ORDER BY seq${limit}`;
    return this.db.query(sql, params).map(rowToEvent);
  }

  missions(): TraceMissionSummary[] {
    this.assertOpen();
    const rows = this.db.query(
      `SELECT mission_id, COUNT(*)::int AS count, MAX(seq) AS last_seq, MIN(wall_time) AS first_wall, MAX(wall_time) AS last_wall
       FROM orca_events GROUP BY mission_id ORDER BY first_wall, mission_id`,
    );
    return rows.map((raw) => {
      const r = SummaryRowSchema.parse(raw);
      return { missionId: r.mission_id, count: r.count, lastSeq: r.last_seq, firstWallTime: r.first_wall, lastWallTime: r.last_wall };
    });
  }

  count(missionId: string): number {
    this.assertOpen();
    const [row] = this.db.query('SELECT COUNT(*)::int AS n FROM orca_events WHERE mission_id = $1', [parseMissionId(missionId)]);
    return z.object({ n: z.number().int() }).parse(row).n;
  }

  subscribe(listener: TraceListener): () => void {
    return this.observers.add(listener);
  }

  close(): void {
    if (!this.db.open) return;
    this.observers.clear();
    void this.follower?.end().catch(() => undefined);
    this.follower = null;
    this.db.close();
  }

  private assertOpen(): void {
    if (!this.db.open) throw new OrcaError('trace_store_closed', 'the trace store is closed');
  }
}

/** Rows come from a shared database, so they are validated like any other outside input. */
function rowToEvent(raw: unknown): TraceEvent {
  const r = RowSchema.parse(raw);
  const event: TraceEvent = {
    missionId: r.mission_id,
    seq: r.seq,
    actor: { kind: r.actor_kind, id: r.actor_id },
    kind: r.kind,
    wallTime: r.wall_time,
    simTime: r.sim_time,
    data: TraceDataSchema.parse(JSON.parse(r.data)),
  };
  if (r.subgoal_id !== null) event.subgoalId = r.subgoal_id;
  if (r.goal_id !== null) event.goalId = r.goal_id;
  return freezeEvent(orderTraceEvent(event));
}
