import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { z } from 'zod';
import { OrcaError } from '../domain/failures.js';
import { TraceActorKindSchema, TraceDataSchema, TraceEventKindSchema, makeTraceEvent, orderTraceEvent, parseTraceEventInput } from './schema.js';
import type { TraceEvent, TraceEventInput, ValidTraceEventInput } from './schema.js';
import { TraceObservers, freezeEvent, isoWallTime, parseMissionId, parseTraceQuery } from './store.js';
import type { TraceListener, TraceMissionSummary, TraceQuery, TraceStore, TraceStoreOptions } from './store.js';
import { SCHEMA_VERSION, migrate } from './sqlite-schema.js';
import { startWalCheckpointer } from './wal-checkpointer.js';
import type { WalCheckpointer } from './wal-checkpointer.js';

export interface SqliteTraceStoreOptions extends TraceStoreOptions {
  /**
   * NORMAL (default): in WAL mode a commit is in the WAL file (the OS page cache) when `append`
   * returns, so a killed process (SIGKILL, crash) loses no committed event; only a power cut or
   * kernel crash can drop the last few commits. FULL also fsyncs the WAL on every commit and
   * survives power loss, at the cost of one fsync per append.
   */
  synchronous?: 'NORMAL' | 'FULL';
  /** How long a writer waits for another process's write lock before failing. */
  busyTimeoutMs?: number;
  /**
   * `background` (default for files): WAL checkpoints run in a worker thread, so no `append` pays for
   * one (see wal-checkpointer.ts). `inline`: SQLite's automatic checkpoint inside some commits.
   */
  checkpoint?: 'background' | 'inline';
}

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

const SummaryRowSchema = z.object({
  mission_id: z.string(),
  count: z.number().int(),
  last_seq: z.number().int(),
  first_wall: z.string(),
  last_wall: z.string(),
});

/**
 * The default trace store: one SQLite file in WAL mode, one `events` table, one gapless sequence per
 * mission. Sequences are assigned inside an IMMEDIATE transaction, so several processes sharing the
 * file still get gapless, unique sequences (the unique index is the backstop).
 */
export class SqliteTraceStore implements TraceStore {
  readonly path: string;
  private readonly db: Db;
  private readonly observers: TraceObservers;
  private readonly now: () => number;
  private readonly insert: Statement;
  private readonly lastSeq: Statement<[string], { seq: number | null }>;
  private readonly insertAll: (inputs: readonly ValidTraceEventInput[], wallMs: number) => TraceEvent[];
  private readonly checkpointer: WalCheckpointer | null = null;

  constructor(path: string, options: SqliteTraceStoreOptions = {}) {
    this.path = path;
    if (path !== ':memory:' && path !== '') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.now = options.now ?? Date.now;
    this.observers = new TraceObservers(options.onObserverError);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    migrate(this.db);
    const onDisk = path !== ':memory:' && path !== '' && this.db.pragma('journal_mode', { simple: true }) === 'wal';
    if (onDisk && (options.checkpoint ?? 'background') === 'background') {
      this.db.pragma('wal_autocheckpoint = 0');
      this.checkpointer = startWalCheckpointer(path);
    }
    this.insert = this.db.prepare(
      `INSERT INTO events (mission_id, seq, actor_kind, actor_id, kind, subgoal_id, goal_id, wall_time, wall_ms, sim_time, data)
       VALUES (@mission_id, @seq, @actor_kind, @actor_id, @kind, @subgoal_id, @goal_id, @wall_time, @wall_ms, @sim_time, @data)`,
    );
    this.lastSeq = this.db.prepare('SELECT MAX(seq) AS seq FROM events WHERE mission_id = ?');
    const tx = this.db.transaction((inputs: readonly ValidTraceEventInput[], wallMs: number) => {
      const next = new Map<string, number>();
      const wallTime = isoWallTime(wallMs);
      return inputs.map((input) => {
        const seq = next.get(input.missionId) ?? (this.lastSeq.get(input.missionId)?.seq ?? 0) + 1;
        next.set(input.missionId, seq + 1);
        const event = makeTraceEvent(input, seq, wallTime);
        this.insert.run({
          mission_id: event.missionId,
          seq,
          actor_kind: event.actor.kind,
          actor_id: event.actor.id,
          kind: event.kind,
          subgoal_id: event.subgoalId ?? null,
          goal_id: event.goalId ?? null,
          wall_time: wallTime,
          wall_ms: wallMs,
          sim_time: event.simTime,
          data: JSON.stringify(event.data),
        });
        return freezeEvent(event);
      });
    });
    // IMMEDIATE takes the write lock before reading MAX(seq), so no other writer can slip in between.
    this.insertAll = (inputs, wallMs) => tx.immediate(inputs, wallMs);
  }

  get schemaVersion(): number {
    return SCHEMA_VERSION;
  }

  append(input: TraceEventInput): TraceEvent {
    const [event] = this.appendMany([input]);
    if (!event) throw new Error('unreachable: appendMany returned no event');
    return event;
  }

  appendMany(inputs: readonly TraceEventInput[]): TraceEvent[] {
    this.assertOpen();
    // Validate everything before the transaction so an invalid input never leaves a partial batch.
    const valid = inputs.map(parseTraceEventInput);
    if (valid.length === 0) return [];
    const stored = this.insertAll(valid, this.now());
    this.observers.notify(stored);
    return stored;
  }

  events(missionId: string, query: TraceQuery = {}): TraceEvent[] {
    this.assertOpen();
    const q = parseTraceQuery(query);
    const where = ['mission_id = @missionId'];
    const params: Record<string, string | number> = { missionId: parseMissionId(missionId) };
    if (q.kinds) {
      where.push(`kind IN (${q.kinds.map((_, i) => `@kind${i}`).join(', ')})`);
      q.kinds.forEach((k, i) => (params[`kind${i}`] = k));
    }
    const eq = (column: string, name: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = @${name}`);
      params[name] = value;
    };
    eq('subgoal_id', 'subgoalId', q.subgoalId);
    eq('goal_id', 'goalId', q.goalId);
    eq('actor_kind', 'actorKind', q.actorKind);
    const bound = (sql: string, name: string, value: number | undefined) => {
      if (value === undefined) return;
      where.push(sql);
      params[name] = value;
    };
    bound('seq >= @fromSeq', 'fromSeq', q.fromSeq);
    bound('seq > @afterSeq', 'afterSeq', q.afterSeq);
    bound('wall_ms >= @fromWall', 'fromWall', q.fromWall);
    bound('wall_ms <= @toWall', 'toWall', q.toWall);
    // NULL sim times fail these comparisons, which is the documented behaviour.
    bound('sim_time >= @fromSim', 'fromSim', q.fromSim);
    bound('sim_time <= @toSim', 'toSim', q.toSim);
    const limit = q.limit === undefined ? '' : ` LIMIT ${q.limit}`;
    const rows = this.db.prepare(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY seq${limit}`).all(params);
    return rows.map(rowToEvent);
  }

  missions(): TraceMissionSummary[] {
    this.assertOpen();
    const rows = this.db
      .prepare(
        `SELECT mission_id, COUNT(*) AS count, MAX(seq) AS last_seq, MIN(wall_time) AS first_wall, MAX(wall_time) AS last_wall
         FROM events GROUP BY mission_id ORDER BY first_wall, mission_id`,
      )
      .all();
    return rows.map((raw) => {
      const r = SummaryRowSchema.parse(raw);
      return { missionId: r.mission_id, count: r.count, lastSeq: r.last_seq, firstWallTime: r.first_wall, lastWallTime: r.last_wall };
    });
  }

  count(missionId: string): number {
    this.assertOpen();
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM events WHERE mission_id = ?').get(parseMissionId(missionId));
    return z.object({ n: z.number().int() }).parse(row).n;
  }

  subscribe(listener: TraceListener): () => void {
    return this.observers.add(listener);
  }

  close(): void {
    if (!this.db.open) return;
    this.observers.clear();
    this.checkpointer?.close();
    this.db.close();
  }

  private assertOpen(): void {
    if (!this.db.open) throw new OrcaError('trace_store_closed', `the trace store ${this.path} is closed`);
  }
}

/** Rows come from a file, so they are validated like any other outside input. */
function rowToEvent(raw: unknown): TraceEvent {
  const r = RowSchema.parse(raw);
  const data = TraceDataSchema.parse(JSON.parse(r.data));
  const event: TraceEvent = {
    missionId: r.mission_id,
    seq: r.seq,
    actor: { kind: r.actor_kind, id: r.actor_id },
    kind: r.kind,
    wallTime: r.wall_time,
    simTime: r.sim_time,
    data,
  };
  if (r.subgoal_id !== null) event.subgoalId = r.subgoal_id;
  if (r.goal_id !== null) event.goalId = r.goal_id;
  return freezeEvent(orderTraceEvent(event));
}
