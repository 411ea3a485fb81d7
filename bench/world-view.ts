import type { WorldObjectView } from '../agents/orchestrator/types.js';
import type { WorldSnapshot } from '../src/world/index.js';

/**
 * A benchmark's view of the world's truth: `WorldObjectView` plus what the goal checks need beyond
 * it. `position` (for `inLight`) and openable regions listed as objects (for LIBERO's closed-drawer
 * goals) are optional: when the orchestrator's `worldObjects` lacks them the evaluator says so.
 */
export interface TruthObject extends WorldObjectView {
  position?: { x: number; y: number; z: number };
  /** A region's owning entity (regions appear as objects when their state matters). */
  owner?: string;
  lightSource?: boolean;
  /** States the thing has been in since the world started (`hot`, `cold`, `clean`). */
  reached?: string[];
}

export interface TruthView {
  objects: TruthObject[];
  /** Robot and person positions and what robots hold, when known. */
  agents?: { id: string; kind: 'robot' | 'person'; x: number; y: number; reach: number; holding: string | null }[];
}

/** The same view built straight from a simulation snapshot (micro-benchmarks, tests). */
export function viewFromSnapshot(s: WorldSnapshot, reach: (robotId: string) => number = () => 0.9): TruthView {
  const objects: TruthObject[] = [];
  for (const e of s.entities) {
    const p = e.placement;
    const location: WorldObjectView['location'] = e.heldBy
      ? { relation: 'held_by', target: e.heldBy }
      : p
        ? { relation: p.relation, target: p.target }
        : { relation: 'at', target: e.room };
    objects.push({
      id: e.id,
      type: e.type,
      attributes: { ...e.attributes },
      state: Object.fromEntries(Object.entries(e.state).filter(([, v]) => v !== undefined)) as Record<string, boolean | number | string>,
      location,
      position: { ...e.position },
      lightSource: /Lamp$/.test(e.type),
      ...(e.reached ? { reached: [...e.reached] } : {}),
    });
    for (const r of e.regions) {
      objects.push({
        id: r.id,
        type: 'Region',
        attributes: {},
        state: Object.fromEntries(Object.entries(r.openable ? r.state : {}).filter(([, v]) => v !== undefined)) as Record<string, boolean | number | string>,
        location: { relation: 'at', target: e.id },
        position: { ...r.position },
        owner: e.id,
      });
    }
  }
  for (const rb of s.robots) {
    if (rb.holding && !objects.some((o) => o.id === rb.holding && o.location.relation === 'held_by')) {
      const o = objects.find((x) => x.id === rb.holding);
      if (o) o.location = { relation: 'held_by', target: rb.id };
    }
  }
  return {
    objects,
    agents: [
      ...s.robots.map((r) => ({ id: r.id, kind: 'robot' as const, x: r.pose.x, y: r.pose.y, reach: reach(r.id), holding: r.holding })),
      ...s.people.map((p) => ({ id: p.id, kind: 'person' as const, x: p.position.x, y: p.position.y, reach: 1.0, holding: null })),
    ],
  };
}
