import type { Pose2D, Vec3 } from '../../domain/geometry.js';
import type { Detection } from '../../domain/observation.js';
import { decodeJointState } from '../../executors/ros2/messages.js';
import type { ObservationImage, ObservationJoints } from '../../executors/ros2/messages.js';
import type { BodyTopics } from './config.js';
import { stampKey } from './messages/common.js';
import type { Stamp } from './messages/common.js';
import { decodeDetections, decodeExtras } from './messages/detections.js';
import type { ExtrasMessage } from './messages/detections.js';
import { decodeOdometry, decodePoseStamped, decodeTf, strip } from './messages/geometry.js';
import type { PlanarVelocity } from './messages/geometry.js';
import { decodeCameraMessage } from './messages/images.js';
import type { CameraMessageType } from './messages/images.js';
import { apertureOf } from './messages/joints.js';
import { decodeString } from './messages/std.js';
import { TfTree } from './tf-tree.js';
import type { TopicTransport } from './transport.js';

/** One input topic and what has come of it. */
export interface TopicStatus {
  topic: string;
  type: string;
  /** What it feeds, for messages (`camera front`, `pose`, …). */
  role: string;
  /** Wall ms of the last message that decoded (and carried what this role needs). */
  lastAt: number | null;
  received: number;
  dropped: number;
  lastError: string | null;
}

export interface PoseSample {
  at: number;
  pose: Pose2D;
  /** From odometry; null when the pose comes from TF. */
  twist: PlanarVelocity | null;
}

interface Input {
  topic: string;
  type: string;
  role: string;
  /** Decodes and stores a message; false when it carried nothing for this role (a JointState without the gripper joint). */
  accept(msg: unknown, at: number): boolean;
}

const HISTORY = 8;

/** The schema allows only these two; anything else is read as compressed, which then says what it got. */
const cameraType = (t: string): CameraMessageType => (t === 'sensor_msgs/msg/Image' ? t : 'sensor_msgs/msg/CompressedImage');

/**
 * The latest readings of a body's sensor topics. Each message is decoded on arrival with the shared
 * codecs (the same for rosbridge and ROS 2); a malformed one is counted against its topic and
 * dropped, the previous reading stays.
 */
export class SensorState {
  readonly statuses: TopicStatus[] = [];
  readonly poses: PoseSample[] = [];
  readonly ees: { at: number; position: Vec3 }[] = [];
  /** Frames named by the pose source: the map (odometry header / TF parent) and the base. */
  frames = { map: 'map', base: 'base_link' };
  aperture: number | null = null;
  joints: ObservationJoints | null = null;
  readonly images = new Map<string, ObservationImage>();
  detections: Detection[] | null = null;
  private readonly inputs: Input[] = [];
  private readonly tf = new TfTree();
  private pending: { msg: unknown; stamp: Stamp | undefined } | null = null;
  private extras: ExtrasMessage | null = null;

  constructor(
    private readonly topics: BodyTopics,
    private readonly toMap: (p: Vec3) => Vec3,
  ) {
    this.addPose();
    for (const [name, cam] of Object.entries(topics.cameras)) {
      this.add(cam.topic, cam.type, `camera ${name}`, (m) => {
        this.images.set(name, decodeCameraMessage(cameraType(cam.type), m));
        return true;
      });
    }
    if (topics.joint_states) {
      this.add(topics.joint_states.topic, topics.joint_states.type, 'joint states', (m) => {
        this.joints = decodeJointState(m);
        return true;
      });
    }
    if (topics.ee_pose) this.add(topics.ee_pose.topic, topics.ee_pose.type, 'end-effector pose', (m, at) => this.acceptEe(m, at));
    const g = topics.gripper;
    if (g) this.add(g.topic, g.type, `gripper joint ${g.joint}`, (m) => this.acceptGripper(m, g));
    this.addDetections();
  }

  private add(topic: string, type: string, role: string, accept: Input['accept']): void {
    this.inputs.push({ topic, type, role, accept });
    this.statuses.push({ topic, type, role, lastAt: null, received: 0, dropped: 0, lastError: null });
  }

  private addPose(): void {
    const p = this.topics.pose;
    if (p.source === 'odometry') {
      this.add(p.topic, p.type, 'pose', (m, at) => {
        const o = decodeOdometry(m);
        this.frames = { map: strip(o.header.frame_id ?? '') || 'map', base: o.childFrameId || 'base_link' };
        this.pushPose({ at, pose: o.pose, twist: o.twist });
        return true;
      });
      return;
    }
    this.frames = { map: p.parent_frame, base: p.child_frame };
    this.add(p.topic, 'tf2_msgs/msg/TFMessage', `pose (TF ${p.parent_frame} → ${p.child_frame})`, (m, at) => {
      const links = decodeTf(m);
      this.tf.accept(links);
      const pose = this.tf.touches(links, p.parent_frame, p.child_frame) ? this.tf.lookup(p.parent_frame, p.child_frame) : null;
      if (pose) this.pushPose({ at, pose, twist: null });
      return pose !== null;
    });
  }

  private addDetections(): void {
    const d = this.topics.detections;
    if (!d) return;
    this.add(d.topic, d.type, 'detections', (m) => {
      const stamp = (m as { header?: { stamp?: Stamp } } | null)?.header?.stamp;
      this.pending = { msg: m, stamp };
      if (!d.extras_topic) return this.pair(null);
      return this.extras !== null && stampKey(this.extras.stamp ?? undefined) === stampKey(stamp) ? this.pair(this.extras) : true;
    });
    if (d.extras_topic) {
      this.add(d.extras_topic, 'std_msgs/msg/String', 'detection extras', (m) => {
        this.extras = decodeExtras(decodeString(m));
        const p = this.pending;
        // Extras name their stamp when the producer can; otherwise they belong to the array just before them.
        if (p && (this.extras.stamp === null || stampKey(this.extras.stamp) === stampKey(p.stamp))) this.pair(this.extras);
        return true;
      });
    }
  }

  private pair(extras: ExtrasMessage | null): boolean {
    const d = this.topics.detections;
    const p = this.pending;
    if (!d || !p) return false;
    this.pending = null;
    this.detections = decodeDetections(p.msg, { labels: d.labels, minScore: d.min_score, ...(d.frame === 'base' ? { toMap: this.toMap } : {}) }, extras?.byId ?? null).detections;
    return true;
  }

  private acceptEe(msg: unknown, at: number): boolean {
    this.ees.push({ at, position: decodePoseStamped(msg).position });
    if (this.ees.length > HISTORY) this.ees.shift();
    return true;
  }

  private acceptGripper(msg: unknown, g: NonNullable<BodyTopics['gripper']>): boolean {
    const joints = decodeJointState(msg);
    const i = joints.names.indexOf(g.joint);
    if (i < 0) return false;
    this.aperture = apertureOf(joints.positions[i]!, g.open_position, g.closed_position);
    return true;
  }

  private pushPose(sample: PoseSample): void {
    this.poses.push(sample);
    if (this.poses.length > HISTORY) this.poses.shift();
  }

  /** Subscribes every input topic; returns the unsubscribers. */
  subscribe(transport: TopicTransport, now: () => number): (() => void)[] {
    return this.inputs.map((input, i) =>
      transport.subscribe(input.topic, input.type, (msg) => {
        const status = this.statuses[i]!;
        status.received++;
        try {
          if (input.accept(msg, now())) status.lastAt = now();
        } catch (err) {
          status.dropped++;
          status.lastError = err instanceof Error ? err.message : String(err);
        }
      }),
    );
  }

  get pose(): PoseSample | null {
    return this.poses.at(-1) ?? null;
  }

  get ee(): Vec3 | null {
    return this.ees.at(-1)?.position ?? null;
  }
}
