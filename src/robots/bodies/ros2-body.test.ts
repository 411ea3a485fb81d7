import { afterEach, describe, expect, it } from 'vitest';
import { BodyConfigSchema } from './config.js';
import type { BodyConfig } from './config.js';
import { BodyConfigError, BodyNotReadyError } from './errors.js';
import { detection3DArrayMsg } from './messages/detections.js';
import { odometryMsg, poseStampedMsg } from './messages/geometry.js';
import { imageMsg } from './messages/images.js';
import { jointStateMsg } from './messages/joints.js';
import { openBody } from './open-body.js';
import { FakeRclGraph } from './testing/fake-rcl-graph.js';
import type { TopicBody } from './topic-body.js';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const ROBOT = { kind: 'mobile_manipulator' as const, capabilities: ['navigate' as const, 'manipulate' as const], limits: { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 } };

const ARM = BodyConfigSchema.parse({
  kind: 'ros2',
  node_name: 'orca_arm',
  topics: {
    cameras: { front: { topic: '/cam/image_raw', type: 'sensor_msgs/msg/Image' } },
    joint_states: { topic: '/joint_states', type: 'sensor_msgs/msg/JointState' },
    pose: { source: 'odometry', topic: '/odom', type: 'nav_msgs/msg/Odometry' },
    ee_pose: { topic: '/ee_pose', type: 'geometry_msgs/msg/PoseStamped' },
    gripper: { topic: '/joint_states', type: 'sensor_msgs/msg/JointState', joint: 'finger', open_position: 0.04, closed_position: 0 },
    detections: { topic: '/detections', type: 'vision_msgs/msg/Detection3DArray', labels: { cup: 'Mug' }, frame: 'base' },
  },
  commands: {
    base: { topic: '/cmd_vel', type: 'geometry_msgs/msg/Twist' },
    ee: { topic: '/servo/delta_twist_cmds', type: 'geometry_msgs/msg/TwistStamped', frame_id: 'base_link' },
    gripper: { via: 'action', action: '/gripper_controller/gripper_cmd', type: 'control_msgs/action/GripperCommand', open_position: 0.04, closed_position: 0, max_effort: 10 },
  },
}) as Extract<BodyConfig, { kind: 'ros2' }>;

const GRAPH: Record<string, string> = {
  '/cam/image_raw': 'sensor_msgs/msg/Image',
  '/joint_states': 'sensor_msgs/msg/JointState',
  '/odom': 'nav_msgs/msg/Odometry',
  '/ee_pose': 'geometry_msgs/msg/PoseStamped',
  '/detections': 'vision_msgs/msg/Detection3DArray',
  '/cmd_vel': 'geometry_msgs/msg/Twist',
  '/servo/delta_twist_cmds': 'geometry_msgs/msg/TwistStamped',
};

async function open(config = ARM): Promise<{ rcl: FakeRclGraph; body: TopicBody }> {
  const rcl = new FakeRclGraph();
  for (const [t, type] of Object.entries(GRAPH)) rcl.graph.set(t, [type]);
  const body = (await openBody(config, { robotId: 'arm', robot: ROBOT, rcl })) as TopicBody;
  cleanup.push(() => body.close());
  return { rcl, body };
}

function publishAll(rcl: FakeRclGraph): void {
  rcl.deliver('/odom', { ...odometryMsg({ x: 1, y: 2, theta: Math.PI / 2 }, { vx: 0, vy: 0, wz: 0 }, 3, 'map', 'base_link') });
  rcl.deliver('/ee_pose', poseStampedMsg({ x: 1, y: 2.4, z: 0.8 }, 0, 3, 'map'));
  rcl.deliver('/joint_states', { header: {}, name: ['shoulder', 'finger'], position: Float64Array.of(0.3, 0.01) });
  rcl.deliver('/cam/image_raw', imageMsg({ width: 2, height: 1, encoding: 'rgb8', data: Uint8Array.of(1, 2, 3, 4, 5, 6) }, 3, 'cam'));
  const cup = { id: 'track_7', type: 'cup', confidence: 0.8, position: { x: 0.5, y: 0, z: 0.9 }, attributes: {}, state: {} };
  rcl.deliver('/detections', detection3DArrayMsg([cup], 3, 'base_link'));
}

describe('a ROS 2 body (rclnodejs, here a fake)', () => {
  it('maps the same topics as the rosbridge body: pose, ee, gripper joint, camera, joints, detections moved from the base frame', async () => {
    const { rcl, body } = await open();
    expect(rcl.nodes).toEqual(['orca_arm']);
    expect(rcl.spinning).toBe(true);
    publishAll(rcl);
    await body.ready(1000);
    const obs = body.observe();
    expect(obs.pose).toMatchObject({ x: 1, y: 2 });
    expect(obs.pose.theta).toBeCloseTo(Math.PI / 2, 12);
    expect(obs.ee).toEqual({ x: 1, y: 2.4, z: 0.8 });
    expect(obs.gripper.aperture).toBeCloseTo(0.25, 9);
    expect(obs.joints).toEqual({ names: ['shoulder', 'finger'], positions: [0.3, 0.01] });
    expect([...(obs.images?.front?.data ?? [])]).toEqual([1, 2, 3, 4, 5, 6]);
    const cup = obs.detections[0]!;
    expect(cup).toMatchObject({ id: 'track_7', type: 'Mug', confidence: 0.8 });
    expect(cup.position.x).toBeCloseTo(1, 9);
    expect(cup.position.y).toBeCloseTo(2.5, 9);
  });

  it('publishes commands through node publishers (twists in the base frame) and the gripper as GripperCommand goals', async () => {
    const { rcl, body } = await open();
    publishAll(rcl);
    await body.ready(1000);
    expect(body.apply({ base: { vx: 0, vy: 0.3, wz: 0 }, ee: { vx: 0.1, vy: 0, vz: 0 }, gripper: 0 }).status).toBe('applied');
    const base = rcl.published.find((p) => p.topic === '/cmd_vel')!.msg as { linear: { x: number; y: number } };
    expect(base.linear.x).toBeCloseTo(0.3, 9);
    expect(base.linear.y).toBeCloseTo(0, 9);
    const ee = rcl.published.find((p) => p.topic === '/servo/delta_twist_cmds')!.msg as { header: { frame_id: string }; twist: { linear: { x: number; y: number } } };
    expect(ee.header.frame_id).toBe('base_link');
    expect(ee.twist.linear.y).toBeCloseTo(-0.1, 9);
    await new Promise((r) => setImmediate(r));
    expect(rcl.last).toMatchObject({ actionType: 'control_msgs/action/GripperCommand', server: '/gripper_controller/gripper_cmd', goal: { command: { position: 0, max_effort: 10 } } });
  });

  it('confirms a stop once odometry reads still and the gripper goal is cancelled', async () => {
    const { rcl, body } = await open();
    publishAll(rcl);
    await body.ready(1000);
    body.apply({ gripper: 0 });
    await new Promise((r) => setImmediate(r));
    const goal = rcl.last;
    goal.accept();
    const stopping = body.confirmedStop();
    await new Promise((r) => setTimeout(r, 5));
    rcl.deliver('/odom', odometryMsg({ x: 1, y: 2, theta: 0 }, { vx: 0, vy: 0, wz: 0 }, 4, 'map', 'base_link'));
    rcl.deliver('/ee_pose', poseStampedMsg({ x: 1, y: 2.4, z: 0.8 }, 0, 4, 'map'));
    rcl.deliver('/ee_pose', poseStampedMsg({ x: 1, y: 2.4, z: 0.8 }, 0, 4.1, 'map'));
    await new Promise((r) => setTimeout(r, 5));
    expect(goal.cancelRequests).toBe(1);
    goal.answerCancel(0);
    goal.finish(5, {});
    expect(await stopping).toBe(true);
    const zero = rcl.published.filter((p) => p.topic === '/cmd_vel').at(-1)!.msg as { linear: { x: number } };
    expect(zero.linear.x).toBe(0);
  });

  it('reports a topic whose graph type differs, and one the graph does not have', async () => {
    const wrong = await open();
    wrong.rcl.graph.set('/odom', ['nav_msgs/msg/Odometry', 'geometry_msgs/msg/PoseStamped']);
    await expect(wrong.body.ready(5000)).rejects.toThrow('topic /odom (pose) carries geometry_msgs/msg/PoseStamped, but the body is configured for nav_msgs/msg/Odometry');
    const missing = await open();
    missing.rcl.graph.delete('/ee_pose');
    publishAll(missing.rcl);
    const err = await missing.body.ready(200).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyNotReadyError);
    expect((err as Error).message).toContain('not in the ROS graph of ROS 2 node orca_arm: /ee_pose (end-effector pose)');
  });

  it('without rclnodejs (here: none installed) opening says what is missing and how to fix it', async () => {
    const err = await openBody(ARM, { robotId: 'arm', robot: ROBOT }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'ros2_unavailable', message: expect.stringContaining('ROS 2 is not sourced / rclnodejs not installed') });
  });

  it('refuses commands that cannot work before anything connects', async () => {
    const both = BodyConfigSchema.parse({ ...ARM, commands: { ...ARM.commands, joint_trajectory: { action: '/arm/fjt', type: 'control_msgs/action/FollowJointTrajectory', joints: ['x', 'y', 'z'] } } });
    await expect(openBody(both, { robotId: 'arm', robot: ROBOT, rcl: new FakeRclGraph() })).rejects.toThrow(BodyConfigError);
    const six = BodyConfigSchema.parse({ ...ARM, commands: { joint_trajectory: { action: '/arm/fjt', type: 'control_msgs/action/FollowJointTrajectory', joints: ['j1', 'j2', 'j3', 'j4', 'j5', 'j6'] } } });
    await expect(openBody(six, { robotId: 'arm', robot: ROBOT, rcl: new FakeRclGraph() })).rejects.toThrow(/must name the three joints .* \(got 6\); an articulated arm needs commands\.ee/);
    await expect(openBody(ARM, { robotId: 'arm', rcl: new FakeRclGraph() })).rejects.toThrow("robot arm: a ros2 body needs the robot's kind, capabilities and limits");
  });
});
