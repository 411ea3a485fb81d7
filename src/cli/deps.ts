import type { Orchestrator } from '../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../app/config.js';

/** The server as `src/server` exposes it (`startServer`). */
export interface StartServerOptions {
  orchestrator: Orchestrator;
  host?: string;
  port?: number;
  tokens?: unknown;
  logger?: unknown;
  staticDir?: string;
}
export interface ServerHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `checkAllRobots` of src/executors, called with the parsed robot configs; its result is rendered generically. */
export type RobotHealthCheck = (configs: readonly unknown[]) => Promise<unknown>;

/**
 * Everything a command needs from the rest of orca that is heavy, not written yet, or global
 * (signals). Tests pass fakes; `realDeps()` imports the real modules lazily, so `orca scenes` never
 * loads LangGraph and a missing module is reported when (and only when) a command needs it.
 */
export interface CliDeps {
  createOrchestrator(config: OrchestratorConfigInput): Promise<Orchestrator>;
  startServer(options: StartServerOptions): Promise<ServerHandle>;
  /** Null when src/executors has no health checks yet. */
  loadRobotHealthCheck(): Promise<RobotHealthCheck | null>;
  /** Calls `handler` on SIGINT/SIGTERM; returns the unsubscribe function. */
  onShutdownSignal(handler: (signal: string) => void): () => void;
  /** Wall clock (ms) for the `timings` of a run. */
  now(): number;
}

/** Imports by computed specifier, so this file compiles before the module exists and the import stays lazy. */
async function importModule(specifier: string): Promise<Record<string, unknown>> {
  let mod: unknown;
  try {
    mod = await import(specifier);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(specifier.replace(/^\.\.\//, '').replace(/\.js$/, ''))) {
      throw new Error(`${specifier.replace(/^\.\.\//, 'src/').replace(/\.js$/, '.ts')} is not available in this build`);
    }
    throw error;
  }
  return typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>) : {};
}

function exported<F>(mod: Record<string, unknown>, name: string, where: string): F {
  const value = mod[name];
  if (typeof value !== 'function') throw new Error(`${where} does not export ${name}()`);
  return value as F;
}

export function realDeps(): CliDeps {
  return {
    async createOrchestrator(config) {
      const mod = await importModule('../app/index.js');
      const create = exported<(c: OrchestratorConfigInput) => Promise<Orchestrator>>(mod, 'createOrchestrator', 'src/app/index.ts');
      return create(config);
    },
    async startServer(options) {
      const mod = await importModule('../server/index.js');
      const start = exported<(o: StartServerOptions) => Promise<ServerHandle>>(mod, 'startServer', 'src/server/index.ts');
      return start(options);
    },
    async loadRobotHealthCheck() {
      for (const spec of ['../executors/index.js', '../executors/health.js']) {
        try {
          const fn = (await importModule(spec))['checkAllRobots'];
          if (typeof fn === 'function') return fn as RobotHealthCheck;
        } catch {
          // a module that fails to load simply offers no health check
        }
      }
      return null;
    },
    onShutdownSignal(handler) {
      const listener = (signal: NodeJS.Signals): void => handler(signal);
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
    now: () => Date.now(),
  };
}
