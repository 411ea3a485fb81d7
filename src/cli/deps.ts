import type { Orchestrator } from '../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../app/config.js';
import type { NamedRobotConfig, ProbeOptions, RobotHealthRow } from '../executors/robots.js';

/** The server as `src/server` exposes it (`startServer`). */
export interface StartServerOptions {
  orchestrator: Orchestrator;
  host?: string;
  port?: number;
  tokens?: unknown;
  logger?: unknown;
  staticDir?: string;
  /** Host names besides the bound address (`name` or `name:port`). */
  allowedHosts?: string[];
}
export interface ServerHandle {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `checkAllRobots` of src/executors: one health row per named robot config, in the order given. */
export type RobotHealthCheck = (configs: readonly NamedRobotConfig[], opts?: ProbeOptions) => Promise<RobotHealthRow[]>;

/**
 * Everything a command needs from the rest of orca that is heavy, not written yet, or global
 * (signals). Tests pass fakes; `realDeps()` imports the real modules lazily, so `orca scenes` never
 * loads LangGraph and a missing module is reported when (and only when) a command needs it.
 */
export interface CliDeps {
  createOrchestrator(config: OrchestratorConfigInput): Promise<Orchestrator>;
  startServer(options: StartServerOptions): Promise<ServerHandle>;
  loadRobotHealthCheck(): Promise<RobotHealthCheck>;
  /** Calls `handler` on SIGINT/SIGTERM; returns the unsubscribe function. */
  onShutdownSignal(handler: (signal: string) => void): () => void;
  /** Wall clock (ms) for the `timings` of a run. */
  now(): number;
}

export function realDeps(): CliDeps {
  return {
    async createOrchestrator(config) {
      const { createOrchestrator } = await import('../app/index.js');
      return createOrchestrator(config);
    },
    async startServer(options) {
      const [{ startServer }, { uiStaticDir }] = await Promise.all([import('../server/index.js'), import('../ui/index.js')]);
      return startServer({ ...options, staticDir: options.staticDir ?? uiStaticDir() } as Parameters<typeof startServer>[0]);
    },
    async loadRobotHealthCheck() {
      const { checkAllRobots } = await import('../executors/robots.js');
      return checkAllRobots;
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
