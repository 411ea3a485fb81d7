import { resolve } from 'node:path';
import type { OrchestratorConfigInput } from '../../app/config.js';
import { openOrchestrator, parse, parseFaults, parseModel, parsePort, parseSeed } from '../args.js';
import type { CliDeps } from '../deps.js';
import { AllowedHostSchema, parseAllowedHosts } from '../../server/request-guard.js';
import { EXIT, UsageError, errorMessage } from '../io.js';
import type { CliIo } from '../io.js';
import { chooseDb } from '../db.js';

export const SERVE_USAGE = `usage: orca serve [options]

Runs the HTTP service (API, live events, web page) until SIGINT/SIGTERM.

  --port N        port (default: $PORT or 8080; 0 picks a free one)
  --host H        address to bind (default: $HOST or 127.0.0.1)
  --db PATH|URL   SQLite file or postgres:// URL for missions and traces
                  (default $ORCA_DATABASE_URL, else ./data/orca.sqlite)
  --lease-seconds S
                  PostgreSQL only: how long this process's claim on its missions holds
                  without renewal; another process takes them over after it (default 15)
  --scene NAME    default scene of missions that name none (default home)
  --fleet FILE    run the robots of a fleet file (config/fleets/*.yaml) on its site
                  instead of the built-in simulated scenes
  --faults LEVEL  off | default | harsh (default: default)
  --seed N        seed of faults and noise
  --model M       builtin | openai:MODEL (default builtin)
  --speed X       simulated seconds per wall second (default 1)
  --allowed-host NAME
                  a Host name requests may use besides the bound address (NAME: any
                  port, NAME:PORT: that port); repeatable, added to $ORCA_ALLOWED_HOSTS

Bearer tokens come from the server's configuration or ORCA_TOKENS.
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  scene: { type: 'string' },
  fleet: { type: 'string' },
  faults: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  speed: { type: 'string' },
  'lease-seconds': { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
} as const;

/**
 * Starts the orchestrator (real-time clock: a person watches the robots move) and the server, then
 * waits for a signal. Shutdown closes the server first so no request reaches a closed orchestrator.
 * A second signal during shutdown exits at once.
 */
export async function serveCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(SERVE_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`orca serve takes no arguments (got "${positionals.join(' ')}")`);
  const port = parsePort(values.port, '--port') ?? parsePort(io.env['PORT'], 'PORT') ?? 8080;
  const host = values.host ?? (io.env['HOST'] || undefined) ?? '127.0.0.1';
  let speed: number | undefined;
  if (values.speed !== undefined) {
    speed = Number(values.speed);
    if (!Number.isFinite(speed) || speed <= 0 || speed > 100) throw new UsageError(`--speed must be a number in (0, 100] (got "${values.speed}")`);
  }
  let leaseSeconds: number | undefined;
  if (values['lease-seconds'] !== undefined) {
    leaseSeconds = Number(values['lease-seconds']);
    if (!Number.isFinite(leaseSeconds) || leaseSeconds <= 0 || leaseSeconds > 3600) throw new UsageError(`--lease-seconds must be a number in (0, 3600] (got "${values['lease-seconds']}")`);
  }
  const allowedHosts = parseAllowedHostFlags(values['allowed-host'], io.env);
  if (values.fleet !== undefined && values.scene !== undefined) throw new UsageError('give --fleet or --scene, not both (a fleet runs on its own site)');
  const config: OrchestratorConfigInput = {
    clock: 'realtime',
    ...(values.fleet !== undefined ? { fleet: resolve(io.cwd, values.fleet) } : {}),
    ...(chooseDb(values.db, io.env) !== undefined ? { db: chooseDb(values.db, io.env) } : {}),
    ...(values.scene !== undefined ? { defaultScene: values.scene } : {}),
    ...(values.faults !== undefined ? { faults: parseFaults(values.faults) } : {}),
    ...(values.seed !== undefined ? { seed: parseSeed(values.seed) } : {}),
    ...(values.model !== undefined ? { reasoner: parseModel(values.model) } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(leaseSeconds !== undefined ? { leaseSeconds } : {}),
  };

  let stopRequested: ((signal: string) => void) | null = null;
  const stopped = new Promise<string>((resolve) => {
    stopRequested = resolve;
  });
  let signals = 0;
  const off = deps.onShutdownSignal((signal) => {
    signals += 1;
    if (signals > 1) {
      io.stderr(`orca serve: ${signal} again, exiting now\n`);
      process.exit(130);
    }
    stopRequested?.(signal);
  });
  try {
    const orchestrator = await openOrchestrator(deps, config);
    if (values.scene !== undefined && !orchestrator.scenes().some((s) => s.name === values.scene)) {
      await orchestrator.close();
      throw new UsageError(`unknown scene "${values.scene}" (known: ${orchestrator.scenes().map((s) => s.name).join(', ')})`);
    }
    let server;
    try {
      server = await deps.startServer({ orchestrator, host, port, ...(allowedHosts ? { allowedHosts } : {}) });
    } catch (error) {
      await orchestrator.close();
      throw error;
    }
    io.stderr(`orca serving on ${server.url}  (Ctrl-C to stop)\n`);
    const signal = await stopped;
    io.stderr(`orca serve: ${signal}, shutting down\n`);
    await server.close();
    await orchestrator.close();
    io.stderr('orca serve: stopped\n');
    return EXIT.ok;
  } finally {
    off();
  }
}

/** Flags add to `ORCA_ALLOWED_HOSTS`; without flags the server reads the environment itself. */
function parseAllowedHostFlags(flags: readonly string[] | undefined, env: Readonly<Record<string, string | undefined>>): string[] | undefined {
  if (flags === undefined || flags.length === 0) return undefined;
  const fromFlags = flags.map((flag) => {
    const parsed = AllowedHostSchema.safeParse(flag);
    if (!parsed.success) throw new UsageError(`--allowed-host "${flag}": ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return parsed.data;
  });
  try {
    return [...parseAllowedHosts(env), ...fromFlags];
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}
