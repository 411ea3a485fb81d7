import { afterEach, describe, expect, it } from 'vitest';
import { RosbridgeClient } from '../executors/rosbridge/client.js';
import type { TopicBody } from '../robots/bodies/index.js';
import { SimRobotProcess } from './process.js';
import { command, fixtureBody, openFixtureBody, step, until } from './testing/harness.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function start(): Promise<SimRobotProcess> {
  const proc = await SimRobotProcess.start({ scene: 'home', rosbridgePort: 0, openpiPort: 0, realtime: false, seed: 3 });
  cleanup.push(() => proc.close());
  return proc;
}

/** Opens a body and makes it ready while the world steps (the sim robot publishes once per step). */
async function ready(proc: SimRobotProcess, body: TopicBody): Promise<TopicBody> {
  cleanup.push(() => body.close());
  const timer = setInterval(() => proc.step(1), 20);
  try {
    await body.ready(5000);
  } finally {
    clearInterval(timer);
  }
  await step(proc, body);
  return body;
}

describe('orca sim-robot over rosbridge', () => {
  it('lists its topics through rosapi with the contract types', async () => {
    const proc = await start();
    const client = new RosbridgeClient({ url: proc.endpoints.rosbridge });
    cleanup.push(() => client.close());
    await client.connect();
    const answer = (await client.callService('/rosapi/topics', {})) as { topics: string[]; types: string[] };
    const typeOf = (t: string): string | undefined => answer.types[answer.topics.indexOf(t)];
    expect(typeOf('/rover/camera/image_raw')).toBe('sensor_msgs/msg/Image');
    expect(typeOf('/rover/cameras/wrist/image_raw')).toBe('sensor_msgs/msg/Image');
    expect(typeOf('/rover/joint_states')).toBe('sensor_msgs/msg/JointState');
    expect(typeOf('/rover/odom')).toBe('nav_msgs/msg/Odometry');
    expect(typeOf('/rover/ee_pose')).toBe('geometry_msgs/msg/PoseStamped');
    expect(typeOf('/rover/detections')).toBe('vision_msgs/msg/Detection3DArray');
    expect(typeOf('/rover/detections/extras')).toBe('std_msgs/msg/String');
    expect(typeOf('/rover/cmd_vel')).toBe('geometry_msgs/msg/Twist');
    expect(typeOf('/rover/ee_twist')).toBe('geometry_msgs/msg/TwistStamped');
    expect(typeOf('/rover/gripper/command')).toBe('std_msgs/msg/Float64');
    expect(typeOf('/kitchen_arm/press')).toBe('std_msgs/msg/Bool');
  });

  it('the fixture body mapping becomes ready and observes what the robot senses: pose, ee, gripper, detections with extras, camera, joints', async () => {
    const proc = await start();
    const body = await ready(proc, await openFixtureBody(proc, 'kitchen_arm'));
    const obs = body.observe();
    const truth = proc.sim.world.robot('kitchen_arm');
    expect(obs.robotId).toBe('kitchen_arm');
    expect(obs.pose.x).toBeCloseTo(truth.pose.x, 1);
    expect(obs.ee.z).toBeCloseTo(truth.ee.z, 1);
    expect(obs.room).toBe('kitchen');
    expect(obs.gripper).toMatchObject({ contact: false, holding: null });
    expect(obs.gripper.aperture).toBeGreaterThan(0.9);
    expect(obs.joints?.names).toEqual(['ee_x', 'ee_y', 'ee_z', 'gripper']);
    expect(obs.images?.front).toMatchObject({ width: 224, height: 224, encoding: 'rgb8' });
    expect(obs.images?.front?.data.length).toBe(224 * 224 * 3);
    const mug = obs.detections.find((d) => d.id === 'mug_red');
    expect(mug).toMatchObject({ type: 'Mug', attributes: { color: 'red' }, placement: { relation: 'on', target: 'counter_1' } });
    expect(obs.detections.find((d) => d.id === 'microwave_1')?.parts?.handle).toBeDefined();
    expect(body.observationAgeMs).toBeLessThan(5000);
  });

  it('commands move the robot: base twist in the base frame, ee twist, gripper; the safety filter clamps first', async () => {
    const proc = await start();
    const body = await ready(proc, await openFixtureBody(proc, 'rover'));
    const world = proc.sim.world;
    const start0 = world.robot('rover');
    await command(proc, body, { base: { vx: 5, vy: 0, wz: 0 }, ee: { vx: 0, vy: 0, vz: -0.2 }, gripper: 0 }, 3);
    await step(proc, body, 3);
    const after = world.robot('rover');
    expect(after.pose.x - start0.pose.x).toBeCloseTo(0.6 * 0.3, 2);
    expect(after.ee.z - start0.ee.z).toBeCloseTo(-0.2 * 0.3, 2);
    expect(body.observe().gripper.aperture).toBeLessThan(0.2);
    expect(body.observe().pose.x).toBeCloseTo(after.pose.x, 1);
  });

  it('keeps world-frame velocities in the world frame when the base has turned (Twist is in the base frame on the wire)', async () => {
    const proc = await start();
    const body = await ready(proc, await openFixtureBody(proc, 'rover'));
    for (let i = 0; i < 10; i++) {
      await command(proc, body, { base: { vx: 0, vy: 0, wz: 1.5 } }, 1);
      await step(proc, body);
    }
    const turned = proc.sim.world.robot('rover').pose;
    expect(turned.theta).toBeCloseTo(1.5, 1);
    for (let i = 0; i < 3; i++) {
      await command(proc, body, { base: { vx: 0.3, vy: 0, wz: 0 } }, 1);
      await step(proc, body);
    }
    const moved = proc.sim.world.robot('rover').pose;
    expect(moved.x - turned.x).toBeCloseTo(0.09, 2);
    expect(Math.abs(moved.y - turned.y)).toBeLessThan(0.01);
  });

  // Load-sensitive (the command crosses a websocket while the test steps the world): retried until the
  // harness waits for the command to take effect rather than for its arrival.
  it('drops a velocity command older than half a second: a silent client never leaves the robot moving', { retry: 3 }, async () => {
    const proc = await start();
    const body = await ready(proc, await openFixtureBody(proc, 'rover'));
    await command(proc, body, { base: { vx: 0.4, vy: 0, wz: 0 } }, 1);
    const x0 = proc.sim.world.robot('rover').pose.x;
    await step(proc, body, 5);
    const moved = proc.sim.world.robot('rover').pose.x;
    expect(moved - x0).toBeCloseTo(0.4 * 0.5, 2);
    await step(proc, body, 5);
    expect(proc.sim.world.robot('rover').pose.x).toBeCloseTo(moved, 6);
  });

  it('confirms a stop from the robot own readings: zero twist observed after the halt', async () => {
    const proc = await start();
    const body = await ready(proc, await openFixtureBody(proc, 'rover'));
    await command(proc, body, { base: { vx: 0.4, vy: 0.1, wz: 0 } }, 1);
    await step(proc, body, 2);
    const stopping = body.confirmedStop();
    const timer = setInterval(() => proc.step(1), 10);
    cleanup.push(() => clearInterval(timer));
    expect(await stopping).toBe(true);
    const x = proc.sim.world.robot('rover').pose.x;
    await step(proc, body, 3);
    expect(proc.sim.world.robot('rover').pose.x).toBe(x);
  });

  it('a stop that the robot never confirms (it stopped publishing) is reported false after stop_timeout_ms', async () => {
    const proc = await start();
    const cfg = fixtureBody('rover', proc.endpoints.rosbridge, (raw) => ({ ...raw, stop_timeout_ms: 150 }));
    const body = await ready(proc, await openFixtureBody(proc, 'rover', cfg));
    expect(await body.confirmedStop()).toBe(false);
  });
});

describe('orca sim-robot action servers through a body', () => {
  // Load-sensitive in the same way (a confirmed stop raced against a stepping timer): retried.
  it('moves the end effector with FollowJointTrajectory goals and the gripper with GripperCommand goals; a confirmed stop cancels them', { retry: 3 }, async () => {
    const proc = await start();
    const cfg = fixtureBody('kitchen_arm', proc.endpoints.rosbridge, (raw) => ({
      ...raw,
      commands: {
        joint_trajectory: { action: '/kitchen_arm/arm_controller/follow_joint_trajectory', type: 'control_msgs/action/FollowJointTrajectory', joints: ['ee_x', 'ee_y', 'ee_z'] },
        gripper: { via: 'action', action: '/kitchen_arm/gripper_controller/gripper_cmd', type: 'control_msgs/action/GripperCommand', open_position: 1, closed_position: 0 },
      },
    }));
    const body = await ready(proc, await openFixtureBody(proc, 'kitchen_arm', cfg));
    const arm = proc.embodiments.get('kitchen_arm')!;
    const z0 = proc.sim.world.robot('kitchen_arm').ee.z;
    for (let i = 0; i < 6; i++) {
      expect(body.apply({ ee: { vx: 0, vy: 0, vz: -0.2 }, gripper: 0.5 }).status).toBe('applied');
      // Each goal replaces the one before (which ends CANCELED): wait for this one, not the last.
      await until(() => arm.trajectory.busy && arm.trajectory.ended.length === i && (i > 0 || arm.gripper.busy), 'the goals');
      await step(proc, body);
    }
    expect(proc.sim.world.robot('kitchen_arm').ee.z).toBeLessThan(z0 - 0.1);
    expect(body.observe().gripper.aperture).toBeLessThan(0.9);
    expect(arm.trajectory.ended.every((s) => s === 5)).toBe(true);
    const stopping = body.confirmedStop();
    const timer = setInterval(() => proc.step(1), 10);
    cleanup.push(() => clearInterval(timer));
    expect(await stopping).toBe(true);
    expect(arm.trajectory.busy || arm.gripper.busy).toBe(false);
    expect(arm.trajectory.ended.at(-1)).toBe(5);
  });
});

describe('orca sim-robot clients that come and go', () => {
  it('a client that disconnects and a new one that connects both get observations; the server keeps running', async () => {
    const proc = await start();
    const first = await ready(proc, await openFixtureBody(proc, 'rover'));
    await first.close();
    const second = await ready(proc, await openFixtureBody(proc, 'rover'));
    await step(proc, second, 2);
    expect(second.observe().robotId).toBe('rover');
    expect(proc.rosbridge.clients).toBe(1);
  });

  it('a socket dropped by the server side is re-opened by the body, which resubscribes and sees the robot again', async () => {
    const proc = await start();
    const body = await ready(proc, await openFixtureBody(proc, 'rover'));
    const pose = body.sensors.statuses[0]!;
    proc.rosbridge.dropClients();
    await until(() => proc.rosbridge.clients === 0, 'the drop');
    const seen = pose.received;
    proc.step(3);
    expect(pose.received).toBe(seen);
    await until(() => proc.rosbridge.clients === 1 && proc.rosbridge.subscribed('/rover/odom'), 'the reconnect', 10_000);
    await step(proc, body, 2);
    expect(pose.received).toBeGreaterThan(seen);
    expect(body.observationAgeMs).toBeLessThan(1000);
  });
});
