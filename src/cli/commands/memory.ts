import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SiteMemory, openMemoryStore } from '../../../agents/memory/index.js';
import type { MemoryEdit, MemoryEntry, MemoryStore } from '../../../agents/memory/index.js';
import { isPostgresUrl, parseDatabaseLocator, redactDatabaseUrl } from '../../storage/locator.js';
import { parse } from '../args.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo } from '../io.js';
import { DEFAULT_DB } from './trace.js';

export const MEMORY_USAGE = `usage: orca memory [list|show ID|edit ID|delete ID] [options]

What orca remembers at its sites: the references people gave ("my mug" is the red mug for alex) and
the failure statistics per skill, type of object and robot, each with its evidence (mission, trace
seq), who said it and when it was last confirmed.

  --db PATH|URL          the missions' SQLite file (default ./data/orca.sqlite) or postgres:// URL
  --kind KIND            list only reference or failure_stats entries
  --person ID            list only this person's references
  --site NAME            list only this site's (scene's) entries
  --all                  also list expired entries
  --json                 print entries as JSON
  edit ID: --phrase TEXT --ids A,B --label TEXT --person ID|- (- : for everyone)
`;

const OPTIONS = {
  db: { type: 'string' },
  kind: { type: 'string' },
  person: { type: 'string' },
  site: { type: 'string' },
  all: { type: 'boolean' },
  json: { type: 'boolean' },
  phrase: { type: 'string' },
  ids: { type: 'string' },
  label: { type: 'string' },
} as const;

/** One line per entry: what it says, who said it, when it was last confirmed, where it came from. */
export function describeEntry(e: MemoryEntry): string {
  const evidence = e.evidence.map((x) => `${x.missionId}${x.seq !== null ? `#${x.seq}` : ''}`).join(', ');
  const tail = `said by ${e.saidBy}, confirmed ${e.confirmedAt}, evidence ${evidence}${e.expired ? `, expired: ${e.expired.because}` : ''}`;
  if (e.kind === 'reference') return `${e.id}  [${e.site}] ${e.person ?? 'everyone'}: "${e.phrase}" = ${e.label} (${e.ids.join(', ')}) — ${tail}`;
  const failures = Object.entries(e.failures).map(([code, n]) => `${code} ×${n}`).join(', ') || 'none';
  const recoveries = Object.entries(e.recoveries).flatMap(([code, byKind]) => Object.entries(byKind ?? {}).map(([k, c]) => `${code}→${k} ${c.worked}✓/${c.failed}✗`)).join(', ');
  return `${e.id}  [${e.site}] ${e.robot} ${e.skill} on ${e.objectType}: ${e.attempts} attempts, failures ${failures}${recoveries ? `; recoveries ${recoveries}` : ''} — ${tail}`;
}

function editOf(values: { phrase?: string; ids?: string; label?: string; person?: string }): MemoryEdit {
  const edit: MemoryEdit = {};
  if (values.phrase !== undefined) edit.phrase = values.phrase;
  if (values.ids !== undefined) edit.ids = values.ids.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (values.label !== undefined) edit.label = values.label;
  if (values.person !== undefined) edit.person = values.person === '-' ? null : values.person;
  if (Object.keys(edit).length === 0) throw new UsageError('edit needs at least one of --phrase, --ids, --label, --person');
  return edit;
}

/** Opens the memory of a SQLite file (refusing a missing one rather than creating it) or a PostgreSQL URL. */
function openMemoryDb(db: string, cwd: string): MemoryStore {
  if (!isPostgresUrl(db)) {
    if (!existsSync(resolve(cwd, db))) throw new UsageError(`no database at ${db}`);
    return openMemoryStore(resolve(cwd, db));
  }
  try {
    parseDatabaseLocator(db);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return openMemoryStore(db);
}

export async function memoryCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(MEMORY_USAGE);
    return EXIT.ok;
  }
  const [action = 'list', id, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  if (!['list', 'show', 'edit', 'delete'].includes(action)) throw new UsageError(`unknown action "${action}" (list, show, edit, delete)`);
  if (action !== 'list' && id === undefined) throw new UsageError(`${action} needs an entry id`);
  if (values.kind !== undefined && values.kind !== 'reference' && values.kind !== 'failure_stats') throw new UsageError(`--kind must be reference or failure_stats (got "${values.kind}")`);
  const given = values.db ?? DEFAULT_DB;
  const store = openMemoryDb(given, io.cwd);
  const db = redactDatabaseUrl(given);
  const memory = new SiteMemory(store, () => new Date().toISOString());
  const print = (entries: readonly MemoryEntry[]): void => io.stdout(values.json ? `${JSON.stringify(entries, null, 2)}\n` : entries.map((e) => `${describeEntry(e)}\n`).join(''));
  try {
    if (action === 'list') {
      const kind = values.kind as 'reference' | 'failure_stats' | undefined;
      const read = memory.list({ ...(kind ? { kind } : {}), ...(values.person ? { person: values.person } : {}), ...(values.site ? { site: values.site } : {}), ...(values.all ? { includeExpired: true } : {}) });
      for (const d of read.dropped) io.stderr(`dropped ${d.id}: ${d.reason}\n`);
      if (read.entries.length === 0 && !values.json) io.stdout(`nothing remembered in ${db}\n`);
      else print(read.entries);
      return EXIT.ok;
    }
    const entryId = id!;
    if (action === 'show') {
      const e = memory.get(entryId);
      if (!e) throw new UsageError(`no memory entry "${entryId}" in ${db}`);
      print([e]);
      return EXIT.ok;
    }
    if (action === 'delete') {
      if (!memory.remove(entryId)) throw new UsageError(`no memory entry "${entryId}" in ${db}`);
      io.stdout(`forgot ${entryId}\n`);
      return EXIT.ok;
    }
    let edited: MemoryEntry | null;
    try {
      edited = memory.edit(entryId, editOf(values));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(err instanceof Error ? err.message.split('\n')[0] ?? 'invalid edit' : String(err));
    }
    if (!edited) throw new UsageError(`no memory entry "${entryId}" in ${db}`);
    print([edited]);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
