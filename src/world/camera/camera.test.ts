import { describe, expect, it } from 'vitest';
import { loadBuiltinScene, loadScene } from '../scene-loader.js';
import type { SceneInput } from '../scene-schema.js';
import { SceneSchema } from '../scene-schema.js';
import { World } from '../world.js';
import type { RgbFrame } from './raster.js';

const home = loadBuiltinScene('home');

/** One room, a robot at its west side looking east, and whatever the test puts in front of it. */
function room(entities: SceneInput['entities'] = [], cameras?: unknown): World {
  const scene = loadScene({
    name: 'camera-test',
    kind: 'house',
    rooms: [{ id: 'hall', rect: { x: 0, y: 0, w: 6, d: 4 } }],
    entities,
    robots: [{ id: 'bot', kind: 'mobile_manipulator', pose: { x: 1, y: 2, theta: 0 }, capabilities: ['navigate'], ...(cameras ? { cameras } : {}) }],
  });
  return World.fromScene(scene, { seed: 1, noise: 'off' });
}

/** Share of the frame's pixels whose colour is close to `rgb`. */
function share(frame: RgbFrame, test: (r: number, g: number, b: number) => boolean): number {
  let n = 0;
  for (let k = 0; k < frame.width * frame.height; k++) if (test(frame.data[k * 3]!, frame.data[k * 3 + 1]!, frame.data[k * 3 + 2]!)) n++;
  return n / (frame.width * frame.height);
}

const reddish = (r: number, g: number, b: number): boolean => r > 90 && r > 2.5 * g && r > 2.5 * b;
const greenish = (r: number, g: number, b: number): boolean => g > 80 && g > 1.4 * r && g > 1.4 * b;

describe('the simulated camera', () => {
  it('gives every robot a 224×224 rgb8 front and wrist camera by default', () => {
    const w = World.fromScene(home, { seed: 1 });
    for (const id of w.robotIds()) {
      const frames = w.renderCameras(id);
      expect(Object.keys(frames).sort()).toEqual(['front', 'wrist']);
      for (const f of Object.values(frames)) {
        expect(f).toMatchObject({ width: 224, height: 224, encoding: 'rgb8' });
        expect(f.data.length).toBe(224 * 224 * 3);
      }
    }
  });

  it('draws a red box in front of the base camera in the middle of the frame, and not once the robot turns away', () => {
    const w = room([{ id: 'crate', type: 'Box', attributes: { color: 'red' }, position: { x: 3, y: 2, z: 0.6 }, size: { w: 0.6, d: 0.6, h: 0.6 } }]);
    const front = w.renderCameras('bot', ['front']).front!;
    const centre = (y: number, x: number): number[] => [...front.data.subarray((y * 224 + x) * 3, (y * 224 + x) * 3 + 3)];
    const [r, g, b] = centre(130, 112);
    expect(reddish(r!, g!, b!)).toBe(true);
    expect(share(front, reddish)).toBeGreaterThan(0.02);
    w.setCommand('bot', { base: { vx: 0, vy: 0, wz: 1.5 } });
    for (let i = 0; i < 21; i++) w.step(0.1);
    expect(share(w.renderCameras('bot', ['front']).front!, reddish)).toBe(0);
  });

  it('is a pure function of the world: same scene and seed, same bytes; the world moving changes them', () => {
    const a = World.fromScene(home, { seed: 7 });
    const b = World.fromScene(home, { seed: 7 });
    const fa = a.renderCameras('kitchen_arm');
    expect(Buffer.from(b.renderCameras('kitchen_arm').front!.data).equals(Buffer.from(fa.front!.data))).toBe(true);
    expect(Buffer.from(a.renderCameras('kitchen_arm').wrist!.data).equals(Buffer.from(fa.wrist!.data))).toBe(true);
    a.setCommand('kitchen_arm', { ee: { vx: 0, vy: 0, vz: -0.3 } });
    a.step(0.5);
    expect(Buffer.from(a.renderCameras('kitchen_arm').wrist!.data).equals(Buffer.from(fa.wrist!.data))).toBe(false);
  });

  it('hides what a closed fridge holds and shows it once the fridge is open', () => {
    const looking = (open: boolean): World => {
      const scene = loadScene({
        ...home,
        entities: home.entities.map((e) => (e.id === 'fridge_1' ? { ...e, state: { ...e.state, open } } : e)),
        robots: home.robots.map((r) => (r.id === 'rover' ? { ...r, pose: { x: 1.9, y: 6.2, theta: Math.PI } } : r)),
      });
      return World.fromScene(scene, { seed: 1 });
    };
    const closed = looking(false).renderCameras('rover', ['front']).front!;
    const open = looking(true).renderCameras('rover', ['front']).front!;
    expect(share(closed, greenish)).toBe(0);
    expect(share(open, greenish)).toBeGreaterThan(0.001);
  });

  it('takes cameras from the scene: size, field of view and mount; unknown names are an error naming the cameras', () => {
    const w = room([], [{ name: 'nav', mount: 'base', width: 64, height: 48, fov_deg: 120, up: 0.5, pitch_deg: 0 }]);
    const frames = w.renderCameras('bot');
    expect(Object.keys(frames)).toEqual(['nav']);
    expect(frames.nav).toMatchObject({ width: 64, height: 48 });
    expect(frames.nav!.data.length).toBe(64 * 48 * 3);
    expect(w.cameras('bot')).toEqual([expect.objectContaining({ name: 'nav', mount: 'base', fovDeg: 120, up: 0.5, pitchDeg: 0, forward: 0.2 })]);
    expect(() => w.renderCameras('bot', ['wrist'])).toThrow(/no camera "wrist" \(cameras: nav\)/);
  });

  it('refuses duplicate camera names and out-of-range sizes in a scene file', () => {
    const base = { name: 's', kind: 'house', rooms: [{ id: 'r', rect: { x: 0, y: 0, w: 2, d: 2 } }] };
    const robot = (cameras: unknown) => ({ ...base, robots: [{ id: 'b', kind: 'fixed_arm', pose: { x: 1, y: 1, theta: 0 }, capabilities: ['manipulate'], cameras }] });
    expect(SceneSchema.safeParse(robot([{ name: 'a', mount: 'base' }, { name: 'a', mount: 'wrist' }])).success).toBe(false);
    expect(SceneSchema.safeParse(robot([{ name: 'a', mount: 'base', width: 5000 }])).success).toBe(false);
    expect(SceneSchema.safeParse(robot([{ name: 'a', mount: 'roof' }])).success).toBe(false);
    expect(SceneSchema.safeParse(robot([{ name: 'a', mount: 'wrist', width: 32, height: 32 }])).success).toBe(true);
  });
});
