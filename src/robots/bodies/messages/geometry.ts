import { z } from 'zod';
import type { Pose2D, Vec3 } from '../../../domain/geometry.js';
import { header, HeaderSchema, parseMessage, QuaternionSchema, quaternionOfYaw, requireFinite, Vector3Schema, yawOf } from './common.js';
import type { Header } from './common.js';

const PoseSchema = z.object({ position: Vector3Schema, orientation: QuaternionSchema });
const TwistSchema = z.object({ linear: Vector3Schema, angular: Vector3Schema });

/** `nav_msgs/msg/Odometry` (covariances are not read). */
export const OdometryMsgSchema = z.object({
  header: HeaderSchema.optional(),
  child_frame_id: z.string().optional(),
  pose: z.object({ pose: PoseSchema }),
  twist: z.object({ twist: TwistSchema }),
});

export const PoseStampedMsgSchema = z.object({ header: HeaderSchema.optional(), pose: PoseSchema });
export const TwistMsgSchema = TwistSchema;
export const TwistStampedMsgSchema = z.object({ header: HeaderSchema.optional(), twist: TwistSchema });

/** `tf2_msgs/msg/TFMessage`. */
export const TfMessageSchema = z.object({
  transforms: z.array(
    z.object({
      header: HeaderSchema,
      child_frame_id: z.string(),
      transform: z.object({ translation: Vector3Schema, rotation: QuaternionSchema }),
    }),
  ),
});

export interface PlanarVelocity {
  vx: number;
  vy: number;
  wz: number;
}

export interface OdometryReading {
  header: Header;
  /** The base frame the odometry describes (`child_frame_id`); empty when the message leaves it out. */
  childFrameId: string;
  pose: Pose2D;
  /** In the child frame (the base), as `nav_msgs/Odometry` defines it. */
  twist: PlanarVelocity;
}

export function decodeOdometry(msg: unknown): OdometryReading {
  const m = parseMessage(OdometryMsgSchema, msg, 'nav_msgs/msg/Odometry');
  const p = m.pose.pose.position;
  const pose = { x: p.x, y: p.y, theta: yawOf(m.pose.pose.orientation) };
  const t = m.twist.twist;
  const twist = { vx: t.linear.x, vy: t.linear.y, wz: t.angular.z };
  requireFinite({ x: pose.x, y: pose.y, theta: pose.theta, vx: twist.vx, vy: twist.vy, wz: twist.wz }, 'nav_msgs/msg/Odometry');
  return { header: m.header ?? {}, childFrameId: strip(m.child_frame_id ?? ''), pose, twist };
}

export function decodePoseStamped(msg: unknown): { header: Header; position: Vec3 } {
  const m = parseMessage(PoseStampedMsgSchema, msg, 'geometry_msgs/msg/PoseStamped');
  const { x, y, z: zz } = m.pose.position;
  requireFinite({ x, y, z: zz }, 'geometry_msgs/msg/PoseStamped');
  return { header: m.header ?? {}, position: { x, y, z: zz } };
}

/** A twist command (in) as a planar base velocity and a linear end-effector velocity. */
export function decodeTwist(msg: unknown, stamped: boolean): { linear: Vec3; wz: number } {
  const t = stamped ? parseMessage(TwistStampedMsgSchema, msg, 'geometry_msgs/msg/TwistStamped').twist : parseMessage(TwistMsgSchema, msg, 'geometry_msgs/msg/Twist');
  const linear = { x: t.linear.x, y: t.linear.y, z: t.linear.z };
  requireFinite({ ...linear, wz: t.angular.z }, stamped ? 'geometry_msgs/msg/TwistStamped' : 'geometry_msgs/msg/Twist');
  return { linear, wz: t.angular.z };
}

export interface TfLink {
  parent: string;
  child: string;
  x: number;
  y: number;
  z: number;
  yaw: number;
}

export function decodeTf(msg: unknown): TfLink[] {
  const m = parseMessage(TfMessageSchema, msg, 'tf2_msgs/msg/TFMessage');
  return m.transforms.map((t) => ({
    parent: strip(t.header.frame_id ?? ''),
    child: strip(t.child_frame_id),
    x: t.transform.translation.x,
    y: t.transform.translation.y,
    z: t.transform.translation.z,
    yaw: yawOf(t.transform.rotation),
  }));
}

/** TF frame ids are compared without a leading slash (tf2 drops it). */
export function strip(frame: string): string {
  return frame.startsWith('/') ? frame.slice(1) : frame;
}

// ---- encoders ----------------------------------------------------------------------------------

const vec = (x: number, y: number, z: number): { x: number; y: number; z: number } => ({ x, y, z });

export function twistMsg(linear: Vec3, wz: number): object {
  return { linear: vec(linear.x, linear.y, linear.z), angular: vec(0, 0, wz) };
}

export function twistStampedMsg(linear: Vec3, wz: number, seconds: number, frameId: string): object {
  return { header: header(seconds, frameId), twist: twistMsg(linear, wz) };
}

export function poseStampedMsg(position: Vec3, yaw: number, seconds: number, frameId: string): object {
  return { header: header(seconds, frameId), pose: { position: vec(position.x, position.y, position.z), orientation: quaternionOfYaw(yaw) } };
}

const ZERO_COVARIANCE = new Array<number>(36).fill(0);

export function odometryMsg(pose: Pose2D, twist: PlanarVelocity, seconds: number, frameId: string, childFrameId: string): object {
  return {
    header: header(seconds, frameId),
    child_frame_id: childFrameId,
    pose: { pose: { position: vec(pose.x, pose.y, 0), orientation: quaternionOfYaw(pose.theta) }, covariance: ZERO_COVARIANCE },
    twist: { twist: { linear: vec(twist.vx, twist.vy, 0), angular: vec(0, 0, twist.wz) }, covariance: ZERO_COVARIANCE },
  };
}

export function tfMsg(links: readonly TfLink[], seconds: number): object {
  return {
    transforms: links.map((l) => ({
      header: header(seconds, l.parent),
      child_frame_id: l.child,
      transform: { translation: vec(l.x, l.y, l.z), rotation: quaternionOfYaw(l.yaw) },
    })),
  };
}
