import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { Capability } from '../domain/entities.js';
import { OrcaError, ValidationError } from '../domain/failures.js';
import { parseRobotConfigYaml } from '../executors/robot-config.js';
import type { RobotConfig } from '../executors/robot-config.js';
import type { FaultConfig, FaultPreset } from '../executors/sim-policy/index.js';
import type { BodyConfig } from '../robots/bodies/config.js';
import { listBuiltinScenes, loadBuiltinScene, loadSceneFile, REACH } from '../world/index.js';
import type { Scene, SceneRobot } from '../world/index.js';
import { FleetFileSchema } from './fleet-file.js';
import type { FleetFile, FleetRobot, FleetRuntimeConfig, SecondOpinionConfig } from './fleet-file.js';

export type PlannerKind = SceneRobot['kind'];

/** One robot of a fleet with every reference followed and every default taken. */
export interface ResolvedFleetRobot {
  id: string;
  body: BodyConfig;
  /** The robot config its executor is built from (`id` is the fleet robot's). */
  config: RobotConfig;
  kind: PlannerKind;
  capabilities: Capability[];
  reach: number;
  stepDeadlineMs: number;
  /** The camera the second opinion looks at; null: the body's first camera, if any. */
  camera: string | null;
}

export interface ResolvedFleet {
  /** The fleet file, absolute. */
  path: string;
  name: string;
  description: string | null;
  /** The site: names, priors and the page's map. Its robots are the scene's own, untouched. */
  scene: Scene;
  robots: ResolvedFleetRobot[];
  runtime: FleetRuntimeConfig;
  secondOpinion: SecondOpinionConfig | null;
  /** Every body is the built-in simulated world: the fleet may run on the fast simulated clock. */
  simulated: boolean;
}

export interface FleetLoadOptions {
  /** What an inline `sim` executor that names no faults or seed takes (the orchestrator's `--faults`, `--seed`). */
  simDefaults?: { faults: FaultPreset | FaultConfig; seed: number | string };
}

type Issue = { path: string; message: string };

/** The repository's `config/fleets`, found by walking up from this module. */
export function defaultFleetsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'config', 'fleets');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new OrcaError('fleets_dir_not_found', `could not find config/fleets above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** `*.yaml` / `*.yml` of a folder, sorted, as absolute paths. */
export function listFleetFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => resolve(dir, f));
}

/** Reads, validates and resolves a fleet file; throws `ValidationError` whose message starts with the file name and names each field. */
export function loadFleetFile(path: string, opts: FleetLoadOptions = {}): ResolvedFleet {
  const abs = resolve(path);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw new ValidationError(`${basename(abs)}: cannot read: ${err instanceof Error ? err.message : String(err)}`);
  }
  return parseFleetText(text, abs, opts);
}

export function parseFleetText(text: string, path: string, opts: FleetLoadOptions = {}): ResolvedFleet {
  const label = basename(path);
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    throw new ValidationError(`${label}: not valid YAML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = FleetFileSchema.safeParse(withSimDefaults(raw, opts.simDefaults));
  if (!parsed.success) fail(label, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  const file = parsed.data;
  const issues: Issue[] = [];
  const scene = resolveSite(file, dirname(path), issues);
  const robots = scene ? file.robots.map((r, i) => resolveRobot(r, i, { file, scene, dir: dirname(path), issues })) : [];
  if (issues.length > 0 || !scene) fail(label, issues);
  return {
    path,
    name: file.name,
    description: file.description ?? null,
    scene: file.site.people ? { ...scene, people: file.site.people } : scene,
    robots: robots.filter((r): r is ResolvedFleetRobot => r !== null),
    runtime: file.runtime,
    secondOpinion: file.perception.second_opinion ?? null,
    simulated: file.robots.every((r) => r.body.kind === 'sim'),
  };
}

function fail(label: string, issues: readonly Issue[]): never {
  throw new ValidationError(`${label}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
}

/** Inline `sim` executors without faults or seed take the orchestrator's (seeded per robot, as the built-in household does). */
function withSimDefaults(raw: unknown, defaults: FleetLoadOptions['simDefaults']): unknown {
  if (!defaults || !isRecord(raw) || !Array.isArray(raw['robots'])) return raw;
  const robots = raw['robots'].map((r: unknown) => {
    if (!isRecord(r) || !isRecord(r['executor']) || r['executor']['kind'] !== 'sim') return r;
    const exec = r['executor'];
    const id = typeof r['id'] === 'string' ? r['id'] : 'robot';
    return { ...r, executor: { ...exec, faults: exec['faults'] ?? defaults.faults, seed: exec['seed'] ?? `${String(defaults.seed)}/${id}` } };
  });
  return { ...raw, robots };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function resolveSite(file: FleetFile, dir: string, issues: Issue[]): Scene | null {
  const { scene, scene_file } = file.site;
  if (scene !== undefined) {
    const known = listBuiltinScenes();
    if (!known.includes(scene)) {
      issues.push({ path: 'site.scene', message: `unknown built-in scene "${scene}" (known: ${known.filter((n) => !n.includes('/')).join(', ')}, libero/…)` });
      return null;
    }
    return loadBuiltinScene(scene);
  }
  try {
    return loadSceneFile(resolve(dir, scene_file ?? ''));
  } catch (err) {
    issues.push({ path: 'site.scene_file', message: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

interface RobotContext {
  file: FleetFile;
  scene: Scene;
  dir: string;
  issues: Issue[];
}

function resolveRobot(r: FleetRobot, i: number, ctx: RobotContext): ResolvedFleetRobot | null {
  const at = (field: string): string => `robots.${i}.${field}`;
  const before = ctx.issues.length;
  const referenced = r.robot_config !== undefined ? readRobotConfig(resolve(ctx.dir, r.robot_config), at('robot_config'), ctx.issues) : null;
  const sceneRobot = ctx.scene.robots.find((s) => s.id === (r.body.kind === 'sim' ? (r.body.robot ?? r.id) : r.id)) ?? null;
  checkBody(r, sceneRobot, at, ctx);
  // What would follow from a robot config that could not be read is not worth a second message.
  if (r.robot_config !== undefined && !referenced) return null;
  const executor = r.executor ?? referenced?.executor;
  if (executor?.kind === 'sim' && r.body.kind !== 'sim') ctx.issues.push({ path: at('executor.kind'), message: 'the simulated policy drives a robot of the simulated site: body.kind must be sim' });
  const kind = r.kind ?? plannerKindOf(referenced?.kind) ?? sceneRobot?.kind;
  if (!kind) ctx.issues.push({ path: at('kind'), message: `the planner needs mobile_manipulator or fixed_arm${referenced ? ` (the robot config says "${referenced.kind}")` : ''}, and the site's scene has no robot "${r.id}"` });
  const capabilities = r.capabilities ?? referenced?.capabilities ?? sceneRobot?.capabilities;
  if (!capabilities) ctx.issues.push({ path: at('capabilities'), message: `give the robot's capabilities: there is no robot config and the site's scene has no robot "${r.id}"` });
  if (ctx.issues.length > before || !executor || !kind || !capabilities) return null;
  const limits = r.limits ?? referenced?.limits;
  return {
    id: r.id,
    body: r.body,
    config: { id: r.id, kind: referenced?.kind ?? kind, capabilities: [...capabilities], executor, ...(limits ? { limits } : {}), ...(referenced?.description ? { description: referenced.description } : {}) },
    kind,
    capabilities: [...capabilities],
    reach: r.reach ?? REACH[kind],
    stepDeadlineMs: r.step_deadline_ms ?? ctx.file.runtime.step_deadline_ms,
    camera: r.perception.camera ?? null,
  };
}

function checkBody(r: FleetRobot, sceneRobot: SceneRobot | null, at: (f: string) => string, ctx: RobotContext): void {
  const body = r.body;
  if (body.kind === 'sim') {
    if (!sceneRobot) ctx.issues.push({ path: at('body.robot'), message: `the site's scene has no robot "${body.robot ?? r.id}" to embody (robots: ${ctx.scene.robots.map((s) => s.id).join(', ') || 'none'})` });
    const twin = ctx.file.robots.find((o) => o !== r && o.body.kind === 'sim' && (o.body.robot ?? o.id) === (body.robot ?? r.id));
    if (twin) ctx.issues.push({ path: at('body.robot'), message: `robot "${twin.id}" embodies the same simulated robot` });
    return;
  }
  if (!body.topics.detections) {
    ctx.issues.push({ path: at('body.topics.detections'), message: 'the verifier judges from detections: give the vision_msgs/msg/Detection3DArray topic your detector publishes' });
  }
  const camera = r.perception.camera;
  if (camera !== undefined && !(camera in body.topics.cameras)) {
    ctx.issues.push({ path: at('perception.camera'), message: `no camera "${camera}" in body.topics.cameras (${Object.keys(body.topics.cameras).join(', ') || 'none'})` });
  }
}

function readRobotConfig(path: string, field: string, issues: Issue[]): RobotConfig | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    issues.push({ path: field, message: `cannot read ${path}: ${err instanceof Error ? err.message : String(err)}` });
    return null;
  }
  try {
    return parseRobotConfigYaml(text, basename(path));
  } catch (err) {
    issues.push({ path: field, message: err instanceof Error ? err.message : String(err) });
    return null;
  }
}

function plannerKindOf(kind: string | undefined): PlannerKind | undefined {
  return kind === 'mobile_manipulator' || kind === 'fixed_arm' ? kind : undefined;
}
