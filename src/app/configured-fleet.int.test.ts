import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { openFleetBody } from '../runtime/bodies.js';
import type { BodyOpener } from '../runtime/bodies.js';
import { startOpenPi } from '../runtime/testing/openpi-server.js';
import { TestBody } from '../runtime/testing/test-body.js';
import { ok, startFakeServer } from '../reasoning/openai/test-server.js';
import { startServer } from '../server/index.js';
import { defaultFleetsDir } from './fleet-load.js';
import { createOrchestrator } from './index.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function orchestrator(fleet: string, opener?: BodyOpener): Promise<Orchestrator> {
  const o = await createOrchestrator({ fleet, db: ':memory:', faults: 'off', persistWorld: false }, opener ? { fleet: { openBody: opener } } : {});
  cleanups.push(() => o.close());
  return o;
}

function fleetFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-fleet-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'lab.yaml'), text);
  return join(dir, 'lab.yaml');
}

/** One arm on the home site, its body over rosbridge (stood in for by a test body), its policy an openpi server. */
const linkedFleet = (policyUrl: string): string => `
name: lab
site: { scene: home }
robots:
  - id: arm
    kind: fixed_arm
    capabilities: [manipulate]
    body:
      kind: rosbridge
      url: ws://127.0.0.1:9
      topics:
        cameras: { front: { topic: /arm/camera/image_raw, type: sensor_msgs/msg/Image } }
        pose: { source: odometry, topic: /arm/odom, type: nav_msgs/msg/Odometry }
        detections: { topic: /arm/detections, type: vision_msgs/msg/Detection3DArray }
      commands:
        ee: { topic: /arm/ee_twist, type: geometry_msgs/msg/TwistStamped, frame_id: map }
      stale_after_ms: 300
    executor: { kind: openpi, url: ${policyUrl}, layout: libero, camera: front, wrist_camera: wrist, state: { eef_quaternion: [ee_qx, ee_qy, ee_qz, ee_qw] }, open_loop_steps: 5, retry: { retries: 0 } }
runtime: { control_rate_hz: 10, ready_timeout_ms: 500 }
`;

function testBodies(): { opener: BodyOpener; bodies: Map<string, TestBody> } {
  const bodies = new Map<string, TestBody>();
  const opener: BodyOpener = (config, deps) => {
    if (config.kind === 'sim') return openFleetBody(config, deps);
    const body = new TestBody(deps.robotId);
    bodies.set(deps.robotId, body);
    cleanups.push(() => body.close());
    return Promise.resolve(body);
  };
  return { opener, bodies };
}

async function until<T>(read: () => T | null | undefined | false, what: string, tries = 400): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = read();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the home fleet file', () => {
  it('runs a mission as the built-in home does, on its own site', async () => {
    const o = await orchestrator(join(defaultFleetsDir(), 'home.yaml'));
    expect(o.scenes()).toEqual([expect.objectContaining({ name: 'home', source: 'fleet', robots: ['rover', 'kitchen_arm'], people: ['alex'] })]);
    expect(o.robots().map((r) => [r.id, r.health])).toEqual([
      ['rover', { ok: true, detail: 'simulated' }],
      ['kitchen_arm', { ok: true, detail: 'simulated' }],
    ]);
    const started = await o.startMission({ instruction: 'put the red apple in the fridge' });
    const done = await o.settled(started.id);
    expect(done.status).toBe('succeeded');
    const apple = o.worldObjects('home')?.find((e) => e.type === 'Apple' && e.attributes['color'] === 'red');
    expect(apple?.location).toEqual({ relation: 'in', target: 'fridge_1' });
    expect(() => o.addScene('name: x\nkind: house\nrooms: [{ id: a, rect: { x: 0, y: 0, w: 1, d: 1 } }]\n')).toThrow(OrchestratorError);
    await expect(o.startMission({ instruction: 'bring me a mug', scene: 'mars' })).rejects.toThrow(/this orca runs the fleet home/);
    expect(() => o.resetWorld('home')).toThrow(new OrchestratorError('conflict', 'the world of home belongs to the fleet home: its world is reset by restarting orca with the fleet; run without --fleet for a built-in scene that can be reset in place', { scene: 'home', fleet: 'home' }));
  }, 60_000);
});

describe('resetting the world of a fleet with linked robots', () => {
  it('is refused with 409, saying that the robots report a world of their own and how to reset it', async () => {
    const { opener } = testBodies();
    const policy = await startOpenPi({ rows: 5 });
    cleanups.push(() => policy.close());
    const o = await orchestrator(fleetFile(linkedFleet(policy.url)), opener);
    const server = await startServer({ orchestrator: o, tokens: [], logger: pino({ level: 'silent' }), port: 0 });
    cleanups.push(() => server.close());
    const res = await fetch(`${server.url}/api/scenes/home/reset`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect(JSON.stringify(await res.json())).toContain(
      "the world of home belongs to the fleet lab: its robots arm (rosbridge) report a world of their own, which orca cannot put back; reset the robots' side (e.g. restart orca sim-robot) and orca's belief follows what they observe",
    );
  });
});

describe('a fleet with a second opinion', () => {
  it("adds the vision model's advisory note to each verdict of a mission", async () => {
    const vlm = await startFakeServer();
    cleanups.push(() => vlm.close());
    vlm.script(ok({ answer: 'yes', confidence: 0.9, why: 'looks right' }));
    const file = fleetFile(`name: home_checked
site: { scene: home }
robots:
  - { id: rover, body: { kind: sim }, executor: { kind: sim } }
perception:
  second_opinion: { model: vlm-test, base_url: "${vlm.baseURL}", api_key_env: ORCA_TEST_VLM_KEY }
runtime: { control_rate_hz: 20 }
`);
    const o = await orchestrator(file);
    const done = await o.settled((await o.startMission({ instruction: 'pick up the red apple' })).id);
    expect(done.status).toBe('succeeded');
    const verdicts = o.traces.events(done.id, { kinds: ['verdict'] }).filter((e) => e.data['kind'] === 'succeeded');
    expect(verdicts.length).toBeGreaterThan(0);
    for (const v of verdicts) expect((v.data['evidence'] as { note?: string }).note).toMatch(/second opinion \(advisory, vlm-test\): /);
  }, 60_000);
});

describe('a fleet with a linked body and a remote policy', () => {
  // On the wall clock: a heavily loaded machine can starve the in-test policy server for a step deadline, so it is retried.
  it("shows each robot's link health, draws the site's map, and drives a mission on the wall clock", { retry: 2, timeout: 30_000 }, async () => {
    const policy = await startOpenPi({ rows: 5 });
    cleanups.push(() => policy.close());
    const { opener, bodies } = testBodies();
    const o = await orchestrator(fleetFile(linkedFleet(policy.url)), opener);
    const health = await until(() => o.robots()[0]?.health.detail.includes('healthz OK') && o.robots()[0]?.health, 'the executor health check');
    expect(health).toEqual({ ok: true, detail: expect.stringMatching(new RegExp(`^body \\(rosbridge ws://127\\.0\\.0\\.1:9\\): last observation \\d+ ms ago; executor \\(openpi ${policy.url}\\): healthz OK$`)) });
    const svg = o.worldSvg('home') ?? '';
    expect(svg).toContain('data-id="arm"');
    expect(svg).toContain('data-id="fridge_1"');
    expect(svg).not.toContain('data-id="apple_2"');
    expect(o.worldObjects('home')).toBeNull();

    const server = await startServer({ orchestrator: o, tokens: [], logger: pino({ level: 'silent' }), port: 0 });
    cleanups.push(() => server.close());
    const listed = (await (await fetch(`${server.url}/api/robots`)).json()) as { id: string; scene: string; health: { ok: boolean; detail: string } }[];
    expect(listed).toEqual([expect.objectContaining({ id: 'arm', scene: 'home', health: expect.objectContaining({ ok: true }) })]);

    const started = await o.startMission({ instruction: 'pick up the red mug' });
    await until(() => policy.requests.length >= 3, 'policy requests from the mission');
    const events = o.traces.events(started.id, { kinds: ['dispatch'] });
    expect(events[0]?.data).toMatchObject({ robotId: 'arm', instruction: expect.stringContaining('mug') });
    await o.cancel(started.id, 'test over');

    bodies.get('arm')?.silence();
    const stale = await until(() => o.robots()[0]?.health.ok === false && o.robots()[0]?.health, 'the stale body');
    expect(stale.detail).toMatch(/^body \(rosbridge ws:\/\/127\.0\.0\.1:9\): no observation for \d+ ms \(stale after 300 ms\)/);
  });

  it('refuses to start, naming the robot and the part, when the policy server is unreachable', async () => {
    const { opener, bodies } = testBodies();
    const err = await createOrchestrator({ fleet: fleetFile(linkedFleet('ws://127.0.0.1:1')), db: ':memory:' }, { fleet: { openBody: opener } }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^robot arm: executor \(openpi ws:\/\/127\.0\.0\.1:1\): /);
    expect(bodies.get('arm')?.closed).toBe(true);
  });

  it('an invalid fleet file is bad input naming the field', async () => {
    const err = await createOrchestrator({ fleet: fleetFile(linkedFleet('http://nope')), db: ':memory:' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OrchestratorError);
    expect((err as OrchestratorError).code).toBe('bad_input');
    expect((err as Error).message).toMatch(/^lab\.yaml: robots\.0\.executor\.url: expected a ws: or wss: URL/);
  });
});
