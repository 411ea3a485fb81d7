import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/cli/run-result.js';
import { closedPort, networkedFleetFile, orcaRun, startSimRobot } from '../support/networked.js';
import type { SimRobotChild } from '../support/networked.js';

/**
 * The networked reference fleet, as a user runs it: `orca sim-robot` in one process, `orca run
 * --fleet config/fleets/networked-sim.yaml` in another, every message over loopback sockets.
 * Nothing waits a fixed time: each step waits for an effect (a line on stdout, a row in the trace),
 * with generous bounds for a loaded machine.
 */

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const MINUTES = 60_000;
const INSTRUCTION = 'put the apple in the fridge';

const track = (kill: () => void): void => void cleanups.push(kill);

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-networked-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function simRobot(ports?: { rosbridge: number; openpi: number }): Promise<SimRobotChild> {
  const child = await startSimRobot(ports);
  cleanups.push(() => child.kill());
  return child;
}

interface StepRow {
  subgoal_id: string;
  data: string;
}

/** The sampled steps the running orca has committed to its trace (read-only, beside the writer). */
function committedSteps(db: string): { subgoalId: string; data: { step?: number; link?: { policy?: { endpoint: string; requests: number }; observation?: { via: string } } } }[] {
  if (!existsSync(db)) return [];
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const hasEvents = conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    if (!hasEvents) return [];
    const rows = conn.prepare("SELECT subgoal_id, data FROM events WHERE kind = 'step' ORDER BY id").all() as StepRow[];
    return rows.map((r) => ({ subgoalId: r.subgoal_id, data: JSON.parse(r.data) as never }));
  } finally {
    conn.close();
  }
}

async function until<T>(probe: () => T | null, what: string, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the networked reference fleet: orca sim-robot and orca run, two processes', () => {
  it(`"${INSTRUCTION}" succeeds, and the trace shows the openpi requests and the rosbridge observations`, async () => {
    const robot = await simRobot();
    const dir = tempDir();
    const fleet = networkedFleetFile(dir, robot.endpoints);
    const db = join(dir, 'orca.sqlite');
    const run = await orcaRun(['run', '--fleet', fleet, INSTRUCTION, '--json', '--db', db], { track });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as RunResult;
    expect(result.status).toBe('succeeded');
    expect(result.subgoals.every((s) => s.status === 'succeeded')).toBe(true);

    const steps = committedSteps(db);
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) {
      expect(s.data.link?.policy?.endpoint).toBe(`openpi ${robot.endpoints.openpi}`);
      expect(s.data.link?.observation?.via).toBe(`rosbridge ${robot.endpoints.rosbridge}`);
    }
    // One request per open-loop chunk of 5 actions: a long subgoal made many requests, each answered.
    const mostRequests = Math.max(...steps.map((s) => s.data.link?.policy?.requests ?? 0));
    expect(mostRequests).toBeGreaterThan(5);
  }, 8 * MINUTES);

  // Retried once: now and then the run fails within seconds of the respawn on a loaded machine (cause not found yet).
  it('survives a restart of orca sim-robot mid-mission: the attempt under way fails as stalled, and the mission recovers', { timeout: 10 * MINUTES, retry: 1 }, async () => {
    const first = await simRobot();
    const dir = tempDir();
    // A restarted process takes a few seconds to listen again; a new attempt waits for it up to ready_timeout_ms.
    const fleet = networkedFleetFile(dir, first.endpoints, { readyTimeoutMs: 60_000 });
    const db = join(dir, 'orca.sqlite');
    const running = orcaRun(['run', '--fleet', fleet, INSTRUCTION, '--json', '--db', db], { track });

    // Mid-mission: the robot has been driven over the link for a while.
    await until(() => (committedSteps(db).some((s) => (s.data.step ?? 0) > 20) ? true : null), 'the mission under way', 4 * MINUTES);
    await first.kill('SIGKILL');
    const second = await simRobot(first.ports);
    expect(second.endpoints).toEqual(first.endpoints);

    const run = await running;
    const result = JSON.parse(run.stdout) as RunResult;
    const failures = result.subgoals.flatMap((s) => s.failureCodes);
    expect(failures).toContain('stalled');
    expect({ status: result.status, reason: result.reason }).toEqual({ status: 'succeeded', reason: expect.stringMatching(/apple.*fridge/) });
    expect(run.code).toBe(0);
  });
});

describe('a networked fleet that cannot start says why, at once, and exits 1', () => {
  /** Each case edits the fleet file; the error names the robot, the part and what is wrong. */
  const cases: { what: string; edit: (text: string, closed: number) => string; error: RegExp }[] = [
    { what: 'an unknown topic', edit: (t) => t.replace('/rover/odom,', '/rover/odometry,'), error: /robot rover: body \(rosbridge ws:\/\/127\.0\.0\.1:\d+\): .*not in the ROS graph .*\/rover\/odometry \(pose\)/ },
    {
      what: 'a wrong message type',
      edit: (t) => t.replace('detections: { topic: /rover/detections,', 'detections: { topic: /rover/odom,'),
      error: /robot rover: body \(rosbridge .*\): .*topic \/rover\/odom \(detections\) carries nav_msgs\/msg\/Odometry, but the body is configured for vision_msgs\/msg\/Detection3DArray/,
    },
    { what: 'an unreachable rosbridge server', edit: (t, closed) => t.replace(/ws:\/\/127\.0\.0\.1:\d+\n      topics:\n        cameras: \{ front: \{ topic: \/rover/, (m) => m.replace(/:\d+\n/, `:${closed}\n`)), error: /robot rover: body \(rosbridge ws:\/\/127\.0\.0\.1:\d+\): .*cannot reach rosbridge/ },
    { what: 'an unreachable policy server', edit: (t, closed) => t.replace(/url: ws:\/\/127\.0\.0\.1:\d+\n      layout: household/, `url: ws://127.0.0.1:${closed}\n      layout: household`), error: /robot rover: executor \(openpi ws:\/\/127\.0\.0\.1:\d+\): / },
  ];

  it('an unknown topic, a wrong message type, an unreachable rosbridge or policy server', async () => {
    const robot = await simRobot();
    const dir = tempDir();
    const closed = await closedPort();
    for (const c of cases) {
      const fleet = networkedFleetFile(dir, robot.endpoints, { readyTimeoutMs: 5000, name: 'bad.yaml', edit: (t) => c.edit(t, closed) });
      const started = Date.now();
      const run = await orcaRun(['run', '--fleet', fleet, INSTRUCTION, '--json', '--db', join(dir, 'orca.sqlite')], { track });
      expect({ what: c.what, code: run.code, stderr: run.stderr }).toEqual({ what: c.what, code: 1, stderr: expect.stringMatching(c.error) });
      // Bounded by ready_timeout_ms (and the policy's connect retry), never a hang.
      expect(Date.now() - started, c.what).toBeLessThan(2 * MINUTES);
    }
  }, 10 * MINUTES);
});
