import type { Capability } from '../../../domain/entities.js';
import type { RobotProfile } from '../../provider.js';

/** The parts of a scene (structurally the world's `Scene`) that robot profiles are derived from. */
export interface SceneRobotsLike {
  kind: 'house' | 'tabletop';
  robots: readonly { id: string; kind: 'mobile_manipulator' | 'fixed_arm'; pose: { x: number; y: number }; capabilities: readonly Capability[] }[];
}

/**
 * Robot profiles for a scene: on a tabletop every arm runs the tabletop (LIBERO) policy; in a house
 * every robot, the fixed kitchen arm included, runs the household policy. `reach` gives the
 * end-effector reach per robot kind (the world's REACH table).
 */
export function profilesFromScene(scene: SceneRobotsLike, reach: Readonly<Record<'mobile_manipulator' | 'fixed_arm', number>>, roomOf: (p: { x: number; y: number }) => string | null = () => null): RobotProfile[] {
  return scene.robots.map((r) => ({
    id: r.id,
    kind: r.kind,
    capabilities: [...r.capabilities],
    families: scene.kind === 'tabletop' ? ['tabletop'] : ['household'],
    position: { x: r.pose.x, y: r.pose.y },
    room: roomOf(r.pose),
    reach: reach[r.kind],
  }));
}
