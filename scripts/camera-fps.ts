/**
 * Frames per second of the simulated camera, per robot and camera of a built-in scene:
 * `npx tsx scripts/camera-fps.ts [scene] [seconds]` (default home, 1 s per camera).
 */
import { loadBuiltinScene, World } from '../src/world/index.js';

const scene = process.argv[2] ?? 'home';
const seconds = Number(process.argv[3] ?? 1);
const world = World.fromScene(loadBuiltinScene(scene), { seed: 1 });
for (const robot of world.robotIds()) {
  for (const camera of world.cameras(robot)) {
    world.renderCameras(robot, [camera.name]);
    const t0 = performance.now();
    let frames = 0;
    while (performance.now() - t0 < seconds * 1000) {
      world.renderCameras(robot, [camera.name]);
      frames++;
    }
    const ms = (performance.now() - t0) / frames;
    console.log(`${scene} ${robot}/${camera.name} ${camera.width}x${camera.height}: ${(1000 / ms).toFixed(0)} fps (${ms.toFixed(2)} ms a frame)`);
  }
}
