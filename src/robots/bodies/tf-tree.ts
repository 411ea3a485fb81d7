import type { Pose2D } from '../../domain/geometry.js';
import type { TfLink } from './messages/geometry.js';
import { strip } from './messages/geometry.js';

const MAX_DEPTH = 16;

/**
 * The latest planar transform of every TF link seen, so a pose can be read between two frames that
 * a chain joins (map → odom → base_link, as a localiser and odometry publish them). Roll and pitch
 * are ignored: bodies move on the floor.
 */
export class TfTree {
  private readonly links = new Map<string, TfLink>();

  accept(links: readonly TfLink[]): void {
    for (const l of links) this.links.set(l.child, l);
  }

  /** Whether any link of the message touched the chain from `child` up to `parent`. */
  touches(links: readonly TfLink[], parent: string, child: string): boolean {
    const chain = this.chain(strip(parent), strip(child));
    return chain !== null && links.some((l) => chain.includes(l.child));
  }

  /** The pose of `child` in `parent`, or null while the chain between them is incomplete. */
  lookup(parent: string, child: string): Pose2D | null {
    const chain = this.chain(strip(parent), strip(child));
    if (!chain) return null;
    let pose: Pose2D = { x: 0, y: 0, theta: 0 };
    for (const id of chain) {
      const l = this.links.get(id)!;
      const c = Math.cos(l.yaw);
      const s = Math.sin(l.yaw);
      pose = { x: l.x + c * pose.x - s * pose.y, y: l.y + s * pose.x + c * pose.y, theta: l.yaw + pose.theta };
    }
    return { ...pose, theta: Math.atan2(Math.sin(pose.theta), Math.cos(pose.theta)) };
  }

  /** Child frames from `child` up to (not including) `parent`, nearest first. */
  private chain(parent: string, child: string): string[] | null {
    const out: string[] = [];
    for (let frame = child; frame !== parent; ) {
      const link = this.links.get(frame);
      if (!link || out.length >= MAX_DEPTH) return null;
      out.push(frame);
      frame = link.parent;
    }
    return out;
  }
}
