import { afterEach, describe, expect, it } from 'vitest';
import { SiteLatch } from '../../domain/estop.js';
import { RosbridgeServer } from '../../sim-robot/rosbridge-server.js';
import { BodyConfigSchema } from './config.js';
import type { BodyConfig } from './config.js';
import { BodyNotReadyError } from './errors.js';
import { odometryMsg, tfMsg } from './messages/geometry.js';
import { openBody } from './open-body.js';
import type { TopicBody } from './topic-body.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const ROBOT = { kind: 'mobile_manipulator' as const, capabilities: ['navigate' as const], limits: { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 } };
const odom = (x: number, theta = 0, v = 0): object => odometryMsg({ x, y: 1, theta }, { vx: v, vy: 0, wz: 0 }, 1, 'map', 'bot/base_link');

/** A robot that publishes odometry on `/bot/odom` when told, and takes twists on `/bot/cmd_vel`. */
async function fakeRobot(): Promise<{ server: RosbridgeServer; url: string; twists: { x: number; y: number; wz: number }[] }> {
  const server = await RosbridgeServer.listen('127.0.0.1', 0);
  cleanup.push(() => server.close());
  const twists: { x: number; y: number; wz: number }[] = [];
  server.output('/bot/odom', 'nav_msgs/msg/Odometry');
  server.input('/bot/cmd_vel', 'geometry_msgs/msg/Twist', (m) => {
    const t = m as { linear: { x: number; y: number }; angular: { z: number } };
    twists.push({ x: t.linear.x, y: t.linear.y, wz: t.angular.z });
  });
  return { server, url: `ws://127.0.0.1:${server.port}`, twists };
}

function config(url: string, extra: Record<string, unknown> = {}): BodyConfig {
  return BodyConfigSchema.parse({
    kind: 'rosbridge',
    url,
    topics: { pose: { source: 'odometry', topic: '/bot/odom', type: 'nav_msgs/msg/Odometry' } },
    commands: { base: { topic: '/bot/cmd_vel', type: 'geometry_msgs/msg/Twist' } },
    ...extra,
  });
}

async function body(cfg: BodyConfig, siteLatch?: SiteLatch): Promise<TopicBody> {
  const b = (await openBody(cfg, { robotId: 'bot', robot: ROBOT, retry: { retries: 1, initialDelayMs: 10, maxDelayMs: 20 }, ...(siteLatch ? { siteLatch } : {}) })) as TopicBody;
  cleanup.push(() => b.close());
  return b;
}

/** Publishes odometry until the body is ready. */
async function readyWith(server: RosbridgeServer, b: TopicBody, x = 0): Promise<void> {
  const timer = setInterval(() => server.publish('/bot/odom', odom(x)), 10);
  try {
    await b.ready(3000);
  } finally {
    clearInterval(timer);
  }
}

const until = async (cond: () => boolean, what: string): Promise<void> => {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 3));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
};

describe('a rosbridge body that cannot become ready says why, naming the topic, and never hangs', () => {
  it('an unknown topic: not in the graph', async () => {
    const { url } = await fakeRobot();
    const b = await body(config(url, { topics: { pose: { source: 'odometry', topic: '/bot/odometry', type: 'nav_msgs/msg/Odometry' } } }));
    const err = await b.ready(300).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyNotReadyError);
    expect((err as Error).message).toMatch(/robot bot: not in the ROS graph of rosbridge ws:\/\/127\.0\.0\.1:\d+: \/bot\/odometry \(pose\)/);
    expect((err as BodyNotReadyError).topics).toEqual(['/bot/odometry']);
  });

  it('a wrong message type: at once, with both types', async () => {
    const { url } = await fakeRobot();
    const b = await body(config(url, { commands: { base: { topic: '/bot/cmd_vel', type: 'geometry_msgs/msg/TwistStamped' } } }));
    const err = await b.ready(60_000).catch((e: unknown) => e);
    expect((err as Error).message).toContain('topic /bot/cmd_vel (base command) carries geometry_msgs/msg/Twist, but the body is configured for geometry_msgs/msg/TwistStamped');
  });

  it('an unreachable endpoint: cannot reach it', async () => {
    const { server, url } = await fakeRobot();
    await server.close();
    const b = await body(config(url));
    const err = await b.ready(2000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyNotReadyError);
    expect((err as Error).message).toMatch(/cannot reach rosbridge ws:\/\/127\.0\.0\.1:\d+: /);
  });

  it('a silent topic, where the graph cannot be read (no rosapi): no usable message, with the decoding error of what did arrive', async () => {
    const { server, url } = await fakeRobot();
    server.service('/rosapi/topics', () => {
      throw new Error('rosapi is not running');
    });
    const b = await body(config(url));
    const timer = setInterval(() => server.publish('/bot/odom', { pose: { pose: { position: { x: null, y: 0, z: 0 } } } }), 10);
    cleanup.push(() => clearInterval(timer));
    const err = await b.ready(300).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/no usable message within 300 ms on \/bot\/odom \(pose\) — \d+ message\(s\), none usable: malformed nav_msgs\/msg\/Odometry/);
  });
});

describe('a ready rosbridge body', () => {
  it('reads odometry into observations and reports the age of the newest pose, which grows when the robot falls silent', async () => {
    const { server, url } = await fakeRobot();
    const b = await body(config(url));
    await readyWith(server, b, 2);
    expect(b.observe().pose).toEqual({ x: 2, y: 1, theta: 0 });
    expect(b.observe().ee).toEqual({ x: 2, y: 1, z: 0 });
    const age = b.observationAgeMs;
    await new Promise((r) => setTimeout(r, 30));
    expect(b.observationAgeMs).toBeGreaterThan(age);
    server.publish('/bot/odom', odom(3));
    await until(() => b.observe().pose.x === 3, 'the new pose');
    expect(b.observationAgeMs).toBeLessThan(1000);
  });

  it('e-stop latches: actions are refused and zero twists go out; so does the site latch, until released', async () => {
    const { server, url, twists } = await fakeRobot();
    const latch = SiteLatch.create();
    const b = await body(config(url), latch);
    await readyWith(server, b);
    expect(b.apply({ base: { vx: 0.2, vy: 0, wz: 0 } }).status).toBe('applied');
    await until(() => twists.length === 1, 'the twist');
    b.estop();
    expect(b.apply({ base: { vx: 0.2, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'estopped' });
    await until(() => twists.length >= 3, 'zeros while latched');
    expect(twists.slice(1).every((t) => t.x === 0 && t.y === 0 && t.wz === 0)).toBe(true);
    b.releaseEstop();
    latch.latch();
    expect(b.estopped).toBe(true);
    expect(b.apply({ base: { vx: 0.2, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'estopped' });
    latch.release();
    expect(b.apply({ base: { vx: 0.2, vy: 0, wz: 0 } }).status).toBe('applied');
  });

  it('refuses an action while the link is down rather than throwing, and the pose goes stale', async () => {
    const { server, url } = await fakeRobot();
    const b = await body(config(url));
    await readyWith(server, b);
    await server.close();
    await until(() => b.apply({ base: { vx: 0.1, vy: 0, wz: 0 } }).status === 'rejected', 'the link to drop');
    expect(b.apply({ base: { vx: 0.1, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_allowed', message: expect.stringContaining('is not connected') });
    expect(() => b.halt()).not.toThrow();
    expect((await b.health()).ok).toBe(false);
  });

  it('puts every action through the safety filter before it reaches the robot', async () => {
    const { server, url, twists } = await fakeRobot();
    const b = await body(config(url));
    await readyWith(server, b);
    expect(b.apply({ base: { vx: Number.NaN, vy: 0, wz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_finite' });
    expect(b.apply({ base: { vx: 3, vy: 4, wz: 0 } })).toMatchObject({ status: 'applied', clamped: true });
    await until(() => twists.some((t) => t.x !== 0), 'the clamped twist');
    const sent = twists.find((t) => t.x !== 0)!;
    expect(Math.hypot(sent.x, sent.y)).toBeCloseTo(0.6, 6);
  });

  it('refuses an end-effector command in a frame that is neither the map nor the base', async () => {
    const { server, url } = await fakeRobot();
    server.input('/bot/servo', 'geometry_msgs/msg/TwistStamped', () => undefined);
    const b = await body(config(url, { commands: { ee: { topic: '/bot/servo', type: 'geometry_msgs/msg/TwistStamped', frame_id: 'tool0' } } }));
    await readyWith(server, b);
    expect(b.apply({ ee: { vx: 0.1, vy: 0, vz: 0 } })).toMatchObject({ status: 'rejected', reason: 'not_allowed', message: expect.stringContaining('ee command frame "tool0" is neither the map frame "map" nor the base frame') });
  });

  it('sends an end-effector twist in the base frame named by odometry, rotated by the heading', async () => {
    const { server, url } = await fakeRobot();
    const servo: { frame: string; x: number; y: number }[] = [];
    server.input('/bot/servo', 'geometry_msgs/msg/TwistStamped', (m) => {
      const t = m as { header: { frame_id: string }; twist: { linear: { x: number; y: number } } };
      servo.push({ frame: t.header.frame_id, x: t.twist.linear.x, y: t.twist.linear.y });
    });
    const b = await body(config(url, { commands: { ee: { topic: '/bot/servo', type: 'geometry_msgs/msg/TwistStamped', frame_id: '/bot/base_link' } } }));
    const timer = setInterval(() => server.publish('/bot/odom', odom(0, Math.PI / 2)), 10);
    cleanup.push(() => clearInterval(timer));
    await b.ready(3000);
    expect(b.apply({ ee: { vx: 0.1, vy: 0, vz: 0 } }).status).toBe('applied');
    await until(() => servo.length > 0, 'the ee twist');
    expect(servo[0]!.frame).toBe('/bot/base_link');
    expect(servo[0]!.x).toBeCloseTo(0, 9);
    expect(servo[0]!.y).toBeCloseTo(-0.1, 9);
  });

  it('takes its pose from TF through a chain of frames', async () => {
    const { server, url } = await fakeRobot();
    server.output('/tf', 'tf2_msgs/msg/TFMessage');
    const b = await body(config(url, { topics: { pose: { source: 'tf', parent_frame: 'map', child_frame: 'bot/base_link' } } }));
    const timer = setInterval(() => {
      server.publish('/tf', tfMsg([{ parent: 'map', child: 'odom', x: 1, y: 0, z: 0, yaw: 0 }], 1));
      server.publish('/tf', tfMsg([{ parent: 'odom', child: 'bot/base_link', x: 0.5, y: 0.25, z: 0, yaw: 0.3 }], 1));
    }, 10);
    cleanup.push(() => clearInterval(timer));
    await b.ready(3000);
    const pose = b.observe().pose;
    expect(pose.x).toBeCloseTo(1.5, 9);
    expect(pose.y).toBeCloseTo(0.25, 9);
    expect(pose.theta).toBeCloseTo(0.3, 9);
  });
});
