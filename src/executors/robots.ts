import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecutorHealth } from '../domain/executor.js';
import { OrcaError, ValidationError } from '../domain/failures.js';
import type { ExecutorHandle } from './from-config.js';
import { apiKeyOf } from './from-config.js';
import { timedHealth } from './health.js';
import type { Health, HealthCheckOptions } from './health.js';
import { OpenPiClient } from './openpi/client.js';
import { OpenVlaClient } from './openvla/client.js';
import { parseRobotConfigYaml } from './robot-config.js';
import type { ExecutorConfig, RobotConfig } from './robot-config.js';
import { requireRclnodejs } from './ros2/loader.js';
import type { ModuleImporter } from './ros2/loader.js';
import { probeRos2Health } from './ros2/probe.js';
import { RosbridgeClient } from './rosbridge/client.js';
import { rosbridgeHealth } from './rosbridge/health.js';

export interface NamedRobotConfig {
  /** File name without `.yaml`. */
  name: string;
  config: RobotConfig;
}

/** The repository's `config/robots`, found by walking up from this module (works from src/ and dist/). */
export function defaultRobotsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'config', 'robots');
    if (existsSync(join(dir, 'package.json')) && existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) throw new OrcaError('robots_dir_not_found', `could not find config/robots above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/**
 * Reads every `*.yaml`/`*.yml` of `dir`, sorted by file name. Errors are `ValidationError`s whose
 * message starts with the file name and names the field (`openpi.yaml: executor.url: …`); duplicate
 * robot ids across files are an error too.
 */
export function loadRobotConfigs(dir: string = defaultRobotsDir()): NamedRobotConfig[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  const out: NamedRobotConfig[] = [];
  const byId = new Map<string, string>();
  for (const file of files) {
    const config = parseRobotConfigYaml(readFileSync(join(dir, file), 'utf8'), file);
    const prior = byId.get(config.id);
    if (prior) throw new ValidationError(`${file}: id: robot id "${config.id}" is also used in ${prior}`, [{ path: 'id', message: `also used in ${prior}` }]);
    byId.set(config.id, file);
    out.push({ name: file.replace(/\.ya?ml$/, ''), config });
  }
  return out;
}

export interface ProbeOptions extends HealthCheckOptions {
  env?: NodeJS.ProcessEnv;
  rclImporter?: ModuleImporter;
}

const errText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** One cheap check per binding, without a robot or an executor (see docs/executors.md, "Health"). */
function probe(cfg: ExecutorConfig, timeoutMs: number, opts: ProbeOptions): Promise<ExecutorHealth> {
  switch (cfg.kind) {
    case 'sim':
      return Promise.resolve({ ok: true, detail: `simulated policy (${typeof cfg.faults === 'string' ? `faults ${cfg.faults}` : 'custom faults'}, seed ${cfg.seed})`, latencyMs: 0 });
    case 'openvla':
    case 'openvla_oft':
      return new OpenVlaClient({ url: cfg.url, timeoutMs }).health();
    case 'openpi': {
      let apiKey: string | undefined;
      try {
        apiKey = apiKeyOf(cfg, opts.env ?? process.env);
      } catch (err) {
        return Promise.resolve({ ok: false, detail: errText(err) });
      }
      const client = new OpenPiClient({ url: cfg.url, timeoutMs, ...(apiKey ? { apiKey } : {}) });
      return client.health().finally(() => client.close());
    }
    case 'ros2':
      return requireRclnodejs(opts.rclImporter, opts.env).then(
        (rcl) => probeRos2Health(rcl, { nodeName: cfg.node_name, ...(cfg.namespace ? { namespace: cfg.namespace } : {}), skills: cfg.skills, timeoutMs }),
        (err: unknown) => ({ ok: false, detail: errText(err) }),
      );
    case 'rosbridge': {
      const client = new RosbridgeClient({ url: cfg.url, retry: { retries: 0 }, reconnect: false });
      return rosbridgeHealth(client, timeoutMs).finally(() => client.close());
    }
  }
}

/** Health of one configured robot without starting its executor. Never throws. */
export function probeRobotHealth(config: RobotConfig, opts: ProbeOptions = {}): Promise<Health> {
  const timeoutMs = opts.timeoutMs ?? 3000;
  // The inner check gets a little less than the outer bound so it can say why it gave up.
  return timedHealth(() => probe(config.executor, Math.max(1, Math.floor(timeoutMs * 0.8)), opts), opts);
}

export interface RobotHealthRow {
  name: string;
  /** `executor.kind` of the config. */
  kind: ExecutorConfig['kind'];
  health: Health;
}

/**
 * Health of every robot, in the order given, checked concurrently. A robot whose executor runs in
 * this process (`executors`, keyed by robot id) is asked through its executor; the others are probed.
 */
export async function checkAllRobots(
  configs: readonly NamedRobotConfig[],
  opts: ProbeOptions & { executors?: ReadonlyMap<string, ExecutorHandle> } = {},
): Promise<RobotHealthRow[]> {
  return Promise.all(
    configs.map(async ({ name, config }) => {
      const handle = opts.executors?.get(config.id);
      const health = handle ? await handle.health() : await probeRobotHealth(config, opts);
      return { name, kind: config.executor.kind, health };
    }),
  );
}
