import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { listFleetFiles, loadFleetFile } from '../../app/fleet-load.js';
import type { ResolvedFleet } from '../../app/fleet-load.js';
import { ValidationError } from '../../domain/failures.js';
import { parse } from '../args.js';
import { EXIT, UsageError, errorMessage } from '../io.js';
import type { CliIo } from '../io.js';

export const FLEETS_USAGE = `usage: orca fleets [FILE…] [--dir DIR] [--json]

Lists the fleet files (default: every *.yaml of config/fleets, or of DIR) and validates each one:
its site, every robot's body, executor and perception, and the robot configs it names. Nothing is
connected to. Exit 2 when a file is invalid (each error names the field).

Run a mission on one with orca run --fleet FILE "…", or serve it with orca serve --fleet FILE.
`;

export interface FleetRow {
  file: string;
  name?: string;
  site?: string;
  clock?: string;
  robots?: { id: string; body: string; executor: string; capabilities: string[] }[];
  error?: string;
  issues?: { path: string; message: string }[];
}

function rowOf(file: string, fleet: ResolvedFleet): FleetRow {
  return {
    file,
    name: fleet.name,
    site: fleet.scene.name,
    clock: fleet.simulated ? `simulated, ${fleet.runtime.control_rate_hz} Hz` : `wall clock, ${fleet.runtime.control_rate_hz} Hz`,
    robots: fleet.robots.map((r) => ({ id: r.id, body: r.body.kind, executor: r.config.executor.kind, capabilities: [...r.capabilities] })),
  };
}

export async function fleetsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { dir: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (values.help) {
    io.stdout(FLEETS_USAGE);
    return EXIT.ok;
  }
  if (values.dir !== undefined && positionals.length > 0) throw new UsageError('give fleet files or --dir, not both');
  const files = positionals.length > 0 ? positionals.map((p) => resolve(io.cwd, p)) : filesIn(resolve(io.cwd, values.dir ?? 'config/fleets'), values.dir ?? 'config/fleets');
  const rows = files.map((file): FleetRow => {
    const shown = positionals.length > 0 ? file : basename(file);
    try {
      return rowOf(shown, loadFleetFile(file));
    } catch (error) {
      const issues = error instanceof ValidationError ? [...error.issues] : [];
      return { file: shown, error: errorMessage(error), ...(issues.length > 0 ? { issues } : {}) };
    }
  });
  if (values.json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else printRows(rows, io);
  return rows.some((r) => r.error !== undefined) ? EXIT.badInput : EXIT.ok;
}

function filesIn(dir: string, shown: string): string[] {
  if (!existsSync(dir)) throw new UsageError(`no fleet folder ${shown}`);
  try {
    return listFleetFiles(dir);
  } catch (error) {
    throw new UsageError(`cannot read fleet files in ${shown}: ${errorMessage(error)}`);
  }
}

function printRows(rows: readonly FleetRow[], io: CliIo): void {
  if (rows.length === 0) io.stdout('no fleet files\n');
  for (const r of rows) {
    if (r.error !== undefined) {
      io.stdout(`${r.file}: invalid\n`);
      for (const i of r.issues ?? [{ path: '', message: r.error }]) io.stdout(`    ${i.path || '(file)'}: ${i.message}\n`);
      continue;
    }
    io.stdout(`${r.name}  ${r.file}  (site ${r.site}; ${r.clock})\n`);
    for (const robot of r.robots ?? []) io.stdout(`    ${robot.id}  body ${robot.body}, executor ${robot.executor}  [${robot.capabilities.join(', ')}]\n`);
  }
}
