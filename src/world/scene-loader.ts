import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { SceneError, formatPath } from './errors.js';
import { SceneSchema } from './scene-schema.js';
import type { Scene } from './scene-schema.js';
import { validateScene } from './scene-validate.js';

/** `config/scenes/` of the package, found from this module's location (src/world or dist/src/world). */
export function builtinScenesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'config', 'scenes');
    try {
      if (statSync(join(dir, 'package.json')).isFile() && statSync(candidate).isDirectory()) return candidate;
    } catch {
      // not the package root yet
    }
    dir = dirname(dir);
  }
  throw new Error('cannot find config/scenes from the orca package root');
}

function parseText(text: string, name: string | undefined): unknown {
  const trimmed = text.trimStart();
  try {
    return trimmed.startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new SceneError(name, [{ path: '', message: `not valid ${trimmed.startsWith('{') ? 'JSON' : 'YAML'}: ${(err as Error).message}` }]);
  }
}

/**
 * Parses and validates a scene given as YAML/JSON text or as an already-parsed object.
 * Throws `SceneError` naming every offending field.
 */
export function loadScene(input: string | unknown, opts: { name?: string } = {}): Scene {
  const raw = typeof input === 'string' ? parseText(input, opts.name) : input;
  const label =
    opts.name ?? (raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? (raw as { name: string }).name : undefined);
  const parsed = SceneSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SceneError(
      label,
      parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const issues = validateScene(parsed.data);
  if (issues.length > 0) throw new SceneError(label, issues);
  return parsed.data;
}

export function loadSceneFile(path: string): Scene {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SceneError(path, [{ path: '', message: `cannot read scene file: ${(err as Error).message}` }]);
  }
  return loadScene(text, { name: path });
}

/** Built-in scene names: `home`, `libero/<task>`… (paths under config/scenes without extension). */
export function listBuiltinScenes(): string[] {
  const root = builtinScenesDir();
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ya?ml|json)$/.test(entry.name)) out.push(relative(root, full).split(sep).join('/').replace(/\.(ya?ml|json)$/, ''));
    }
  };
  walk(root);
  return out.sort();
}

/**
 * Parsed built-in scenes by file, re-read when the file changes. Parsing and validating the YAML
 * took longer than a short benchmark mission, and every orchestrator (one per mission) loads its
 * scene and summarises all the others. Callers get a deep copy, so none can change another's scene.
 */
const parsedBuiltins = new Map<string, { mtimeMs: number; size: number; scene: Scene }>();

export function loadBuiltinScene(name: string): Scene {
  if (!/^[A-Za-z0-9_/-]+$/.test(name) || name.includes('..')) {
    throw new SceneError(name, [{ path: '', message: 'scene names are letters, digits, "_", "-" and "/"' }]);
  }
  const root = builtinScenesDir();
  for (const ext of ['.yaml', '.yml', '.json']) {
    const path = resolve(root, name + ext);
    try {
      const st = statSync(path);
      if (!st.isFile()) continue;
      const hit = parsedBuiltins.get(path);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return structuredClone(hit.scene);
      const scene = loadScene(readFileSync(path, 'utf8'), { name });
      parsedBuiltins.set(path, { mtimeMs: st.mtimeMs, size: st.size, scene: structuredClone(scene) });
      return scene;
    } catch (err) {
      if (err instanceof SceneError) throw err;
    }
  }
  throw new SceneError(name, [{ path: '', message: `no built-in scene "${name}" (known: ${listBuiltinScenes().join(', ')})` }]);
}
