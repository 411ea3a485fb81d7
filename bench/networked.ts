import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TERMINAL_STATUSES } from '../agents/orchestrator/types.js';
import { loadFleetFile } from '../src/app/fleet-load.js';
import { OpenPiClient } from '../src/executors/openpi/client.js';
import { householdLayout } from '../src/executors/openpi/household.js';
import { openBody } from '../src/robots/bodies/index.js';
import { findOrchestratorFactory, HANG_WALL_SECONDS, within, worldSeed } from './driver.js';
import type { BenchTask } from './schema.js';
import { percentile } from './stats.js';
import { emptyTally, scriptedResponse } from './user.js';

/**
 * The `networked` configuration: household tasks run as a real fleet would be, with the world and
 * its policy in an `orca sim-robot` process and orca reaching them over loopback sockets
 * (config/fleets/networked-sim.yaml, on the wall clock), beside the same tasks in-process (`full`).
 * Also the transport's cost: each openpi request's round trip against the policy's own time
 * (`policy_timing.infer_ms`, which the server measures around its inference).
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const EndpointsSchema = z.object({ rosbridge: z.string(), openpi: z.string() });

export interface NetworkedMission {
  taskId: string;
  seed: number;
  status: string;
  /** Orca's own verdict: the world's truth is in the other process, so success is the mission's verified outcome. */
  success: boolean;
  wallMs: number;
  error?: string;
}

export interface NetworkedLatency {
  samples: number;
  /** Round trip of one openpi request as orca's client sees it, ms. */
  roundTripP50: number;
  roundTripP99: number;
  /** The policy's own time per request (the server's `infer_ms`), ms. */
  policyP50: number;
  policyP99: number;
  /** Round trip minus the policy's time, per request (one request per control step that asks), ms. */
  addedP50: number;
  addedP99: number;
}

export interface NetworkedResults {
  missions: NetworkedMission[];
  successRate: number | null;
  latency: NetworkedLatency | null;
  note: string;
}

interface SimRobotChild {
  endpoints: { rosbridge: string; openpi: string };
  stop(): Promise<void>;
}

function startSimRobot(args: readonly string[]): Promise<SimRobotChild> {
  const child: ChildProcess = spawn(process.execPath, [join(root, 'bin/orca.mjs'), 'sim-robot', '--rosbridge-port', '0', '--openpi-port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve({ endpoints: EndpointsSchema.parse(JSON.parse(out.split('\n')[0] ?? '')), stop });
    });
    child.once('exit', (code) => reject(new Error(`orca sim-robot exited (${code ?? 'signal'}) before listening: ${err.trim()}`)));
  });
}

/** networked-sim.yaml pointed at a running sim robot (its file names the default ports). */
function fleetFileFor(dir: string, endpoints: SimRobotChild['endpoints']): string {
  const text = readFileSync(join(root, 'config/fleets/networked-sim.yaml'), 'utf8').replaceAll('ws://127.0.0.1:9090', endpoints.rosbridge).replaceAll('ws://127.0.0.1:8000', endpoints.openpi);
  const path = join(dir, 'networked-sim.yaml');
  writeFileSync(path, text);
  return path;
}

/** Wall seconds one networked mission may take before it is recorded as hung (missions run in real time). */
const MISSION_WALL_SECONDS = 600;

async function runTask(task: BenchTask, seed: number, dir: string): Promise<NetworkedMission> {
  const t0 = performance.now();
  const worldSeedText = worldSeed({ task, seed });
  const robot = await startSimRobot(['--scene', task.scene, '--seed', worldSeedText, '--faults', 'default']);
  const factory = await findOrchestratorFactory();
  if (!factory) throw new Error('createOrchestrator is not exported by src/app/index.ts');
  const orca = await factory({ db: ':memory:', fleet: fleetFileFor(dir, robot.endpoints), seed: worldSeedText, speaker: 'alex', persistWorld: false });
  const user = emptyTally();
  try {
    let view = await within(orca.startMission({ instruction: task.instruction, speaker: 'alex' }), HANG_WALL_SECONDS, () => 'startMission');
    for (let round = 0; round < 12; round++) {
      view = await within(orca.settled(view.id), MISSION_WALL_SECONDS, () => `settled (${task.id})`);
      const pending = TERMINAL_STATUSES.includes(view.status) ? [] : orca.pendingRequests(view.id);
      if (pending.length === 0) break;
      for (const req of pending) view = await orca.answer(view.id, req.id, scriptedResponse(task, req, user));
    }
    if (!TERMINAL_STATUSES.includes(view.status)) view = await orca.cancel(view.id, 'benchmark: mission did not settle');
    return { taskId: task.id, seed, status: view.status, success: view.status === 'succeeded', wallMs: performance.now() - t0 };
  } catch (e) {
    return { taskId: task.id, seed, status: 'error', success: false, wallMs: performance.now() - t0, error: e instanceof Error ? e.message : String(e) };
  } finally {
    await within(orca.close(), HANG_WALL_SECONDS, () => 'close').catch(() => undefined);
    await robot.stop();
  }
}

/**
 * `samples` openpi requests for the rover, each with its camera frame and state as its body reads
 * them over rosbridge, timed against the server's own `infer_ms`.
 */
async function measureLatency(samples: number, dir: string): Promise<NetworkedLatency> {
  const robot = await startSimRobot(['--scene', 'home']);
  const fleet = loadFleetFile(fleetFileFor(dir, robot.endpoints));
  const rover = fleet.robots.find((r) => r.id === 'rover');
  if (!rover) throw new Error('networked-sim.yaml has no rover');
  const body = await openBody(rover.body, { robotId: 'rover', robot: { kind: rover.kind, capabilities: rover.capabilities, limits: { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 } }, rooms: fleet.scene.rooms });
  const client = new OpenPiClient({ url: robot.endpoints.openpi });
  try {
    await body.ready(fleet.runtime.ready_timeout_ms);
    await client.connect();
    const build = householdLayout({ robot: 'rover', camera: 'front' });
    const roundTrips: number[] = [];
    const policy: number[] = [];
    const added: number[] = [];
    for (let i = 0; i < samples; i++) {
      const request = build(body.observe(), 'go to the white fridge');
      const t0 = performance.now();
      const answer = await client.infer(request);
      const rtt = performance.now() - t0;
      const infer = z.object({ infer_ms: z.number() }).parse(answer['policy_timing']).infer_ms;
      roundTrips.push(rtt);
      policy.push(infer);
      added.push(rtt - infer);
    }
    return {
      samples,
      roundTripP50: percentile(roundTrips, 50),
      roundTripP99: percentile(roundTrips, 99),
      policyP50: percentile(policy, 50),
      policyP99: percentile(policy, 99),
      addedP50: percentile(added, 50),
      addedP99: percentile(added, 99),
    };
  } finally {
    client.close();
    await body.close();
    await robot.stop();
  }
}

/** Runs `tasks` for each seed through a sim-robot process (one fresh process per mission), then the latency sample. */
export async function networkedRun(opts: { tasks: readonly BenchTask[]; seeds: readonly number[]; latencySamples: number; log: (s: string) => void }): Promise<NetworkedResults> {
  const dir = mkdtempSync(join(tmpdir(), 'orca-bench-networked-'));
  try {
    const missions: NetworkedMission[] = [];
    for (const seed of opts.seeds) {
      for (const task of opts.tasks) {
        const m = await runTask(task, seed, dir);
        missions.push(m);
        opts.log(`  networked ${task.id} seed ${seed}: ${m.status} in ${(m.wallMs / 1000).toFixed(0)} s${m.error ? ` (${m.error})` : ''}`);
      }
    }
    const latency = opts.latencySamples > 0 ? await measureLatency(opts.latencySamples, dir) : null;
    const successRate = missions.length > 0 ? missions.filter((m) => m.success).length / missions.length : null;
    const note = `${missions.length} household mission(s) (${opts.tasks.map((t) => t.id).join(', ') || 'none'}; seeds ${opts.seeds.join(', ')}) through orca sim-robot (faults default) in its own process, on the wall clock; success is the mission's verified outcome (the world's truth is in the other process).`;
    return { missions, successRate, latency, note };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
