import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { ExecutorTask } from '../src/domain/executor.js';
import type { Plan } from '../src/domain/plan.js';
import { FETCH_AND_WASH, FETCH_AND_WASH_GOAL, recordExecution, SimHousehold } from '../src/runtime/index.js';
import type { SkillCall } from '../src/runtime/index.js';
import { SqliteTraceStore } from '../src/traces/index.js';
import { builtinScenesDir, loadScene } from '../src/world/index.js';
import { HeapClock, overlapsPause, PauseLog, pauseOutside } from './collector.js';
import type { Pause } from './collector.js';
import { mean, percentile } from './stats.js';

/** Control period at 20 Hz, ms: the deadline every control step must meet. */
export const PERIOD_MS = 50;

const nowMs = (): number => performance.now();
const yieldLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface StepTimes {
  steps: number;
  p50: number;
  p99: number;
  mean: number;
  /** Percentiles 0, 2, …, 100 of the step times (for the distribution chart). */
  quantiles: number[];
}

export function summariseSteps(ms: readonly number[]): StepTimes {
  return { steps: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), mean: mean(ms), quantiles: Array.from({ length: 51 }, (_, i) => percentile(ms, i * 2)) };
}

function taskOf(plan: Plan, i: number): ExecutorTask {
  const sg = plan.subgoals[i]!;
  return { goalId: `bare-${i}`, subgoalId: sg.id, instruction: sg.instruction, skill: sg.skill, args: sg.args };
}

/**
 * One control loop the overhead benchmark can step: `step()` advances the world one control period
 * and must be timed together with `drain()` so work orca defers to promises is counted in its step.
 */
interface Loop {
  step(): void;
  done(): boolean;
  close(): void;
  succeeded(): boolean;
}

/** Runs every microtask and immediate queued by the step just taken (both loops pay for it alike). */
const drain = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * The bare loop: the same world and simulated policies on the same plan, each robot's subgoals run
 * in order on the executor's own "done" — no machines, verifier, reflection or trace.
 */
function bareSetup(seed: number, calls: readonly SkillCall[]): Loop {
  const h = new SimHousehold({ scene: 'home', seed, faults: 'off' });
  const plan = h.plan(calls);
  const queues = new Map<string, number[]>();
  plan.subgoals.forEach((sg, i) => {
    if (sg.assignee.kind === 'robot') queues.set(sg.assignee.id, [...(queues.get(sg.assignee.id) ?? []), i]);
  });
  for (const [robot, q] of queues) {
    const ex = h.executors.get(robot)!;
    const next = (): void => {
      const i = q.shift();
      if (i === undefined) return;
      ex.reset();
      ex.start(taskOf(plan, i));
    };
    ex.subscribe((e) => {
      if (e.type === 'claimed_done' || e.type === 'failed') queueMicrotask(next);
    });
    next();
  }
  const finished = (): boolean => [...queues.values()].every((q) => q.length === 0) && [...h.executors.values()].every((e) => e.state !== 'running');
  return { step: () => h.sim.advance(1), done: finished, close: () => undefined, succeeded: finished };
}

/** The orca loop: mission runner, temporal verifier, reflection and a SQLite trace on a temp file. */
function orcaSetup(seed: number, calls: readonly SkillCall[]): Loop {
  const dir = mkdtempSync(join(tmpdir(), 'orca-bench-'));
  const store = new SqliteTraceStore(join(dir, 'trace.sqlite'));
  const h = new SimHousehold({ scene: 'home', seed, faults: 'off' });
  const runner = h.runner(h.plan(calls), { approve: () => true });
  const off = recordExecution((l) => runner.subscribe(l), store);
  let done = false;
  void runner.done.then(() => (done = true));
  runner.start();
  return {
    step: () => h.sim.advance(1),
    done: () => done,
    close() {
      off();
      runner.dispose();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    succeeded: () => (calls === FETCH_AND_WASH ? FETCH_AND_WASH_GOAL.every((p) => h.sim.world.truth.evaluate(p)) : done),
  };
}

async function timeLoop(loop: Loop, maxSteps: number): Promise<number[]> {
  const ms: number[] = [];
  try {
    for (let s = 0; s < maxSteps && !loop.done(); s++) {
      const t0 = nowMs();
      loop.step();
      await drain();
      ms.push(nowMs() - t0);
    }
  } finally {
    loop.close();
  }
  return ms;
}

/** Step times of the bare loop alone (each step timed with the promise work it queued). */
export function bareLoop(seed: number, maxSteps = 4000, calls: readonly SkillCall[] = FETCH_AND_WASH): Promise<number[]> {
  return timeLoop(bareSetup(seed, calls), maxSteps);
}

/** Step times of the orca loop alone, and whether its mission reached the goal in the world's truth. */
export async function orcaLoop(seed: number, maxSteps = 4000, calls: readonly SkillCall[] = FETCH_AND_WASH): Promise<{ ms: number[]; succeeded: boolean }> {
  const loop = orcaSetup(seed, calls);
  let ok = false;
  const inner: Loop = { ...loop, close: () => ((ok = loop.succeeded()), loop.close()) };
  const ms = await timeLoop(inner, maxSteps);
  return { ms, succeeded: ok };
}

/**
 * Exclusive time per kind of section: a section's time goes to its own kind minus what nested
 * sections took, so an orca listener the executor calls from its control step counts as orca, and a
 * policy start orca calls from its listener counts as bare work. With a byte clock (`HeapClock`)
 * it measures exclusive bytes allocated instead.
 */
export class Attribution {
  private readonly stack: { kind: 'bare' | 'orca'; t0: number; child: number }[] = [];
  private bareMs = 0;
  private spans: Pause[] = [];
  private bareReads = 0;

  /** `recordSpans`: keep the outermost sections for `takeSpans` (off when counting bytes, as keeping them allocates). */
  constructor(
    private readonly now: () => number = nowMs,
    private readonly recordSpans = true,
  ) {}

  wrap<A extends unknown[], R>(kind: 'bare' | 'orca', fn: (...a: A) => R): (...a: A) => R {
    return (...a: A): R => {
      const frame = { kind, t0: this.now(), child: 0 };
      // A clock read that costs something (a byte clock allocates) costs it in the section it opens.
      if (kind === 'bare') this.bareReads++;
      this.stack.push(frame);
      try {
        return fn(...a);
      } finally {
        this.stack.pop();
        const t1 = this.now();
        const elapsed = t1 - frame.t0;
        if (kind === 'bare') this.bareMs += elapsed - frame.child;
        const parent = this.stack.at(-1);
        if (parent) {
          parent.child += elapsed;
          if (parent.kind === 'bare') this.bareReads++;
        } else if (this.recordSpans) this.spans.push({ start: frame.t0, end: t1 });
      }
    };
  }

  /** Bare work since the last call, ms (or bytes with a byte clock). */
  takeBare(): number {
    const b = this.bareMs;
    this.bareMs = 0;
    return b;
  }

  /** The outermost sections since the last call, as [start, end] on the clock: what was not the gap. */
  takeSpans(): Pause[] {
    const s = this.spans;
    this.spans = [];
    return s;
  }

  /** Clock reads whose own cost landed in bare sections since the last call (see `HeapClock`). */
  takeBareReads(): number {
    const n = this.bareReads;
    this.bareReads = 0;
    return n;
  }
}

/**
 * The orca loop with the bare work inside it (world physics, the executors' control steps, policy
 * starts) timed apart: the rest of each step — machines, verifier, reflection hook, trace writes,
 * the observations orca asks for itself, and the promise work they queue — is the time in orca.
 */
function orcaAttributed(seed: number, calls: readonly SkillCall[], at = new Attribution()): Loop & { takeBare(): number } {
  const dir = mkdtempSync(join(tmpdir(), 'orca-bench-'));
  const store = new SqliteTraceStore(join(dir, 'trace.sqlite'));
  const h = new SimHousehold({ scene: 'home', seed, faults: 'off' });
  const world = h.sim.world;
  world.step = at.wrap('bare', world.step.bind(world));
  for (const ex of h.executors.values()) {
    const onControl = Reflect.get(ex, 'onControl') as (simTime: number) => void;
    Reflect.set(ex, 'onControl', at.wrap('bare', onControl.bind(ex)));
    ex.start = at.wrap('bare', ex.start.bind(ex));
    const subscribe = ex.subscribe.bind(ex);
    ex.subscribe = (listener) => subscribe(at.wrap('orca', listener));
  }
  const runner = h.runner(h.plan(calls), { approve: () => true });
  const off = recordExecution((l) => runner.subscribe(l), store);
  let done = false;
  void runner.done.then(() => (done = true));
  runner.start();
  return {
    step: () => h.sim.advance(1),
    done: () => done,
    close() {
      off();
      runner.dispose();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    succeeded: () => done,
    takeBare: () => at.takeBare(),
  };
}

export interface InOrcaSteps {
  /** Per step, the time in orca with collector pauses in the gap charged by orca's allocation share, ms. */
  charged: number[];
  /** Per step, everything outside the bare work, collector pauses included wherever they landed, ms. */
  raw: number[];
  /** Collector pauses seen during the run, and their milliseconds in the gap between sections. */
  pauses: number;
  gapPauseMs: number;
}

/**
 * Per control step of the orca loop, the time spent outside the bare work (see `orcaAttributed`).
 * A collector pause in the gap is charged to orca at `orcaShare` (its share of the bytes allocated,
 * from `orcaAllocationShare`); one inside a section already went to that section's kind.
 */
export async function timeInOrca(seed: number, orcaShare: number, maxSteps = 4000, calls: readonly SkillCall[] = FETCH_AND_WASH): Promise<InOrcaSteps> {
  const at = new Attribution();
  const loop = orcaAttributed(seed, calls, at);
  const log = new PauseLog();
  const steps: { t0: number; t1: number; bare: number; spans: Pause[] }[] = [];
  try {
    for (let s = 0; s < maxSteps && !loop.done(); s++) {
      loop.takeBare();
      at.takeSpans();
      const t0 = nowMs();
      loop.step();
      await drain();
      const t1 = nowMs();
      steps.push({ t0, t1, bare: loop.takeBare(), spans: at.takeSpans() });
    }
  } finally {
    loop.close();
  }
  const pauses = await log.stop();
  const out: InOrcaSteps = { charged: [], raw: [], pauses: pauses.length, gapPauseMs: 0 };
  for (const st of steps) {
    const raw = Math.max(0, st.t1 - st.t0 - st.bare);
    const gap = Math.min(raw, pauseOutside(pauses, st.t0, st.t1, st.spans));
    out.raw.push(raw);
    out.charged.push(raw - gap + orcaShare * gap);
    out.gapPauseMs += gap;
  }
  return out;
}

/**
 * Orca's share of the bytes the orca loop allocates: the same mission with a byte clock in place of
 * the time clock, over the steps no collection interrupted (a collection makes the heap shrink
 * mid-measure), with the byte clock's own reads taken back out.
 */
export async function orcaAllocationShare(seeds: readonly number[], calls: readonly SkillCall[] = FETCH_AND_WASH): Promise<number> {
  let total = 0;
  let bare = 0;
  for (const seed of seeds) {
    const clock = new HeapClock();
    const at = new Attribution(clock.now, false);
    const loop = orcaAttributed(seed, calls, at);
    const log = new PauseLog();
    const steps: { t0: number; t1: number; total: number; bare: number }[] = [];
    try {
      for (let s = 0; s < 4000 && !loop.done(); s++) {
        loop.takeBare();
        at.takeBareReads();
        const r0 = clock.reads;
        const t0 = nowMs();
        const h0 = clock.now();
        loop.step();
        await drain();
        const h1 = clock.now();
        const t1 = nowMs();
        // Every read but the last allocated inside the window.
        const reads = clock.reads - r0 - 1;
        steps.push({ t0, t1, total: h1 - h0 - clock.readCost * reads, bare: loop.takeBare() - clock.readCost * at.takeBareReads() });
      }
    } finally {
      loop.close();
    }
    const pauses = await log.stop();
    for (const st of steps) {
      if (overlapsPause(pauses, st.t0, st.t1) || st.total <= 0) continue;
      total += st.total;
      bare += Math.min(st.total, Math.max(0, st.bare));
    }
  }
  return total > 0 ? (total - bare) / total : 1;
}

/**
 * Two loops on the same seed in lockstep: at every control step both take the step (which goes
 * first alternates, so cache and JIT effects fall on both alike), each timed with the promise work it
 * queued. Returns per-step pairs while the second runs; the first keeps stepping its world (robots
 * idle once its plan is through) so pairs stay paired.
 */
async function pairedSteps(a: Loop, b: Loop, maxSteps: number): Promise<{ first: number[]; second: number[]; succeeded: boolean }> {
  const first: number[] = [];
  const second: number[] = [];
  const timed = async (l: Loop): Promise<number> => {
    const t0 = nowMs();
    l.step();
    await drain();
    return nowMs() - t0;
  };
  let ok = false;
  try {
    for (let s = 0; s < maxSteps && !b.done(); s++) {
      if (s % 2 === 0) {
        first.push(await timed(a));
        second.push(await timed(b));
      } else {
        second.push(await timed(b));
        first.push(await timed(a));
      }
    }
    ok = b.succeeded();
  } finally {
    a.close();
    b.close();
  }
  return { first, second, succeeded: ok };
}

/**
 * What orca adds to a control step, two ways: the quantiles of the paired per-step difference (the
 * time orca adds to that very step; its tail is the steps where orca's extra allocation triggered a
 * young-generation collection the bare loop did not have), and the difference of the two loops'
 * quantiles (how far orca shifts the step-time distribution). With independent pauses in both loops
 * the paired tail shows the pause length even when neither adds work; the test pins that down.
 */
export function stepOverhead(bare: readonly number[], orca: readonly number[]): { p50: number; p99: number; pairedP50: number; pairedP99: number } {
  const n = Math.min(bare.length, orca.length);
  const diff = Array.from({ length: n }, (_, i) => orca[i]! - bare[i]!);
  return {
    p50: percentile(orca, 50) - percentile(bare, 50),
    p99: percentile(orca, 99) - percentile(bare, 99),
    pairedP50: percentile(diff, 50),
    pairedP99: percentile(diff, 99),
  };
}

const ROOMS_OF_BANDS = ['living_room', 'bedroom', 'kitchen', 'bathroom'] as const;

/**
 * A `home` variant with `n` rovers on a grid over the open floor of every room (people kept). The
 * grid gets finer until all fit, so the size has no cap. Every other rover gets an apple and a plate
 * on the floor beside it, for the ladder's manipulation tasks.
 */
export function sceneWithRovers(n: number): string {
  const raw = parse(readFileSync(join(builtinScenesDir(), 'home.yaml'), 'utf8')) as { name: string; rooms: { id: string; rect: { x: number; y: number; w: number; d: number } }[]; robots: Record<string, unknown>[]; entities: Record<string, unknown>[] };
  const rover = raw.robots.find((r) => r['id'] === 'rover')!;
  // Open floor: the middle band of each room, away from the furniture along the walls.
  const bands = [
    { x0: 1.2, x1: 3.8, y0: 1.1, y1: 1.5 },
    { x0: 6.0, x1: 8.0, y0: 1.3, y1: 2.7 },
    { x0: 1.2, x1: 3.8, y0: 4.4, y1: 4.8 },
    { x0: 6.5, x1: 9.0, y0: 5.2, y1: 6.6 },
  ];
  let spots: { x: number; y: number; room: string }[] = [];
  for (let step = 0.2; ; step *= 0.8) {
    spots = [];
    bands.forEach((b, i) => {
      for (let y = b.y0; y <= b.y1 + 1e-9; y += step) for (let x = b.x0; x <= b.x1 + 1e-9; x += step) spots.push({ x: +x.toFixed(3), y: +y.toFixed(3), room: ROOMS_OF_BANDS[i]! });
    });
    if (spots.length >= n) break;
  }
  raw.name = `home_x${n}`;
  raw.robots = Array.from({ length: n }, (_, i) => ({ ...(JSON.parse(JSON.stringify(rover)) as Record<string, unknown>), id: `rover_${i}`, name: `Rover ${i}`, pose: { x: spots[i]!.x, y: spots[i]!.y, theta: 0 } }));
  for (let i = 1; i < n; i += 2) {
    const spot = spots[i]!;
    const rect = raw.rooms.find((r) => r.id === spot.room)!.rect;
    const at = (dx: number, dy: number) => ({ x: +(spot.x + dx - (rect.x + rect.w / 2)).toFixed(3), y: +(spot.y + dy - (rect.y + rect.d / 2)).toFixed(3) });
    raw.entities.push({ id: `ladder_apple_${i}`, type: 'Apple', attributes: { color: 'red' }, placement: { relation: 'on', target: spot.room, offset: at(0.35, 0) } });
    raw.entities.push({ id: `ladder_plate_${i}`, type: 'Plate', attributes: { color: 'white' }, placement: { relation: 'on', target: spot.room, offset: at(0.35, 0.3) } });
  }
  return stringify(raw);
}

export interface FleetResult {
  robots: number;
  /** Rovers among them that pick up and put down an object during the window (the rest drive). */
  manipulating?: number;
  p50: number;
  p99: number;
  missedShare: number;
  events: number;
}

/** Half the rovers drive between two places; the other half pick up the apple beside them and put it on the plate. */
export function fleetCalls(n: number): SkillCall[] {
  const places = ['sofa_1', 'coffee_table_1', 'arm_chair_1', 'tv_stand_1', 'shelf_1', 'bed_1', 'desk_1', 'dining_table_1'];
  const calls: SkillCall[] = [];
  for (let i = 0; i < n; i++) {
    const robot = `rover_${i}`;
    if (i % 2 === 1) {
      calls.push({ id: `r${i}_pick`, skill: 'pick', args: { object: `ladder_apple_${i}` }, robot });
      calls.push({ id: `r${i}_place`, skill: 'place_on', args: { object: `ladder_apple_${i}`, receptacle: `ladder_plate_${i}` }, robot, dependsOn: [`r${i}_pick`] });
      continue;
    }
    calls.push({ id: `r${i}_a`, skill: 'navigate', args: { target: places[i % places.length]! }, robot });
    calls.push({ id: `r${i}_b`, skill: 'navigate', args: { target: places[(i + 3) % places.length]! }, robot, dependsOn: [`r${i}_a`] });
  }
  return calls;
}

/**
 * Times `steps` calls of `step`, each together with the promise work and immediates it queued (so work
 * deferred past the step is charged to it), dropping the first `warm`.
 */
export async function timedSteps(step: () => void, steps: number, warm: number, now: () => number = nowMs): Promise<number[]> {
  const ms: number[] = [];
  for (let s = 0; s < steps; s++) {
    const t0 = now();
    step();
    await drain();
    if (s >= warm) ms.push(now() - t0);
  }
  return ms;
}

/** One process, `n` rovers under one runner (half driving, half picking and placing), tracing on. */
export async function fleetAt(n: number, seconds: number, seed = 0): Promise<FleetResult> {
  const h = new SimHousehold({ scene: loadScene(sceneWithRovers(n)), seed, faults: 'off', noise: 'default' });
  const dir = mkdtempSync(join(tmpdir(), 'orca-fleet-'));
  const store = new SqliteTraceStore(join(dir, 'trace.sqlite'));
  try {
    const runner = h.runner(h.plan(fleetCalls(n)), {});
    let events = 0;
    const off = recordExecution((l) => runner.subscribe((e) => (events++, l(e))), store);
    runner.start();
    // The first second (first dispatches, compilation) is start-up, not the sustained rate.
    const warm = 20;
    const ms = await timedSteps(() => h.sim.advance(1), warm + Math.round(seconds * 20), warm);
    runner.cancel('benchmark window over');
    for (let s = 0; s < 60; s++) h.sim.advance(1);
    off();
    runner.dispose();
    return { robots: n, manipulating: Math.floor(n / 2), p50: percentile(ms, 50), p99: percentile(ms, 99), missedShare: ms.filter((x) => x > PERIOD_MS).length / ms.length, events };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The largest fleet whose p99 control step meets the 50 ms deadline: doubles from one robot until a
 * size misses it (no cap unless `maxRobots` is given), then bisects between the last size that passed
 * and the first that failed, down to `resolution` robots. The ladder lists each size once, by size.
 */
export async function sustainedRobots(
  seconds: number,
  maxRobots = Number.POSITIVE_INFINITY,
  onStep?: (r: FleetResult) => void,
  resolution = 4,
  measure: (n: number, seconds: number) => Promise<FleetResult> = fleetAt,
): Promise<{ sustained: number; ladder: FleetResult[]; capped: boolean }> {
  const ladder: FleetResult[] = [];
  // A size that misses is measured once more and keeps the better run: one stray pause on a shared
  // machine should not end the ladder, a real limit misses twice.
  const passes = async (n: number): Promise<boolean> => {
    let r = await measure(n, seconds);
    if (r.p99 > PERIOD_MS) {
      const again = await measure(n, seconds);
      if (again.p99 < r.p99) r = again;
    }
    ladder.push(r);
    onStep?.(r);
    return r.p99 <= PERIOD_MS;
  };
  let pass = 0;
  let fail: number | null = null;
  for (let n = 1; ; n = Math.min(n * 2, maxRobots)) {
    if (await passes(n)) pass = n;
    else {
      fail = n;
      break;
    }
    if (n >= maxRobots) break;
  }
  while (fail !== null && fail - pass > resolution) {
    const mid = Math.floor((pass + fail) / 2);
    if (await passes(mid)) pass = mid;
    else fail = mid;
  }
  return { sustained: pass, ladder: ladder.sort((a, b) => a.robots - b.robots), capped: fail === null };
}

/**
 * Control steps after `estop()` (called between steps, while a robot moves) in which any robot still
 * moved, from the world's truth: 0 means everything stood still from the very next step.
 */
export async function estopLatency(seed: number, atStep: number): Promise<number> {
  const h = new SimHousehold({ scene: 'home', seed, faults: 'off' });
  const runner = h.runner(h.plan(FETCH_AND_WASH), { approve: () => true });
  runner.start();
  for (let s = 0; s < atStep; s++) {
    h.sim.advance(1);
    if (s % 10 === 9) await yieldLoop();
  }
  const poses = (): string => JSON.stringify(h.sim.world.truth.snapshot().robots.map((r) => [r.pose, r.ee]));
  // E-stop while something moves, or the latency would read 0 trivially.
  let before = poses();
  for (let s = 0; s < 400; s++) {
    h.sim.advance(1);
    const now = poses();
    const moving = now !== before;
    before = now;
    if (moving) break;
  }
  runner.estop('benchmark');
  let steps = 0;
  for (; steps < 40; steps++) {
    h.sim.advance(1);
    const now = poses();
    if (now === before) break;
    before = now;
  }
  runner.dispose();
  return steps;
}

/** Appends per second to a SqliteTraceStore on a temp file, with step-sized payloads. */
export function traceThroughput(seconds: number): { perSecond: number; events: number } {
  const dir = mkdtempSync(join(tmpdir(), 'orca-trace-'));
  const store = new SqliteTraceStore(join(dir, 'trace.sqlite'));
  try {
    let n = 0;
    const t0 = nowMs();
    while (nowMs() - t0 < seconds * 1000) {
      for (let i = 0; i < 100; i++, n++) {
        store.append({
          missionId: 'bench',
          actor: { kind: 'executor', id: 'rover' },
          kind: 'step',
          simTime: n * 0.05,
          subgoalId: 'sg1',
          goalId: 'g1',
          data: { type: 'executor_event', kind: 'step', action: { base: { vx: 0.3, vy: 0, wz: 0.1 }, gripper: 1 }, seq: n },
        });
      }
    }
    const elapsed = (nowMs() - t0) / 1000;
    return { perSecond: n / elapsed, events: n };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface OverheadResult {
  bare: StepTimes;
  orca: StepTimes;
  /**
   * p50 and p99 of the time spent in orca within each control step of the orca loop itself, ms
   * (`timeInOrca`: the step minus the bare work done inside it, with collector pauses between
   * sections charged by orca's share of the allocated bytes).
   */
  overheadP50: number;
  overheadP99: number;
  /** The same with every collector pause outside the bare work charged wholly to orca, ms. */
  overheadP50AllPauses: number;
  overheadP99AllPauses: number;
  /** Orca's share of the bytes the orca loop allocates (`orcaAllocationShare`). */
  orcaAllocationShare: number;
  /** Collector pauses during the timed runs, per 1000 control steps, and their mean length in the gap, ms. */
  pausesPer1000Steps: number;
  gapPauseMsPerPause: number;
  /** p50 and p99 of the per-step difference orca − bare (paired steps, same seed), ms. */
  pairedDiffP50?: number;
  pairedDiffP99?: number;
  /** p50 and p99 of orca's step times minus the bare loop's (difference of quantiles), ms; see `stepOverhead`. */
  quantileDiffP50?: number;
  quantileDiffP99?: number;
  ratioP50: number;
  ratioP99: number;
  /** overheadP99 as a share of the 50 ms control period. */
  p99ShareOfPeriod: number;
  /** Paired control steps the differences are taken over. */
  pairs?: number;
  missionsSucceeded: number;
  missions: number;
}

/**
 * Both loops on the same seeds, in lockstep (see `pairedSteps`), after one warm-up mission, for the
 * step-time distributions and their differences; then the orca loop alone with its bare work timed
 * apart, for the time in orca per step. `repeats` replays each seed to gather enough steps for a
 * stable p99.
 */
export async function overhead(seeds: readonly number[], repeats = 2): Promise<OverheadResult> {
  await pairedSteps(bareSetup(999, FETCH_AND_WASH), orcaSetup(999, FETCH_AND_WASH), 400);
  const bare: number[] = [];
  const orca: number[] = [];
  let ok = 0;
  let runs = 0;
  for (let r = 0; r < repeats; r++)
    for (const s of seeds) {
      const p = await pairedSteps(bareSetup(s, FETCH_AND_WASH), orcaSetup(s, FETCH_AND_WASH), 4000);
      bare.push(...p.first);
      orca.push(...p.second);
      runs++;
      if (p.succeeded) ok++;
    }
  const share = await orcaAllocationShare(seeds.slice(0, 2));
  const inOrca: number[] = [];
  const allPauses: number[] = [];
  let pauses = 0;
  let gapPauseMs = 0;
  for (let r = 0; r < repeats; r++)
    for (const s of seeds) {
      const t = await timeInOrca(s, share);
      inOrca.push(...t.charged);
      allPauses.push(...t.raw);
      pauses += t.pauses;
      gapPauseMs += t.gapPauseMs;
    }
  const b = summariseSteps(bare);
  const o = summariseSteps(orca);
  const d = stepOverhead(bare, orca);
  return {
    bare: b,
    orca: o,
    overheadP50: percentile(inOrca, 50),
    overheadP99: percentile(inOrca, 99),
    overheadP50AllPauses: percentile(allPauses, 50),
    overheadP99AllPauses: percentile(allPauses, 99),
    orcaAllocationShare: share,
    pausesPer1000Steps: inOrca.length > 0 ? (1000 * pauses) / inOrca.length : 0,
    gapPauseMsPerPause: pauses > 0 ? gapPauseMs / pauses : 0,
    pairedDiffP50: d.pairedP50,
    pairedDiffP99: d.pairedP99,
    quantileDiffP50: d.p50,
    quantileDiffP99: d.p99,
    ratioP50: (b.p50 + percentile(inOrca, 50)) / b.p50,
    ratioP99: (b.p99 + percentile(inOrca, 99)) / b.p99,
    p99ShareOfPeriod: Math.max(0, percentile(inOrca, 99)) / PERIOD_MS,
    pairs: bare.length,
    missionsSucceeded: ok,
    missions: runs,
  };
}
