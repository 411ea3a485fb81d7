import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { percentile } from './stats.js';
import { loadHousehold } from './tasks.js';

/**
 * E-stop latency under load, measured from outside: `orca serve` runs as its own process (the way a
 * site runs it), one scene per mission so that every mission really runs, and this process is only
 * the clients. Latency is from sending `POST /api/estop` to its answer, which the service sends once
 * the shared latch every robot reads is set and journalled. The same instant's `GET /api/estop`, which
 * the main thread answers, is the baseline: what the e-stop would cost on the path everything else takes.
 */
export interface EstopLoadResult {
  missions: number;
  samples: number;
  /** ms from request to answer (every robot latched). */
  estop: { p50: number; p99: number; max: number };
  /** ms of the main thread's answer to a plain request sent at the same instant. */
  mainThread: { p50: number; p99: number; max: number };
  /** Samples after which some robot did not report itself e-stopped (must be 0). */
  unlatchedRobots: number;
  /** Missions started (including restarts of finished ones) during the run. */
  started: number;
}

const MissionSchema = z.object({ id: z.string(), scene: z.string(), status: z.string() });
const RobotSchema = z.object({ id: z.string(), estopped: z.boolean() });

const root = fileURLToPath(new URL('..', import.meta.url));

function stats(xs: readonly number[]): { p50: number; p99: number; max: number } {
  return { p50: percentile(xs, 50), p99: percentile(xs, 99), max: Math.max(...xs) };
}

/** `orca serve` in its own process on a free loopback port, with `flags` after the defaults; resolves once it listens. */
export async function startService(db: string, flags: readonly string[] = ['--faults', 'default', '--seed', '1', '--speed', '2']): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['bin/orca.mjs', 'serve', '--db', db, '--port', '0', ...flags], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ORCA_TOKENS: '', LOG_LEVEL: 'error' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`orca serve did not start: ${seen}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const m = /orca serving on (http:\/\/\S+)/.exec(seen);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`orca serve exited (${String(code)}): ${seen}`)));
  });
  return { child, url };
}

/** A GET whose answer must match `schema`; a refusal names its status and body instead of a zod error on the error object. */
async function getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return schema.parse(JSON.parse(text));
}

const post = (url: string, body?: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });

async function timed(f: () => Promise<Response>): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  const res = await f();
  await res.arrayBuffer();
  return { ms: performance.now() - t0, status: res.status };
}

/** Runs the load and presses the e-stop `samples` times, `gapMs` apart, releasing and resuming in between. */
export async function estopUnderLoad(opts: { missions: number; samples: number; gapMs: number; log?: (s: string) => void }): Promise<EstopLoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'orca-estop-load-'));
  const { child, url } = await startService(join(dir, 'orca.sqlite'));
  try {
    const home = readFileSync(join(root, 'config/scenes/home.yaml'), 'utf8');
    const scenes = ['home'];
    for (let i = 1; i < opts.missions; i++) {
      const name = `load-${String(i).padStart(2, '0')}`;
      const res = await post(`${url}/api/scenes`, { text: home.replace(/^name:.*$/m, `name: ${name}`) });
      if (res.status !== 201) throw new Error(`scene upload ${name}: ${res.status} ${await res.text()}`);
      scenes.push(name);
    }
    // Instructions that need no answer or approval, so every mission keeps its robots busy.
    const instructions = loadHousehold().tasks.filter((t) => !t.ambiguous && !t.tags.includes('approval') && !t.tags.includes('person')).map((t) => t.instruction);
    let started = 0;
    const start = async (scene: string): Promise<void> => {
      const instruction = instructions[started % instructions.length] ?? 'put the book on the desk';
      started += 1;
      await post(`${url}/api/missions`, { instruction, scene }).then((r) => r.arrayBuffer());
    };
    // Every mission starts at once: the latency is sampled from the first burst on.
    const burst = Promise.all(scenes.map((s) => start(s)));
    let stopping = false;
    const keeper = (async () => {
      // Finished missions are replaced, so the load stays at `missions` starting or running.
      while (!stopping) {
        await new Promise((r) => setTimeout(r, 1000));
        const list = await getJson(`${url}/api/missions?limit=500`, z.array(MissionSchema));
        const live = new Set(list.filter((m) => !['succeeded', 'failed', 'cancelled'].includes(m.status)).map((m) => m.scene));
        if (!stopping) await Promise.all(scenes.filter((s) => !live.has(s)).map((s) => start(s)));
      }
    })();
    const estop: number[] = [];
    const main: number[] = [];
    let unlatched = 0;
    for (let k = 0; k < opts.samples; k++) {
      await new Promise((r) => setTimeout(r, opts.gapMs * (0.5 + Math.random())));
      const [stop, plain] = await Promise.all([timed(() => post(`${url}/api/estop`, { reason: `benchmark ${k}` })), timed(() => fetch(`${url}/api/estop`))]);
      if (stop.status !== 200) throw new Error(`e-stop answered ${stop.status}`);
      estop.push(stop.ms);
      main.push(plain.ms);
      const robots = await getJson(`${url}/api/robots`, z.array(RobotSchema));
      if (!robots.every((r) => r.estopped)) unlatched += 1;
      await post(`${url}/api/estop/release`).then((r) => r.arrayBuffer());
      const paused = await getJson(`${url}/api/missions?status=paused&limit=500`, z.array(MissionSchema));
      await Promise.all(paused.map((m) => post(`${url}/api/missions/${m.id}/resume`).then((r) => r.arrayBuffer())));
      opts.log?.(`  e-stop ${k + 1}/${opts.samples}: ${stop.ms.toFixed(1)} ms (main thread ${plain.ms.toFixed(1)} ms)`);
    }
    stopping = true;
    await burst;
    await keeper;
    return { missions: scenes.length, samples: estop.length, estop: stats(estop), mainThread: stats(main), unlatchedRobots: unlatched, started };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
