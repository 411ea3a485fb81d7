import { describe, expect, it } from 'vitest';
import { planarDistance } from '../domain/geometry.js';
import { entityPosition, isEnclosed, roomAt } from './geom.js';
import { visibleEntityIds } from './observation.js';
import { loadBuiltinScene } from './scene-loader.js';
import { buildState } from './state.js';
import type { RobotRec, WorldState } from './state.js';
import { VIEW_RANGE } from './state.js';
import { ViewCache } from './view-cache.js';

/** The definition of what a robot sees, written out plainly: every entity, every time. */
function reference(s: WorldState, r: RobotRec): string[] {
  const room = roomAt(s, r.pose);
  const out: string[] = [];
  for (const e of s.entities.values()) {
    if (e.heldBy === r.id) {
      out.push(e.id);
      continue;
    }
    const p = entityPosition(s, e.id);
    if (roomAt(s, p) !== room || planarDistance(p, r.pose) > VIEW_RANGE[r.kind]) continue;
    if (isEnclosed(s, e.id, true)) continue;
    out.push(e.id);
  }
  return out;
}

describe('ViewCache', () => {
  it('gives every robot, in every room, exactly the entities (in world order) the plain definition does', () => {
    const s = buildState(loadBuiltinScene('home'));
    const cache = new ViewCache(s);
    let compared = 0;
    for (const room of s.scene.rooms) {
      for (const [fx, fy] of [
        [0.25, 0.25],
        [0.5, 0.5],
        [0.75, 0.6],
      ] as const) {
        for (const r of s.robots.values()) {
          r.pose = { x: room.rect.x + room.rect.w * fx, y: room.rect.y + room.rect.d * fy, theta: 0 };
          cache.invalidate();
          for (const other of s.robots.values()) {
            const got = visibleEntityIds(s, other, cache.get());
            expect(got).toEqual(reference(s, other));
            compared += got.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('follows a held object and an opened container after invalidate()', () => {
    const s = buildState(loadBuiltinScene('home'));
    const cache = new ViewCache(s);
    const robot = [...s.robots.values()][0]!;
    const thing = [...s.entities.values()].find((e) => e.info.pickupable)!;
    // Held elsewhere: a held thing is seen by its holder wherever it is.
    thing.heldBy = robot.id;
    robot.holding = { kind: 'object', id: thing.id };
    cache.invalidate();
    expect(visibleEntityIds(s, robot, cache.get())).toContain(thing.id);
    expect(visibleEntityIds(s, robot, cache.get())).toEqual(reference(s, robot));
    // A closed container's contents appear once it is open.
    const container = s.entities.get('fridge_1')!;
    const inside = s.entities.get('egg_1')!;
    expect(inside.placement).toMatchObject({ relation: 'in', target: 'fridge_1' });
    const c = entityPosition(s, container.id);
    robot.pose = { x: c.x, y: c.y + 0.6, theta: 0 };
    container.state.open = false;
    cache.invalidate();
    const closed = visibleEntityIds(s, robot, cache.get());
    expect(closed).toEqual(reference(s, robot));
    expect(closed).toContain('fridge_1');
    expect(closed).not.toContain('egg_1');
    container.state.open = true;
    cache.invalidate();
    const opened = visibleEntityIds(s, robot, cache.get());
    expect(opened).toEqual(reference(s, robot));
    expect(opened).toContain('egg_1');
  });
});
