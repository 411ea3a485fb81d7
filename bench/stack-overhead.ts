import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FETCH_AND_WASH, SimHousehold } from '../src/runtime/index.js';
import { startService } from './estop-load.js';

/**
 * Orchestration overhead of the whole stack, measured from outside: `orca serve` in its own process
 * (LangGraph mission graph, machines, verifier, trace, the HTTP service and its event hub), running
 * missions on the real-time clock as a person would watch them, with and without one HTTP client
 * reading the service's SSE stream. The figure is processor time per simulated control step, read
 * from the service process (/proc, every thread), against the same figure for the bare loop (world
 * and simulated policies alone) run here. Means over whole missions, not per-step tails: the in-process
 * measure (micro.ts `overhead`) gives the tails of the runner tier.
 */
export interface StackOverheadResult {
  missions: number;
  /** CPU ms per control step of `orca serve`, no client watching / one SSE client watching. */
  serveCpuMsPerStep: number;
  serveWithSseCpuMsPerStep: number;
  /** CPU ms per control step of the bare loop (world and simulated policies only, this process). */
  bareCpuMsPerStep: number;
  /** Serve minus bare, per step: what orca's tiers and the service add. */
  overheadMsPerStep: number;
  overheadWithSseMsPerStep: number;
  /** SSE events the client received, and missions that ended succeeded. */
  sseEvents: number;
  succeeded: number;
  /** Seconds of processor time per clock tick of /proc (its resolution). */
  cpuResolutionMs: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
/** Missions for the whole-stack figure: no question, no approval, both robots' kinds of work. */
export const STACK_INSTRUCTIONS: readonly string[] = ['put the book on the desk', 'clean the blue mug and put it on the kitchen counter', 'put both pillows on the bed'];
const TERMINAL = ['succeeded', 'failed', 'cancelled'];
const MissionSchema = z.object({ id: z.string(), status: z.string(), simTime: z.number() });
const CONTROL_HZ = 20;
/** Linux reports process times in clock ticks of 1/100 s on every platform Node supports. */
const TICK_MS = 10;

/** utime + stime of a process, ms (Linux /proc; every thread of the process counted). */
export function processCpuMs(pid: number, read: (path: string) => string = (p) => readFileSync(p, 'utf8')): number {
  const stat = read(`/proc/${pid}/stat`);
  // The command name may hold spaces: fields are counted from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Reads an SSE stream until aborted, counting its events. */
async function watch(url: string, signal: AbortSignal, onEvent: () => void): Promise<void> {
  try {
    const res = await fetch(url, { signal, headers: { accept: 'text/event-stream' } });
    const reader = res.body?.getReader();
    if (!reader) return;
    const decoder = new TextDecoder();
    let buffered = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffered += decoder.decode(value, { stream: true });
      const parts = buffered.split('\n\n');
      buffered = parts.pop() ?? '';
      for (const p of parts) if (p.includes('\ndata: ') || p.startsWith('data: ')) onEvent();
    }
  } catch (e) {
    if (!signal.aborted) throw e;
  }
}

const post = async (url: string, body: unknown): Promise<unknown> => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json: unknown = await res.json();
  if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
};

/** One mission on a fresh copy of `home`: CPU ms the service spent and simulated steps it ran. */
async function oneMission(url: string, pid: number, scene: string, instruction: string): Promise<{ cpuMs: number; steps: number; succeeded: boolean }> {
  const home = readFileSync(join(root, 'config/scenes/home.yaml'), 'utf8');
  await post(`${url}/api/scenes`, { text: home.replace(/^name:.*$/m, `name: ${scene}`) });
  const cpu0 = processCpuMs(pid);
  let view = MissionSchema.parse(await post(`${url}/api/missions`, { instruction, scene }));
  for (let i = 0; i < 2400 && !TERMINAL.includes(view.status); i++) {
    await new Promise((r) => setTimeout(r, 250));
    view = MissionSchema.parse(await (await fetch(`${url}/api/missions/${view.id}`)).json());
  }
  return { cpuMs: processCpuMs(pid) - cpu0, steps: Math.max(1, Math.round(view.simTime * CONTROL_HZ)), succeeded: view.status === 'succeeded' };
}

/** CPU ms per control step of the bare loop: the same world and policies on FETCH_AND_WASH, each robot's subgoals in order. */
function bareCpuPerStep(seed: number): number {
  const h = new SimHousehold({ scene: 'home', seed, faults: 'off' });
  const plan = h.plan(FETCH_AND_WASH);
  const order = plan.subgoals.map((sg, i) => ({ sg, i })).filter((x) => x.sg.assignee.kind === 'robot');
  const c0 = process.cpuUsage();
  let steps = 0;
  for (const { sg, i } of order) {
    const ex = h.executors.get(sg.assignee.id)!;
    ex.reset();
    ex.start({ goalId: `bare-${i}`, subgoalId: sg.id, instruction: sg.instruction, skill: sg.skill, args: sg.args });
    for (let s = 0; s < 1200 && ex.state === 'running'; s++, steps++) h.sim.advance(1);
  }
  const used = process.cpuUsage(c0);
  return (used.user + used.system) / 1000 / Math.max(1, steps);
}

/**
 * Missions run one after another (per-mission figures, not a crowd's): after one unmeasured warm-up
 * mission, each instruction runs unwatched and then watched by one SSE client, on fresh scene copies.
 */
export async function stackOverhead(opts: { instructions: readonly string[]; speed?: number; log?: (s: string) => void }): Promise<StackOverheadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'orca-stack-'));
  const { child, url } = await startService(join(dir, 'orca.sqlite'), ['--faults', 'off', '--seed', '1', '--speed', String(opts.speed ?? 20)]);
  const pid = child.pid!;
  let sseEvents = 0;
  let succeeded = 0;
  const totals = { plain: { cpu: 0, steps: 0 }, sse: { cpu: 0, steps: 0 } };
  try {
    await oneMission(url, pid, 'stack-warm-up', opts.instructions[0] ?? 'put the book on the desk');
    for (const [k, instruction] of opts.instructions.entries())
      for (const watched of [false, true]) {
        const abort = new AbortController();
        const watcher = watched ? watch(`${url}/api/events`, abort.signal, () => void sseEvents++) : Promise.resolve();
        try {
          const m = await oneMission(url, pid, `stack-${k}-${watched ? 'sse' : 'plain'}`, instruction);
          const t = watched ? totals.sse : totals.plain;
          t.cpu += m.cpuMs;
          t.steps += m.steps;
          if (m.succeeded) succeeded++;
          opts.log?.(`  ${watched ? 'one SSE client' : 'no client'}: "${instruction}" ${m.steps} steps, ${m.cpuMs} ms CPU`);
        } finally {
          abort.abort();
          await watcher;
        }
      }
    bareCpuPerStep(3);
    const bare = (bareCpuPerStep(1) + bareCpuPerStep(2)) / 2;
    const plain = totals.plain.cpu / Math.max(1, totals.plain.steps);
    const withSse = totals.sse.cpu / Math.max(1, totals.sse.steps);
    return {
      missions: opts.instructions.length * 2,
      serveCpuMsPerStep: plain,
      serveWithSseCpuMsPerStep: withSse,
      bareCpuMsPerStep: bare,
      overheadMsPerStep: plain - bare,
      overheadWithSseMsPerStep: withSse - bare,
      sseEvents,
      succeeded,
      cpuResolutionMs: TICK_MS,
    };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
