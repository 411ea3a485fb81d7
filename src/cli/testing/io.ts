import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../../app/config.js';
import type { CliDeps, ServerHandle, StartServerOptions } from '../deps.js';
import type { CliIo } from '../io.js';

export interface CapturedIo extends CliIo {
  out: string[];
  err: string[];
  asked: string[];
}

export interface CaptureOptions {
  interactive?: boolean;
  env?: Record<string, string>;
  /** Answer the prompt in order (then null: input closed). */
  replies?: string[];
  /** Answers the prompt instead of `replies`: a person who acts while the question is open. */
  answer?: (question: string, signal: AbortSignal | undefined) => Promise<string | null>;
  cwd?: string;
}

/** An io that records what a command prints and what it asks. */
export function captureIo(opts: CaptureOptions = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  const asked: string[] = [];
  const replies = [...(opts.replies ?? [])];
  return {
    out,
    err,
    asked,
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    interactive: opts.interactive ?? false,
    color: false,
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    ask: async (q, signal) => {
      asked.push(q);
      if (opts.answer) return opts.answer(q, signal);
      return replies.shift() ?? null;
    },
  };
}

export interface FakeDeps extends CliDeps {
  configs: OrchestratorConfigInput[];
  servers: StartServerOptions[];
  closedServers: number;
  /** Delivers a shutdown signal to whoever listens (serve's handler, run's cancel). */
  signal(name: string): void;
}

export function fakeDeps(orchestrator: Orchestrator | (() => Orchestrator), opts: { onServerStarted?: () => void } = {}): FakeDeps {
  const handlers = new Set<(s: string) => void>();
  let clock = 1_000;
  const deps: FakeDeps = {
    configs: [],
    servers: [],
    closedServers: 0,
    signal: (name) => {
      for (const h of [...handlers]) h(name);
    },
    async createOrchestrator(config) {
      deps.configs.push(config);
      return typeof orchestrator === 'function' ? orchestrator() : orchestrator;
    },
    async startServer(options): Promise<ServerHandle> {
      deps.servers.push(options);
      queueMicrotask(() => opts.onServerStarted?.());
      return {
        url: `http://${options.host ?? '127.0.0.1'}:${options.port ?? 0}`,
        port: options.port ?? 0,
        close: async () => {
          deps.closedServers += 1;
        },
      };
    },
    async loadRobotHealthCheck() {
      const { checkAllRobots } = await import('../../executors/robots.js');
      return checkAllRobots;
    },
    onShutdownSignal(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    now: () => (clock += 250),
  };
  return deps;
}
