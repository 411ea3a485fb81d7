import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseRobotConfigYaml } from '../../executors/robot-config.js';
import type { RobotConfig } from '../../executors/robot-config.js';
import type { Health } from '../../executors/health.js';
import { loadSkillLibrary } from '../../skills/index.js';
import { listBuiltinScenes, loadBuiltinScene } from '../../world/index.js';
import { brief } from '../ansi.js';
import { parse } from '../args.js';
import type { CliDeps } from '../deps.js';
import { EXIT, UsageError, errorMessage } from '../io.js';
import type { CliIo } from '../io.js';

export const SCENES_USAGE = 'usage: orca scenes [--json]\n\nLists the built-in scenes (config/scenes) with their robots and people.\n';
export const SKILLS_USAGE = 'usage: orca skills [--json]\n\nLists the skill library (skills/*.yaml): name, parameters, capability.\n';
export const ROBOTS_USAGE = `usage: orca robots [--config-dir DIR] [--check] [--json]

Lists the configured robots (default DIR: config/robots).
  --check    also ask each robot's binding whether it is reachable;
             exit 1 when any is not (each named on stderr)
`;

export interface SceneRow {
  name: string;
  kind: string;
  robots: string[];
  people: string[];
  description: string | null;
  error?: string;
}

export function builtinSceneRows(): SceneRow[] {
  return listBuiltinScenes().map((name) => {
    try {
      const s = loadBuiltinScene(name);
      return { name, kind: s.kind, robots: s.robots.map((r) => r.id), people: s.people.map((p) => p.id), description: s.description ?? null };
    } catch (error) {
      return { name, kind: '?', robots: [], people: [], description: null, error: errorMessage(error) };
    }
  });
}

export async function scenesCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, false);
  if (values.help) {
    io.stdout(SCENES_USAGE);
    return EXIT.ok;
  }
  const rows = builtinSceneRows();
  if (values.json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    for (const r of rows) {
      io.stdout(`${r.name}  (${r.kind}${r.robots.length ? `; robots ${r.robots.join(', ')}` : ''}${r.people.length ? `; people ${r.people.join(', ')}` : ''})\n`);
      if (r.description) io.stdout(`    ${brief(r.description.trim().replace(/\s+/g, ' '), 110)}\n`);
      if (r.error) io.stdout(`    invalid: ${r.error}\n`);
    }
  }
  return rows.some((r) => r.error) ? EXIT.failed : EXIT.ok;
}

export async function skillsCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, false);
  if (values.help) {
    io.stdout(SKILLS_USAGE);
    return EXIT.ok;
  }
  const skills = loadSkillLibrary().list();
  const rows = skills.map((s) => ({
    name: s.name,
    params: s.parameters.map((p) => ({ name: p.name, kind: p.kind })),
    capability: s.capability,
    description: s.description,
    requiresApproval: s.requiresApproval,
  }));
  if (values.json) io.stdout(`${JSON.stringify(rows, null, 2)}\n`);
  else {
    const width = Math.max(...rows.map((r) => r.name.length + r.params.map((p) => `${p.name}: ${p.kind}`).join(', ').length + 2));
    for (const r of rows) {
      const sig = `${r.name}(${r.params.map((p) => `${p.name}: ${p.kind}`).join(', ')})`;
      io.stdout(`${sig.padEnd(width)}  ${r.capability.padEnd(10)} ${r.requiresApproval ? '[approval] ' : ''}${brief(r.description, 80)}\n`);
    }
  }
  return EXIT.ok;
}

export async function robotsCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values } = parse(argv, { 'config-dir': { type: 'string' }, check: { type: 'boolean' }, json: { type: 'boolean' } }, false);
  if (values.help) {
    io.stdout(ROBOTS_USAGE);
    return EXIT.ok;
  }
  const dir = resolve(io.cwd, values['config-dir'] ?? 'config/robots');
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    throw new UsageError(`cannot read robot configs in ${values['config-dir'] ?? 'config/robots'}: ${errorMessage(error)}`);
  }
  const robots: { file: string; config: RobotConfig }[] = [];
  const invalid: { file: string; error: string }[] = [];
  for (const file of files) {
    try {
      robots.push({ file, config: parseRobotConfigYaml(readFileSync(join(dir, file), 'utf8'), file) });
    } catch (error) {
      invalid.push({ file, error: errorMessage(error) });
    }
  }
  const health = values.check ? await checkHealth(robots, deps) : null;
  if (values.json) {
    const rows = robots.map((r) => ({ file: r.file, id: r.config.id, kind: r.config.kind, executor: r.config.executor.kind, capabilities: r.config.capabilities, health: health?.get(r.file) ?? null }));
    io.stdout(`${JSON.stringify({ robots: rows, invalid }, null, 2)}\n`);
  } else {
    if (robots.length === 0 && invalid.length === 0) io.stdout(`no robot configs in ${dir}\n`);
    for (const r of robots) {
      const h = health?.get(r.file);
      const status = h ? `  ${h.ok ? 'ok' : 'DOWN'}: ${h.detail}` : '';
      io.stdout(`${r.config.id}  ${r.config.kind} via ${r.config.executor.kind}  [${r.config.capabilities.join(', ')}]  ${r.file}${status}\n`);
    }
    for (const i of invalid) io.stdout(`${i.file}: invalid — ${i.error}\n`);
  }
  if (invalid.length > 0) return EXIT.badInput;
  const down = robots.filter((r) => health?.get(r.file)?.ok === false);
  for (const r of down) io.stderr(`unhealthy: ${r.config.id} (${r.file}): ${health?.get(r.file)?.detail ?? ''}\n`);
  return down.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Health per config file: the checker names each row by its file name without the extension. */
async function checkHealth(robots: readonly { file: string; config: RobotConfig }[], deps: CliDeps): Promise<Map<string, Health>> {
  const check = await deps.loadRobotHealthCheck();
  const nameOf = (file: string): string => file.replace(/\.ya?ml$/, '');
  const fileOf = new Map(robots.map((r) => [nameOf(r.file), r.file]));
  const rows = await check(robots.map((r) => ({ name: nameOf(r.file), config: r.config })));
  const out = new Map<string, Health>();
  for (const row of rows) {
    const file = fileOf.get(row.name);
    if (file) out.set(file, row.health);
  }
  return out;
}
