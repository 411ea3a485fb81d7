import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The repository root, where `bin/orca.mjs` and `config/fleets/` are. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));

const EndpointsLineSchema = z.object({ rosbridge: z.string().startsWith('ws://'), openpi: z.string().startsWith('ws://'), robots: z.array(z.string()) });

export interface SimRobotChild {
  endpoints: { rosbridge: string; openpi: string };
  ports: { rosbridge: number; openpi: number };
  process: ChildProcess;
  /** Ends the process (SIGTERM unless told) and resolves once it has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

const portOf = (url: string): number => Number(new URL(url).port);

/** A loopback port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const address = s.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((r) => s.close(r));
  return port;
}

/**
 * `orca sim-robot` as a child process on free ports (or the given ones, for a restart); resolves
 * once it has printed where it listens, which it does only after both servers are listening.
 */
export function startSimRobot(ports?: { rosbridge: number; openpi: number }, extra: readonly string[] = []): Promise<SimRobotChild> {
  const args = ['bin/orca.mjs', 'sim-robot', '--rosbridge-port', String(ports?.rosbridge ?? 0), '--openpi-port', String(ports?.openpi ?? 0), ...extra];
  const child = spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (!out.includes('\n') || line === undefined) return;
      const endpoints = EndpointsLineSchema.parse(JSON.parse(line));
      resolve({ endpoints: { rosbridge: endpoints.rosbridge, openpi: endpoints.openpi }, ports: { rosbridge: portOf(endpoints.rosbridge), openpi: portOf(endpoints.openpi) }, process: child, kill });
    });
    child.once('exit', (code) => reject(new Error(`orca sim-robot exited (${code ?? 'signal'}) before listening: ${err}`)));
  });
}

/**
 * `config/fleets/networked-sim.yaml` pointed at a running sim robot (the file names the default
 * ports 9090 and 8000; a test uses free ones), written into `dir`.
 */
export function networkedFleetFile(dir: string, endpoints: { rosbridge: string; openpi: string }, opts: { readyTimeoutMs?: number; edit?: (text: string) => string; name?: string } = {}): string {
  let text = readFileSync(join(REPO, 'config/fleets/networked-sim.yaml'), 'utf8');
  text = text.replaceAll('ws://127.0.0.1:9090', endpoints.rosbridge).replaceAll('ws://127.0.0.1:8000', endpoints.openpi);
  if (opts.readyTimeoutMs !== undefined) text = text.replace(/ready_timeout_ms: \d+/, `ready_timeout_ms: ${opts.readyTimeoutMs}`);
  if (opts.edit) text = opts.edit(text);
  const path = join(dir, opts.name ?? 'networked-sim.yaml');
  writeFileSync(path, text);
  return path;
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One `orca …` command as a child process, to its exit; `track` gets a kill for a test's cleanup (a command that never ends). */
export function orcaRun(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; track?: (kill: () => void) => void } = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [join(REPO, 'bin/orca.mjs'), ...args], { cwd: opts.cwd ?? REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  opts.track?.(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
