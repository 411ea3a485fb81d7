import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ValidationError } from '../domain/failures.js';
import { BodyConfigSchema } from '../robots/bodies/config.js';
import { defaultFleetsDir, listFleetFiles, loadFleetFile, parseFleetText } from './fleet-load.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tmp(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-fleets-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function issuesOf(text: string, dir = tmp({})): { path: string; message: string }[] {
  try {
    parseFleetText(text, join(dir, 'f.yaml'));
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toMatch(/^f\.yaml: /);
    return [...(err as ValidationError).issues];
  }
  throw new Error('the fleet file was accepted');
}

const LINKED_BODY = `
    body:
      kind: rosbridge
      url: ws://127.0.0.1:9090
      topics:
        cameras: { front: { topic: /arm/camera/image_raw, type: sensor_msgs/msg/Image } }
        pose: { source: odometry, topic: /arm/odom, type: nav_msgs/msg/Odometry }
        detections: { topic: /arm/detections, type: vision_msgs/msg/Detection3DArray }
      commands:
        ee: { topic: /arm/ee_twist, type: geometry_msgs/msg/TwistStamped, frame_id: map }`;

describe('the bundled fleet files', () => {
  it('home.yaml is the built-in home: both scene robots as simulated bodies with the simulated policy', () => {
    const home = loadFleetFile(join(defaultFleetsDir(), 'home.yaml'), { simDefaults: { faults: 'harsh', seed: 4 } });
    expect(home.scene.name).toBe('home');
    expect(home.simulated).toBe(true);
    expect(home.runtime.control_rate_hz).toBe(20);
    expect(home.robots.map((r) => [r.id, r.kind, r.reach, r.config.executor])).toEqual([
      ['rover', 'mobile_manipulator', 0.9, { kind: 'sim', policy: 'household', faults: 'harsh', seed: '4/rover' }],
      ['kitchen_arm', 'fixed_arm', 1.3, { kind: 'sim', policy: 'household', faults: 'harsh', seed: '4/kitchen_arm' }],
    ]);
    expect(home.robots[0]?.capabilities).toEqual(home.scene.robots.find((r) => r.id === 'rover')?.capabilities);
  });

  it('every bundled fleet file validates', () => {
    for (const f of listFleetFiles(defaultFleetsDir())) expect(() => loadFleetFile(f), f).not.toThrow();
  });

  it('networked-sim.yaml maps each robot as the bodies tested against orca sim-robot do (src/sim-robot/fixtures)', () => {
    const fleet = loadFleetFile(join(defaultFleetsDir(), 'networked-sim.yaml'));
    const fixture = parse(readFileSync(new URL('../sim-robot/fixtures/networked-sim.bodies.yaml', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(fleet.robots.map((r) => r.id)).toEqual(Object.keys(fixture));
    for (const r of fleet.robots) {
      expect(r.body.kind).toBe('rosbridge');
      const url = r.body.kind === 'rosbridge' ? r.body.url : '';
      expect(r.body, r.id).toEqual(BodyConfigSchema.parse({ ...fixture[r.id], url, stale_after_ms: 1000 }));
    }
  });
});

describe('fleet file validation names the field', () => {
  it('refuses an unknown site, a missing executor, a bad body and unknown fields', () => {
    const issues = issuesOf(`
name: f
site: { scene: mars }
robots:
  - id: arm
    body: { kind: rosbridge, url: http://x, topics: { pose: { source: odometry, topic: /odom, type: nav_msgs/msg/Odometry } }, commands: {} }
  - id: rover
    body: { kind: sim }
    executor: { kind: sim }
    wheels: 4
`);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['robots.0.body.url', 'robots.0.executor', 'robots.1']));
    expect(issues.find((i) => i.path === 'robots.1')?.message).toMatch(/wheels/);
    expect(issuesOf('name: f\nsite: { scene: mars }\nrobots:\n  - { id: rover, body: { kind: sim }, executor: { kind: sim } }\n')).toEqual([
      { path: 'site.scene', message: expect.stringMatching(/^unknown built-in scene "mars" \(known: .*home/) },
    ]);
  });

  it('checks each robot against its site: scene robots for sim bodies, detections for linked ones, a planner kind and capabilities', () => {
    const issues = issuesOf(`
name: f
site: { scene: home }
robots:
  - { id: ghost, body: { kind: sim }, executor: { kind: sim } }
  - { id: rover, body: { kind: sim }, executor: { kind: sim } }
  - id: twin
    body: { kind: sim, robot: rover }
    executor: { kind: sim }
  - id: arm
    body:
      kind: rosbridge
      url: ws://127.0.0.1:9090
      topics: { pose: { source: odometry, topic: /arm/odom, type: nav_msgs/msg/Odometry } }
      commands: {}
    executor: { kind: sim }
    perception: { camera: wrist }
`);
    const byPath = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byPath['robots.0.body.robot']).toBe("the site's scene has no robot \"ghost\" to embody (robots: rover, kitchen_arm)");
    expect(byPath['robots.2.body.robot']).toBe('robot "rover" embodies the same simulated robot');
    expect(byPath['robots.3.body.topics.detections']).toMatch(/verifier judges from detections/);
    expect(byPath['robots.3.executor.kind']).toMatch(/body\.kind must be sim/);
    expect(byPath['robots.3.perception.camera']).toBe('no camera "wrist" in body.topics.cameras (none)');
    expect(byPath['robots.3.kind']).toMatch(/mobile_manipulator or fixed_arm/);
    expect(byPath['robots.3.capabilities']).toMatch(/give the robot's capabilities/);
  });

  it('refuses duplicate robot ids and a site with both a scene and a scene file', () => {
    const issues = issuesOf('name: f\nsite: { scene: home, scene_file: x.yaml }\nrobots:\n  - { id: rover, body: { kind: sim }, executor: { kind: sim } }\n  - { id: rover, body: { kind: sim }, executor: { kind: sim } }\n');
    expect(issues).toEqual(expect.arrayContaining([{ path: 'site.scene', message: expect.stringMatching(/exactly one/) }, { path: 'robots.1.id', message: 'robot id "rover" is used twice' }]));
  });

  it('names the field inside a referenced robot config, and a file that is not there', () => {
    const dir = tmp({ 'bad.yaml': 'id: arm\nkind: arm\ncapabilities: [manipulate]\nexecutor: { kind: openvla, url: ftp://x }\n' });
    const issues = issuesOf(`name: f\nsite: { scene: home }\nrobots:\n  - id: arm\n    kind: fixed_arm\n    robot_config: bad.yaml\n${LINKED_BODY.replace(/^\n/, '')}\n  - id: arm2\n    kind: fixed_arm\n    robot_config: missing.yaml\n${LINKED_BODY.replace(/^\n/, '').replaceAll('/arm/', '/arm2/')}\n`, dir);
    expect(issues[0]).toEqual({ path: 'robots.0.robot_config', message: expect.stringMatching(/^bad\.yaml: executor\.url: expected a http: or https: URL/) });
    expect(issues[1]).toEqual({ path: 'robots.1.robot_config', message: expect.stringMatching(/^cannot read .*missing\.yaml/) });
  });
});

describe('fleet file resolution', () => {
  it('takes a referenced robot config (executor, capabilities, limits) under the fleet robot id', () => {
    const dir = tmp({
      'openvla.yaml': 'id: widowx_1\nkind: arm\ncapabilities: [manipulate]\nlimits: { max_base_speed: 0, max_base_turn_rate: 0, max_ee_speed: 0.3 }\nexecutor: { kind: openvla, url: "http://gpu:8000", unnorm_key: bridge_orig }\n',
    });
    const fleet = parseFleetText(`name: lab\nsite: { scene: home }\nrobots:\n  - id: arm\n    kind: fixed_arm\n    reach: 0.7\n    robot_config: openvla.yaml\n${LINKED_BODY.replace(/^\n/, '')}\nruntime: { control_rate_hz: 5, step_deadline_ms: 2000 }\n`, join(dir, 'lab.yaml'));
    expect(fleet.simulated).toBe(false);
    const arm = fleet.robots[0];
    expect(arm?.config).toMatchObject({ id: 'arm', kind: 'arm', capabilities: ['manipulate'], limits: { max_ee_speed: 0.3 }, executor: { kind: 'openvla', url: 'http://gpu:8000' } });
    expect([arm?.kind, arm?.reach, arm?.stepDeadlineMs]).toEqual(['fixed_arm', 0.7, 2000]);
  });

  it('reads a scene file beside the fleet file and lets the fleet name its people', () => {
    const scene = 'name: lab\nkind: tabletop\nrooms: [{ id: bench, rect: { x: 0, y: 0, w: 2, d: 1 } }]\nrobots: [{ id: arm, kind: fixed_arm, pose: { x: 1, y: 0.2, theta: 1.57 }, capabilities: [manipulate] }]\n';
    const dir = tmp({ 'lab-scene.yaml': scene });
    const fleet = parseFleetText(
      'name: lab\nsite:\n  scene_file: lab-scene.yaml\n  people: [{ id: sam, name: Sam, room: bench, position: { x: 0.5, y: 0.5 } }]\nrobots:\n  - { id: arm, body: { kind: sim }, executor: { kind: sim } }\n',
      join(dir, 'lab.yaml'),
    );
    expect(fleet.scene.name).toBe('lab');
    expect(fleet.scene.people.map((p) => p.id)).toEqual(['sam']);
    expect(fleet.robots[0]).toMatchObject({ id: 'arm', kind: 'fixed_arm', capabilities: ['manipulate'] });
    expect(issuesOf('name: lab\nsite: { scene_file: nope.yaml }\nrobots:\n  - { id: arm, body: { kind: sim }, executor: { kind: sim } }\n', dir)).toEqual([
      { path: 'site.scene_file', message: expect.stringMatching(/cannot read scene file/) },
    ]);
  });
});
