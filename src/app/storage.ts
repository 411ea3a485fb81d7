import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { openEstopStore, openMissionStore } from '../../agents/orchestrator/stores.js';
import { PgLeases } from '../../agents/orchestrator/leases-pg.js';
import type { MissionLeases } from '../../agents/orchestrator/leases.js';
import { PgCommandRelay } from '../../agents/orchestrator/relay-pg.js';
import type { CommandRelay } from '../../agents/orchestrator/relay.js';
import type { EstopStore } from '../../agents/orchestrator/estop-store.js';
import type { MissionStore } from '../../agents/orchestrator/mission-store.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import { parseDatabaseLocator } from '../storage/locator.js';
import type { DatabaseLocator } from '../storage/locator.js';
import { SyncPg } from '../storage/sync-pg.js';
import { PgTraceStore, openTraceStore } from '../traces/index.js';
import type { TraceStore } from '../traces/index.js';
import { openMemoryStore } from '../../agents/memory/index.js';
import type { MemoryStore } from '../../agents/memory/index.js';
import { openSceneStore } from './scene-store.js';
import type { SceneStore } from './scene-store.js';
import { openWorldStateStore } from './world-state.js';
import type { WorldStateStore } from './world-state.js';

/** Everything an orchestrator keeps, on one database: SQLite (one file) or PostgreSQL (one server). */
export interface Storage {
  readonly where: DatabaseLocator;
  traces: TraceStore;
  missions: MissionStore;
  estops: EstopStore;
  checkpointer: BaseCheckpointSaver;
  /** Present when the simulated worlds and uploaded scenes are kept across restarts. */
  worlds: WorldStateStore | null;
  scenes: SceneStore | null;
  /** The site memory (docs/memory.md). */
  memory: MemoryStore;
  /** Mission leases on a shared database; null on SQLite (one process drives every mission). */
  leases: MissionLeases | null;
  /** Commands for missions other processes drive; null on SQLite. */
  relay: CommandRelay | null;
  /** Runs first when the storage closes (watchers of the database stop before their connections go). */
  onClose(fn: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/** Any fixed number: processes starting together set LangGraph's tables up one at a time. */
const CHECKPOINT_SETUP_LOCK = 4_242_002;

export function parseDb(db: string): DatabaseLocator {
  try {
    return parseDatabaseLocator(db);
  } catch (err) {
    throw new OrchestratorError('bad_input', err instanceof Error ? err.message : String(err));
  }
}

/** Opens every store on `db`, migrating it first; anything opened is closed again if a later store fails. */
export async function openStorage(db: string, opts: { persistWorld: boolean; leaseSeconds?: number }): Promise<Storage> {
  const where = parseDb(db);
  if (where.kind === 'sqlite' && where.path !== ':memory:') mkdirSync(dirname(where.path), { recursive: true });
  const opened: { close(): unknown }[] = [];
  const keep = <T extends { close(): unknown }>(s: T): T => {
    opened.push(s);
    return s;
  };
  try {
    const traces = keep(openTraceStore(db));
    const missions = keep(openMissionStore(db));
    const estops = keep(openEstopStore(db));
    const worlds = opts.persistWorld ? keep(openWorldStateStore(db)) : null;
    const scenes = opts.persistWorld ? keep(openSceneStore(db)) : null;
    const memory = keep(openMemoryStore(db));
    // Opened last, so closing (in reverse) gives the leases up first and another process may take over at once.
    const leases = where.kind === 'postgres' ? keep(new PgLeases(where.url, opts.leaseSeconds ?? 15)) : null;
    const relay = leases ? await PgCommandRelay.open(where.kind === 'postgres' ? where.url : '', leases.owner) : null;
    const saver = await openCheckpointer(where).catch(async (err: unknown) => {
      await relay?.close();
      throw err;
    });
    // Every process's live events reach this one's observers (and so its SSE clients).
    if (traces instanceof PgTraceStore) await traces.followOtherProcesses();
    const before: (() => Promise<void> | void)[] = [];
    return {
      where,
      traces,
      missions,
      estops,
      checkpointer: saver.checkpointer,
      worlds,
      scenes,
      memory,
      leases,
      relay,
      onClose(fn) {
        before.push(fn);
      },
      async close() {
        for (const fn of before.splice(0)) await fn();
        await relay?.close();
        for (const s of [...opened].reverse()) s.close();
        await saver.close();
      },
    };
  } catch (err) {
    for (const s of opened.reverse()) s.close();
    throw err;
  }
}

async function openCheckpointer(where: DatabaseLocator): Promise<{ checkpointer: BaseCheckpointSaver; close(): Promise<void> }> {
  if (where.kind === 'sqlite') {
    const saver = SqliteSaver.fromConnString(where.path);
    return {
      checkpointer: saver,
      close: async () => {
        saver.db.close();
      },
    };
  }
  const saver = PostgresSaver.fromConnString(where.url);
  const lock = new SyncPg(where.url, 'orca-setup');
  try {
    lock.query('SELECT pg_advisory_lock($1)', [CHECKPOINT_SETUP_LOCK]);
    await saver.setup();
  } catch (err) {
    await saver.end().catch(() => undefined);
    throw err;
  } finally {
    lock.close();
  }
  return { checkpointer: saver, close: () => saver.end() };
}
