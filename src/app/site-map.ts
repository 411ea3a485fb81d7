import type { Pose2D } from '../domain/geometry.js';
import { typeInfo, World } from '../world/index.js';
import type { Scene, SceneEntity, SceneRobot, SiteGeometryView } from '../world/index.js';

export interface MapRobot {
  id: string;
  kind: SceneRobot['kind'];
  capabilities: SceneRobot['capabilities'];
  pose: Pose2D;
}

/**
 * The site's fixed things only (rooms, doors, furniture, appliances): what a prior map of a real
 * site knows. Movable objects of the scene file are left out, since where they are now is for the
 * robots to see; a fixture resting on something left out goes too.
 */
export function fixturesOf(scene: Scene): SceneEntity[] {
  let kept = scene.entities.filter((e) => typeInfo(e.type)?.pickupable !== true);
  for (;;) {
    const ids = new Set(kept.flatMap((e) => [e.id, ...e.regions.map((r) => r.id)]));
    const next = kept.filter((e) => !e.placement || ids.has(e.placement.target));
    if (next.length === kept.length) return kept;
    kept = next;
  }
}

/** The page's map of a site whose robots are not simulated: the fixed things, and each robot where it last reported itself. */
export function siteSvg(scene: Scene, robots: readonly MapRobot[]): string {
  const map: Scene = {
    ...scene,
    entities: fixturesOf(scene),
    robots: robots.map((r) => ({ id: r.id, kind: r.kind, capabilities: [...r.capabilities], pose: { x: r.pose.x, y: r.pose.y, theta: r.pose.theta } })),
  };
  return World.fromScene(map, { seed: 0, noise: 'off' }).toSVG();
}

/** A site's rooms and fixed things with their footprints (the Foxglove map), from its scene file alone. */
export function siteGeometry(scene: Scene): SiteGeometryView {
  return World.fromScene({ ...scene, entities: fixturesOf(scene) }, { seed: 0, noise: 'off' }).siteGeometry();
}
