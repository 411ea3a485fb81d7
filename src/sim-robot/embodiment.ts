import type { Vec3 } from '../domain/geometry.js';
import type { Observation } from '../domain/observation.js';
import { detection3DArrayMsg, extrasText } from '../robots/bodies/messages/detections.js';
import { decodeTwist, odometryMsg, poseStampedMsg } from '../robots/bodies/messages/geometry.js';
import { imageMsg } from '../robots/bodies/messages/images.js';
import { jointStateMsg } from '../robots/bodies/messages/joints.js';
import { decodeBool, decodeFloat64, stringMsg } from '../robots/bodies/messages/std.js';
import { toRosbridgeJson } from '../robots/bodies/messages/wire.js';
import type { SimRobot } from '../robots/sim-robot.js';
import type { World } from '../world/index.js';
import { GripperServer, TrajectoryServer } from './actions.js';
import type { ArmState } from './actions.js';
import { CommandIntake } from './commands.js';
import type { RosbridgeServer } from './rosbridge-server.js';
import { MAP_FRAME, topicsOf } from './topics.js';
import type { RobotTopics } from './topics.js';

const ZERO: Vec3 = { x: 0, y: 0, z: 0 };

/**
 * One robot of the simulated world behind the rosbridge server: its commands come in on topics and
 * action goals and go through the robot's safety filter each control step; its sensors go out as
 * ROS messages after each physics step. Cameras are rendered only for topics someone subscribes to.
 */
export class SimEmbodiment {
  readonly topics: RobotTopics;
  readonly intake = new CommandIntake();
  readonly trajectory: TrajectoryServer;
  readonly gripper: GripperServer;
  private readonly cameras: string[];
  /** The base velocity applied this step (map frame), for odometry's twist. */
  private applied: { v: Vec3; wz: number; ee: Vec3 } = { v: ZERO, wz: 0, ee: ZERO };
  private last: Observation | null = null;

  constructor(
    private readonly world: World,
    private readonly robot: SimRobot,
    private readonly server: RosbridgeServer,
    private readonly now: () => number,
  ) {
    this.topics = topicsOf(robot.id);
    this.cameras = world.cameras(robot.id).map((c) => c.name);
    this.trajectory = new TrajectoryServer(this.intake, () => this.armState());
    this.gripper = new GripperServer(this.intake, () => this.armState());
    this.register();
  }

  private register(): void {
    const t = this.topics;
    const s = this.server;
    if (this.cameras.length > 0) s.output(t.camera, 'sensor_msgs/msg/Image');
    for (const c of this.cameras) s.output(t.cameraNamed(c), 'sensor_msgs/msg/Image');
    s.output(t.jointStates, 'sensor_msgs/msg/JointState');
    s.output(t.odom, 'nav_msgs/msg/Odometry');
    s.output(t.eePose, 'geometry_msgs/msg/PoseStamped');
    s.output(t.detections, 'vision_msgs/msg/Detection3DArray');
    s.output(t.extras, 'std_msgs/msg/String');
    s.input(t.cmdVel, 'geometry_msgs/msg/Twist', (m) => {
      const { linear, wz } = decodeTwist(m, false);
      this.intake.setBase(linear, wz, 'base', this.now());
    });
    s.input(t.eeTwist, 'geometry_msgs/msg/TwistStamped', (m) => {
      const { linear } = decodeTwist(m, true);
      this.intake.setEe(linear, this.frameOf(m), this.now());
    });
    s.input(t.gripper, 'std_msgs/msg/Float64', (m) => this.intake.setGripper(decodeFloat64(m)));
    s.input(t.press, 'std_msgs/msg/Bool', (m) => {
      if (decodeBool(m)) this.intake.pressOnce();
    });
    s.action(t.trajectoryAction, this.trajectory);
    s.action(t.gripperAction, this.gripper);
  }

  private frameOf(msg: unknown): 'map' | 'base' {
    const frame = (msg as { header?: { frame_id?: unknown } } | null)?.header?.frame_id;
    if (frame === undefined || frame === '' || frame === MAP_FRAME) return 'map';
    if (frame === this.topics.baseFrame) return 'base';
    throw new Error(`frame "${String(frame)}" is neither ${MAP_FRAME} nor ${this.topics.baseFrame}`);
  }

  private armState(): ArmState {
    const info = this.world.robot(this.robot.id);
    const gripper = this.last?.gripper;
    return { now: this.now(), ee: info.ee, aperture: gripper?.aperture ?? 1, holding: gripper !== undefined && gripper.holding !== null };
  }

  /** Control phase: the latest commands (stale ones dropped) through the safety filter. */
  control(dt: number): void {
    this.trajectory.step(dt);
    this.gripper.step();
    const pose = this.world.robot(this.robot.id).pose;
    const result = this.robot.apply(this.intake.next(this.now(), pose));
    const a = result.status === 'applied' ? result.action : {};
    this.applied = { v: a.base ? { x: a.base.vx, y: a.base.vy, z: 0 } : ZERO, wz: a.base?.wz ?? 0, ee: a.ee ? { x: a.ee.vx, y: a.ee.vy, z: a.ee.vz } : ZERO };
  }

  /** Observe phase: the robot's noisy sensors as ROS messages, stamped with world time. */
  publish(): void {
    const obs = this.robot.observe();
    this.last = obs;
    const t = this.topics;
    const s = this.server;
    const now = obs.simTime;
    const c = Math.cos(obs.pose.theta);
    const sn = Math.sin(obs.pose.theta);
    const v = this.applied.v;
    s.publish(t.odom, odometryMsg(obs.pose, { vx: c * v.x + sn * v.y, vy: -sn * v.x + c * v.y, wz: this.applied.wz }, now, MAP_FRAME, t.baseFrame));
    s.publish(t.eePose, poseStampedMsg(obs.ee, obs.pose.theta, now, MAP_FRAME));
    const ee = this.applied.ee;
    s.publish(t.jointStates, jointStateMsg(['ee_x', 'ee_y', 'ee_z', 'gripper'], [obs.ee.x, obs.ee.y, obs.ee.z, obs.gripper.aperture], now, [ee.x + v.x, ee.y + v.y, ee.z, 0]));
    s.publish(t.detections, detection3DArrayMsg(obs.detections, now, MAP_FRAME));
    s.publish(t.extras, stringMsg(extrasText(obs.detections, now)));
    this.publishCameras(now);
  }

  private publishCameras(now: number): void {
    const t = this.topics;
    const wanted = this.cameras.filter((c, i) => this.server.subscribed(t.cameraNamed(c)) || (i === 0 && this.server.subscribed(t.camera)));
    if (wanted.length === 0) return;
    const frames = this.world.renderCameras(this.robot.id, wanted);
    for (const [name, frame] of Object.entries(frames)) {
      const msg = toRosbridgeJson(imageMsg(frame, now, `${this.robot.id}/${name}_camera`));
      this.server.publish(t.cameraNamed(name), msg);
      if (name === this.cameras[0]) this.server.publish(t.camera, msg);
    }
  }
}
