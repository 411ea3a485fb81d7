import { OrchestratorError, TERMINAL_STATUSES } from '../../../agents/orchestrator/types.js';
import type { MissionView, Orchestrator } from '../../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../../app/config.js';
import { parse } from '../args.js';
import type { CliDeps } from '../deps.js';
import { describeHold, dbFlag, holdsRobots } from '../holders.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo } from '../io.js';
import { chooseDb } from '../db.js';

export const MISSIONS_USAGE = `usage: orca missions [options]
       orca missions cancel <missionId>... [--reason TEXT] [options]

Lists the missions in the database that have not ended: what each is doing or waiting for, and
whether it holds its scene's robots (a mission that holds them refuses every new one there).
"cancel" ends missions (recorded in their traces), which releases their robots.

  --all          also the missions that ended, newest first
  --limit N      at most N missions (default 20)
  --reason TEXT  why they are cancelled (default "cancelled from the command line")
  --db PATH|URL  SQLite file or postgres:// URL (default $ORCA_DATABASE_URL, else ./data/orca.sqlite)
  --json         print JSON on stdout (the list, or the cancelled missions)

Use it on a database no running "orca serve" has open: with a server, use its page or API.
exit codes: 0 done, 1 a mission could not be cancelled (it had already ended), 2 bad input
`;

const OPTIONS = {
  all: { type: 'boolean' },
  limit: { type: 'string' },
  reason: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const DEFAULT_LIMIT = 20;

export async function missionsCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(MISSIONS_USAGE);
    return EXIT.ok;
  }
  const [sub, ...ids] = positionals;
  if (sub !== undefined && sub !== 'cancel') throw new UsageError(`unknown subcommand "${sub}" (orca missions [cancel ID...])`);
  if (sub === 'cancel' && ids.length === 0) throw new UsageError('orca missions cancel needs a mission id, e.g. orca missions cancel m-0001');
  if (sub === undefined && values.reason !== undefined) throw new UsageError('--reason goes with cancel');
  const limit = parseLimit(values.limit);
  // The world is not touched by listing or cancelling; the scene's saved state is left as it is.
  const db = chooseDb(values.db, io.env);
  const config: OrchestratorConfigInput = { clock: 'fast', persistWorld: false, ...(db !== undefined ? { db } : {}) };
  const orchestrator = await deps.createOrchestrator(config);
  try {
    if (sub === 'cancel') return await cancelMissions(orchestrator, ids, values.reason ?? 'cancelled from the command line', values.json === true, io);
    const shown = listed(orchestrator, values.all === true, limit);
    if (values.json) io.stdout(`${JSON.stringify(shown.map(summary), null, 2)}\n`);
    else io.stdout(listLines(shown, values.all === true, db).join('\n') + '\n');
    return EXIT.ok;
  } finally {
    await orchestrator.close();
  }
}

function parseLimit(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000) throw new UsageError(`--limit must be a whole number 1-10000 (got "${value}")`);
  return Number(value);
}

function listed(o: Orchestrator, all: boolean, limit: number): MissionView[] {
  const missions = o.listMissions({ limit: 10_000 });
  return (all ? missions : missions.filter((m) => !TERMINAL_STATUSES.includes(m.status))).slice(0, limit);
}

function summary(m: MissionView) {
  return {
    id: m.id,
    status: m.status,
    scene: m.scene,
    instruction: m.instruction,
    holdsRobots: holdsRobots(m),
    doing: describeHold(m),
    pending: m.pending.map((r) => ({ id: r.id, kind: r.kind, question: r.question })),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

function listLines(missions: readonly MissionView[], all: boolean, db: string | undefined): string[] {
  if (missions.length === 0) return [all ? 'no missions' : 'no unfinished missions'];
  const lines: string[] = [];
  for (const m of missions) {
    lines.push(`${m.id}  ${m.status}  ${m.scene}  ${m.updatedAt}  "${m.instruction}"`);
    if (TERMINAL_STATUSES.includes(m.status)) continue;
    lines.push(`    ${holdsRobots(m) ? `holds the robots of ${m.scene}; ` : ''}${describeHold(m)}`);
    lines.push(`    cancel: orca missions cancel ${m.id}${dbFlag(db)}`);
  }
  return lines;
}

async function cancelMissions(o: Orchestrator, ids: readonly string[], reason: string, json: boolean, io: CliIo): Promise<number> {
  const unknown = ids.filter((id) => o.getMission(id) === null);
  if (unknown.length > 0) throw new UsageError(`no mission ${unknown.join(', ')} in this database (see orca missions --all)`);
  let code: number = EXIT.ok;
  const done: MissionView[] = [];
  for (const id of ids) {
    try {
      const m = await o.cancel(id, reason);
      done.push(m);
      if (!json) io.stdout(`${m.id}: ${m.status}${m.reason ? ` (${m.reason})` : ''}\n`);
    } catch (error) {
      if (!(error instanceof OrchestratorError) || error.code !== 'conflict') throw error;
      io.stderr(`orca missions: ${error.message}\n`);
      code = EXIT.failed;
    }
  }
  if (json) io.stdout(`${JSON.stringify(done.map(summary), null, 2)}\n`);
  return code;
}
