import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileWritable, SqliteTraceStore, exportJsonText, exportMcap, openTraceStore } from '../../traces/index.js';
import { isPostgresUrl } from '../../storage/locator.js';
import type { TraceStore } from '../../traces/index.js';
import { style } from '../ansi.js';
import { parse } from '../args.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo } from '../io.js';
import { chooseDb } from '../db.js';
import { renderTimeline } from '../timeline.js';

export const TRACE_USAGE = `usage: orca trace [<missionId>] [options]

Shows a mission's timeline from the trace store; without a mission id, lists the missions in it.

  --db PATH|URL          SQLite trace file or postgres:// URL
                         (default $ORCA_DATABASE_URL, else ./data/orca.sqlite)
  --json                 print the events as a JSON array
  --all                  also steps, state transitions and progress samples
  --export mcap|json     write the trace to --out FILE (MCAP opens in Foxglove)
  --out FILE             where --export writes
`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  all: { type: 'boolean' },
  export: { type: 'string' },
  out: { type: 'string' },
} as const;

export const DEFAULT_DB = './data/orca.sqlite';

/** Opens the store, refusing a missing SQLite file rather than creating an empty database. */
export function openTraceDb(path: string, cwd: string): TraceStore {
  if (isPostgresUrl(path)) return openTraceStore(path);
  const full = resolve(cwd, path);
  if (!existsSync(full)) throw new UsageError(`no trace database at ${path}`);
  return new SqliteTraceStore(full);
}

export async function traceCommand(argv: readonly string[], io: CliIo, open: (path: string) => TraceStore = (p) => openTraceDb(p, io.cwd)): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(TRACE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`orca trace takes one mission id (got ${positionals.length})`);
  const format = values.export;
  if (format !== undefined && format !== 'mcap' && format !== 'json') throw new UsageError(`--export must be mcap or json (got "${format}")`);
  if (format !== undefined && values.out === undefined) throw new UsageError('--export needs --out FILE');
  if (format === undefined && values.out !== undefined) throw new UsageError('--out needs --export mcap|json');
  const missionId = positionals[0];
  if (missionId === undefined && format !== undefined) throw new UsageError('--export needs a mission id');

  const db = chooseDb(values.db, io.env) ?? DEFAULT_DB;
  const store = open(db);
  try {
    if (missionId === undefined) {
      const missions = store.missions();
      if (values.json) io.stdout(`${JSON.stringify(missions, null, 2)}\n`);
      else if (missions.length === 0) io.stdout(`no missions in ${db}\n`);
      else for (const m of missions) io.stdout(`${m.missionId}  ${m.count} events  ${m.firstWallTime} … ${m.lastWallTime}\n`);
      return EXIT.ok;
    }
    const count = store.count(missionId);
    if (count === 0) throw new UsageError(`no mission "${missionId}" in ${db}`);
    if (format !== undefined && values.out !== undefined) {
      const out = resolve(io.cwd, values.out);
      if (format === 'json') writeFileSync(out, exportJsonText(store, missionId));
      else {
        const file = await FileWritable.create(out);
        try {
          await exportMcap(store, missionId, file);
        } finally {
          await file.close();
        }
      }
      io.stderr(`wrote ${count} events of ${missionId} to ${values.out} (${format})\n`);
      return EXIT.ok;
    }
    const events = store.events(missionId);
    if (values.json) io.stdout(`${JSON.stringify(events, null, 2)}\n`);
    else io.stdout(`${renderTimeline(events, { style: style(io.color), all: values.all === true }).join('\n')}\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
