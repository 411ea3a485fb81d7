import type { Vec3 } from '../../domain/geometry.js';
import { eePosition, entityPosition, regionPosition, withPositionMemo } from '../geom.js';
import type { EntityRec, RegionRec, RobotRec, Vec2, WorldState } from '../state.js';
import type { Rgb } from './colours.js';
import { colourOf } from './colours.js';

/** An axis-aligned box to draw: min and max corners, and its colour. */
export interface Box {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
  colour: Rgb;
}

export const WALL_HEIGHT = 2.4;
const WALL_THICKNESS = 0.1;
const PANEL = 0.03;
const ROBOT_COLOUR: Rgb = [100, 150, 210];
const PERSON_COLOUR: Rgb = [120, 170, 120];
const SKIN: Rgb = [225, 185, 150];
const FINGER: Rgb = [60, 60, 70];
const WALL: Rgb = [226, 221, 210];

function box(c: Vec3, half: Vec3, colour: Rgb): Box {
  return { x0: c.x - half.x, y0: c.y - half.y, z0: Math.max(0, c.z - half.z), x1: c.x + half.x, y1: c.y + half.y, z1: c.z + half.z, colour };
}

/**
 * The vertical extent of an entity's box from its reported position: receptacles report their
 * receiving surface (a surface's top; a cabinet's or fridge's shelf, taken as its middle), other
 * things their centre.
 */
function verticalExtent(e: EntityRec, p: Vec3): [number, number] {
  const h = e.size.h;
  if (e.info.receptacle === 'container' && !e.info.pickupable) return [Math.max(0, p.z - h / 2), Math.max(p.z + h / 2, h)];
  if (e.info.receptacle) return [Math.max(0, p.z - h), p.z];
  return [Math.max(0, p.z - h / 2), p.z + h / 2];
}

/** A closed box; an open container is a shell open at its front with its door swung out beside it. */
function entityBoxes(e: EntityRec, p: Vec3): Box[] {
  const [z0, z1] = verticalExtent(e, p);
  const colour = colourOf(e.attributes.color, e.type);
  const solid: Box = { x0: p.x - e.size.w / 2, y0: p.y - e.size.d / 2, z0, x1: p.x + e.size.w / 2, y1: p.y + e.size.d / 2, z1, colour };
  if (!e.info.openable || e.openness < 0.05 || e.info.pickupable) return [solid];
  return [...shell(solid, e.front), door(solid, e.front, e.openness)];
}

/** Five panels of a box: every side but the front. */
function shell(b: Box, front: Vec2): Box[] {
  const dark: Rgb = [b.colour[0] * 0.7, b.colour[1] * 0.7, b.colour[2] * 0.7];
  const out: Box[] = [
    { ...b, z1: b.z0 + PANEL, colour: dark },
    { ...b, z0: b.z1 - PANEL },
  ];
  if (front.x === 0) {
    out.push({ ...b, x1: b.x0 + PANEL }, { ...b, x0: b.x1 - PANEL });
    out.push(front.y > 0 ? { ...b, y1: b.y0 + PANEL, colour: dark } : { ...b, y0: b.y1 - PANEL, colour: dark });
  } else {
    out.push({ ...b, y1: b.y0 + PANEL }, { ...b, y0: b.y1 - PANEL });
    out.push(front.x > 0 ? { ...b, x1: b.x0 + PANEL, colour: dark } : { ...b, x0: b.x1 - PANEL, colour: dark });
  }
  return out;
}

/** The door, hinged on one front edge, standing out from the front by its opening. */
function door(b: Box, front: Vec2, openness: number): Box {
  const reach = Math.min(1, openness) * (front.x === 0 ? b.x1 - b.x0 : b.y1 - b.y0);
  if (front.y !== 0) {
    const y = front.y > 0 ? b.y1 : b.y0;
    return { ...b, x1: b.x0 + PANEL, y0: Math.min(y, y + front.y * reach), y1: Math.max(y, y + front.y * reach) };
  }
  const x = front.x > 0 ? b.x1 : b.x0;
  return { ...b, y1: b.y0 + PANEL, x0: Math.min(x, x + front.x * reach), x1: Math.max(x, x + front.x * reach) };
}

/** A drawer pulled out: its tray (bottom and front panel) where it has slid to. */
function drawerBoxes(s: WorldState, r: RegionRec, colour: Rgb): Box[] {
  if (!r.openable || r.openness < 0.05) return [];
  const p = regionPosition(s, r);
  const tray: Box = { x0: p.x - r.size.w / 2, y0: p.y - r.size.d / 2, z0: Math.max(0, p.z - 0.05), x1: p.x + r.size.w / 2, y1: p.y + r.size.d / 2, z1: p.z, colour };
  const top = tray.z0 + 0.12;
  const face: Box =
    r.front.x === 0
      ? { ...tray, z1: top, ...(r.front.y > 0 ? { y0: tray.y1 - PANEL } : { y1: tray.y0 + PANEL }) }
      : { ...tray, z1: top, ...(r.front.x > 0 ? { x0: tray.x1 - PANEL } : { x1: tray.x0 + PANEL }) };
  return [tray, face];
}

function robotBoxes(r: RobotRec, viewer: RobotRec): Box[] {
  const ee = eePosition(r);
  const out: Box[] = [];
  if (r !== viewer) {
    const base = { x: r.pose.x, y: r.pose.y, z: 0.25 };
    out.push(box(base, { x: 0.22, y: 0.22, z: 0.25 }, ROBOT_COLOUR));
    out.push(box({ x: r.pose.x, y: r.pose.y, z: (ee.z + 0.5) / 2 }, { x: 0.05, y: 0.05, z: Math.max(0.01, (ee.z - 0.5) / 2) }, ROBOT_COLOUR));
  }
  // Two fingers across the heading, apart by the aperture: a wrist camera sees its own grip.
  const gap = 0.015 + r.aperture * 0.04;
  const ax = -Math.sin(r.pose.theta);
  const ay = Math.cos(r.pose.theta);
  for (const side of [-1, 1]) {
    out.push(box({ x: ee.x + side * gap * ax, y: ee.y + side * gap * ay, z: ee.z + 0.02 }, { x: 0.01, y: 0.01, z: 0.04 }, FINGER));
  }
  return out;
}

function personBoxes(p: { position: Vec2 }): Box[] {
  return [box({ x: p.position.x, y: p.position.y, z: 0.75 }, { x: 0.2, y: 0.15, z: 0.75 }, PERSON_COLOUR), box({ x: p.position.x, y: p.position.y, z: 1.62 }, { x: 0.1, y: 0.1, z: 0.11 }, SKIN)];
}

/** Everything the camera can see, as boxes: walls with door gaps, furniture, things, robots and people. */
export function sceneBoxes(s: WorldState, viewer: RobotRec): Box[] {
  return withPositionMemo(() => {
    const out: Box[] = [...wallBoxes(s)];
    for (const e of s.entities.values()) {
      const p = entityPosition(s, e.id);
      out.push(...entityBoxes(e, p));
      const colour = colourOf(e.attributes.color, e.type);
      for (const r of e.regions) out.push(...drawerBoxes(s, r, colour));
    }
    for (const r of s.robots.values()) out.push(...robotBoxes(r, viewer));
    for (const p of s.people.values()) out.push(...personBoxes(p));
    return out;
  });
}

interface Segment {
  horizontal: boolean;
  /** The fixed coordinate (y for a horizontal wall). */
  at: number;
  from: number;
  to: number;
}

function roomEdges(s: WorldState): Segment[] {
  const seen = new Set<string>();
  const out: Segment[] = [];
  for (const { rect: r } of s.scene.rooms) {
    const edges: Segment[] = [
      { horizontal: true, at: r.y, from: r.x, to: r.x + r.w },
      { horizontal: true, at: r.y + r.d, from: r.x, to: r.x + r.w },
      { horizontal: false, at: r.x, from: r.y, to: r.y + r.d },
      { horizontal: false, at: r.x + r.w, from: r.y, to: r.y + r.d },
    ];
    for (const e of edges) {
      const key = `${e.horizontal}:${e.at}:${e.from}:${e.to}`;
      if (!seen.has(key)) out.push(e);
      seen.add(key);
    }
  }
  return out;
}

/** Walls along every room edge, cut where a door stands on it. */
export function wallBoxes(s: WorldState): Box[] {
  const out: Box[] = [];
  const t = WALL_THICKNESS / 2;
  for (const seg of roomEdges(s)) {
    const gaps = s.scene.doors
      .map((d) => ({ along: seg.horizontal ? d.position.x : d.position.y, across: seg.horizontal ? d.position.y : d.position.x, half: d.width / 2 }))
      .filter((g) => Math.abs(g.across - seg.at) < 0.25 && g.along > seg.from && g.along < seg.to)
      .sort((a, b) => a.along - b.along);
    let from = seg.from;
    for (const g of [...gaps, { along: seg.to + 1, half: 1 }]) {
      const to = Math.min(seg.to, g.along - g.half);
      if (to > from) {
        out.push(
          seg.horizontal
            ? { x0: from, x1: to, y0: seg.at - t, y1: seg.at + t, z0: 0, z1: WALL_HEIGHT, colour: WALL }
            : { x0: seg.at - t, x1: seg.at + t, y0: from, y1: to, z0: 0, z1: WALL_HEIGHT, colour: WALL },
        );
      }
      from = Math.max(from, g.along + g.half);
    }
  }
  return out;
}
