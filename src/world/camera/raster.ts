import type { CameraPose } from './cameras.js';
import type { Rgb } from './colours.js';
import type { Box } from './scene-boxes.js';

/** An RGB frame, row-major from the top-left pixel, 3 bytes a pixel (ROS `rgb8`). */
export interface RgbFrame {
  width: number;
  height: number;
  encoding: 'rgb8';
  data: Uint8Array<ArrayBuffer>;
}

/** A room's floor rectangle and colour. */
export interface FloorPatch {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  colour: Rgb;
}

export interface Lens {
  width: number;
  height: number;
  fovDeg: number;
}

const NEAR = 0.02;
const CEILING: Rgb = [236, 236, 240];
const OUTSIDE: Rgb = [60, 62, 66];
/** Light mostly from above, a little from the south-west, so the faces of a box differ in shade. */
const LIGHT = normalise(0.35, 0.25, 0.9);

function normalise(x: number, y: number, z: number): [number, number, number] {
  const n = Math.hypot(x, y, z);
  return [x / n, y / n, z / n];
}

interface Rays {
  ox: number;
  oy: number;
  oz: number;
  dx: Float64Array;
  dy: Float64Array;
  dz: Float64Array;
  /** Reciprocals of the direction components (the slab test multiplies by them). */
  ix: Float64Array;
  iy: Float64Array;
  iz: Float64Array;
  /** Length of each (unnormalised) ray direction: distance = t × length. */
  len: Float64Array;
  basis: { f: number[]; r: number[]; u: number[] };
  tanH: number;
  tanV: number;
}

interface Scratch {
  dx: Float64Array;
  dy: Float64Array;
  dz: Float64Array;
  ix: Float64Array;
  iy: Float64Array;
  iz: Float64Array;
  len: Float64Array;
  depth: Float64Array;
  hit: Int32Array;
  face: Uint8Array;
}

/** Working buffers per frame size, reused: allocating ~3 MB a frame made the collector the bottleneck. */
const scratchBySize = new Map<string, Scratch>();

function scratch(w: number, h: number): Scratch {
  const key = `${w}x${h}`;
  let s = scratchBySize.get(key);
  if (!s) {
    const n = w * h;
    const f = (): Float64Array => new Float64Array(n);
    s = { dx: f(), dy: f(), dz: f(), ix: f(), iy: f(), iz: f(), len: f(), depth: f(), hit: new Int32Array(n), face: new Uint8Array(n) };
    if (scratchBySize.size >= 8) scratchBySize.clear();
    scratchBySize.set(key, s);
  }
  return s;
}

function castRays(pose: CameraPose, lens: Lens): Rays {
  const { width: w, height: h } = lens;
  const cp = Math.cos(pose.pitch);
  const f = [Math.cos(pose.yaw) * cp, Math.sin(pose.yaw) * cp, -Math.sin(pose.pitch)];
  const r = [Math.sin(pose.yaw), -Math.cos(pose.yaw), 0];
  const u = [r[1]! * f[2]! - r[2]! * f[1]!, r[2]! * f[0]! - r[0]! * f[2]!, r[0]! * f[1]! - r[1]! * f[0]!];
  const tanH = Math.tan((lens.fovDeg * Math.PI) / 360);
  const tanV = (tanH * h) / w;
  const { dx, dy, dz, len, ix, iy, iz } = scratch(w, h);
  for (let j = 0; j < h; j++) {
    const ys = (1 - ((j + 0.5) / h) * 2) * tanV;
    for (let i = 0; i < w; i++) {
      const xs = (((i + 0.5) / w) * 2 - 1) * tanH;
      const k = j * w + i;
      const x = f[0]! + xs * r[0]! + ys * u[0]!;
      const y = f[1]! + xs * r[1]! + ys * u[1]!;
      const z = f[2]! + xs * r[2]! + ys * u[2]!;
      dx[k] = x;
      dy[k] = y;
      dz[k] = z;
      ix[k] = 1 / x;
      iy[k] = 1 / y;
      iz[k] = 1 / z;
      len[k] = Math.sqrt(x * x + y * y + z * z);
    }
  }
  return { ox: pose.position.x, oy: pose.position.y, oz: pose.position.z, dx, dy, dz, ix, iy, iz, len, basis: { f, r, u }, tanH, tanV };
}

type V3 = [number, number, number];

/** A box corner relative to the camera, in camera coordinates: [right, up, ahead]. */
function toCamera(b: Box, c: number, rays: Rays): V3 {
  const { f, r, u } = rays.basis;
  const vx = (c & 1 ? b.x1 : b.x0) - rays.ox;
  const vy = (c & 2 ? b.y1 : b.y0) - rays.oy;
  const vz = (c & 4 ? b.z1 : b.z0) - rays.oz;
  return [vx * r[0]! + vy * r[1]! + vz * r[2]!, vx * u[0]! + vy * u[1]! + vz * u[2]!, vx * f[0]! + vy * f[1]! + vz * f[2]!];
}

/** The box's outline in front of the near plane: corners in front, and where edges cross the plane. */
function visibleOutline(b: Box, rays: Rays): V3[] {
  const corners = Array.from({ length: 8 }, (_, c) => toCamera(b, c, rays));
  const out = corners.filter((p) => p[2] >= NEAR);
  if (out.length === 8 || out.length === 0) return out;
  for (let c = 0; c < 8; c++) {
    for (const bit of [1, 2, 4]) {
      if (c & bit) continue;
      const p = corners[c]!;
      const q = corners[c | bit]!;
      if (p[2] >= NEAR === q[2] >= NEAR) continue;
      const t = (NEAR - p[2]) / (q[2] - p[2]);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1]), NEAR]);
    }
  }
  return out;
}

/** The pixel rectangle a box can cover, or null when none of it is in view. */
function screenRect(b: Box, rays: Rays, w: number, h: number): [number, number, number, number] | null {
  const outline = visibleOutline(b, rays);
  if (outline.length === 0) return null;
  let i0 = Infinity;
  let i1 = -Infinity;
  let j0 = Infinity;
  let j1 = -Infinity;
  for (const [x, y, z] of outline) {
    const i = (x / z / rays.tanH + 1) * 0.5 * w;
    const j = (1 - y / z / rays.tanV) * 0.5 * h;
    i0 = Math.min(i0, i);
    i1 = Math.max(i1, i);
    j0 = Math.min(j0, j);
    j1 = Math.max(j1, j);
  }
  if (i1 < 0 || j1 < 0 || i0 > w - 1 || j0 > h - 1) return null;
  const clamp = (v: number, max: number): number => Math.max(0, Math.min(max, Math.floor(v)));
  return [clamp(i0, w - 1), clamp(i1, w - 1), clamp(j0, h - 1), clamp(j1, h - 1)];
}

/** Depth test of one box over its screen rectangle: nearest hit per pixel, with the face it entered. */
function drawBox(b: Box, index: number, rays: Rays, rect: [number, number, number, number], w: number, depth: Float64Array, hit: Int32Array, face: Uint8Array): void {
  const { ox, oy, oz, ix: rx, iy: ry, iz: rz } = rays;
  if (ox > b.x0 && ox < b.x1 && oy > b.y0 && oy < b.y1 && oz > b.z0 && oz < b.z1) return;
  for (let j = rect[2]; j <= rect[3]; j++) {
    for (let i = rect[0]; i <= rect[1]; i++) {
      const k = j * w + i;
      const ix = rx[k]!;
      const iy = ry[k]!;
      const iz = rz[k]!;
      let ta = (b.x0 - ox) * ix;
      let tb = (b.x1 - ox) * ix;
      let tmin = Math.min(ta, tb);
      let tmax = Math.max(ta, tb);
      let axis = 0;
      ta = (b.y0 - oy) * iy;
      tb = (b.y1 - oy) * iy;
      let lo = Math.min(ta, tb);
      if (lo > tmin) {
        tmin = lo;
        axis = 1;
      }
      tmax = Math.min(tmax, Math.max(ta, tb));
      ta = (b.z0 - oz) * iz;
      tb = (b.z1 - oz) * iz;
      lo = Math.min(ta, tb);
      if (lo > tmin) {
        tmin = lo;
        axis = 2;
      }
      tmax = Math.min(tmax, Math.max(ta, tb));
      // Written so that NaN (a ray along a face's plane) counts as a miss.
      if (!(tmax >= tmin) || !(tmin > NEAR) || !(tmin < depth[k]!)) continue;
      depth[k] = tmin;
      hit[k] = index;
      face[k] = axis;
    }
  }
}

function shadeOf(axis: number, k: number, rays: Rays): number {
  // The face's normal points back at the camera along its axis.
  const d = axis === 0 ? rays.dx[k]! : axis === 1 ? rays.dy[k]! : rays.dz[k]!;
  const n = -Math.sign(d) * LIGHT[axis]!;
  return 0.5 + 0.5 * Math.max(0, n);
}

function floorAt(x: number, y: number, floors: readonly FloorPatch[]): Rgb | null {
  for (const f of floors) if (x >= f.x0 && x <= f.x1 && y >= f.y0 && y <= f.y1) return f.colour;
  return null;
}

function put(out: Uint8Array, k: number, c: Rgb, shade: number): void {
  out[k * 3] = Math.min(255, c[0] * shade);
  out[k * 3 + 1] = Math.min(255, c[1] * shade);
  out[k * 3 + 2] = Math.min(255, c[2] * shade);
}

/**
 * Renders boxes over a floor with a pinhole camera: a ray per pixel, the nearest box face shaded by
 * a fixed light and dimmed with distance, else the floor (a room's colour in a half-metre checker),
 * else the ceiling. A pure function of its inputs, so frames replay exactly.
 */
export function renderFrame(boxes: readonly Box[], floors: readonly FloorPatch[], pose: CameraPose, lens: Lens): RgbFrame {
  const { width: w, height: h } = lens;
  const rays = castRays(pose, lens);
  const n = w * h;
  const { depth, hit, face } = scratch(w, h);
  depth.fill(Infinity);
  hit.fill(-1);
  boxes.forEach((b, index) => {
    const rect = screenRect(b, rays, w, h);
    if (rect) drawBox(b, index, rays, rect, w, depth, hit, face);
  });
  const data = new Uint8Array(n * 3);
  for (let k = 0; k < n; k++) {
    const dz = rays.dz[k]!;
    const tf = dz < 0 ? -rays.oz / dz : Infinity;
    if (tf < depth[k]!) {
      const x = rays.ox + tf * rays.dx[k]!;
      const y = rays.oy + tf * rays.dy[k]!;
      const c = floorAt(x, y, floors) ?? OUTSIDE;
      const checker = (Math.floor(x * 2) + Math.floor(y * 2)) & 1 ? 0.92 : 1;
      put(data, k, c, checker * fog(tf * rays.len[k]!));
    } else if (hit[k]! >= 0) {
      put(data, k, boxes[hit[k]!]!.colour, shadeOf(face[k]!, k, rays) * fog(depth[k]! * rays.len[k]!));
    } else {
      put(data, k, CEILING, 1);
    }
  }
  return { width: w, height: h, encoding: 'rgb8', data };
}

function fog(distance: number): number {
  return 1 / (1 + 0.04 * distance);
}
