import type { Vec3 } from '../domain/geometry.js';
import type { Simulation } from './simulation.js';

/** Drives a robot's end effector to a point with explicit velocity commands (a test controller). */
export function moveEe(sim: Simulation, robot: string, target: Vec3, extra: { gripper?: number } = {}): void {
  const dt = sim.ticker.dt;
  for (let i = 0; i < 400; i++) {
    const ee = sim.world.robot(robot).ee;
    const d = { x: target.x - ee.x, y: target.y - ee.y, z: target.z - ee.z };
    const n = Math.hypot(d.x, d.y, d.z);
    if (n < 0.003) break;
    const speed = Math.min(0.5, n / dt);
    sim.world.setCommand(robot, { ee: { vx: (d.x / n) * speed, vy: (d.y / n) * speed, vz: (d.z / n) * speed }, ...extra });
    sim.advance(1);
  }
  sim.world.setCommand(robot, { ee: { vx: 0, vy: 0, vz: 0 }, ...extra });
}

export function moveBase(sim: Simulation, robot: string, target: { x: number; y: number }): void {
  const dt = sim.ticker.dt;
  for (let i = 0; i < 2000; i++) {
    const p = sim.world.robot(robot).pose;
    const d = { x: target.x - p.x, y: target.y - p.y };
    const n = Math.hypot(d.x, d.y);
    if (n < 0.003) break;
    const speed = Math.min(0.6, n / dt);
    sim.world.setCommand(robot, { base: { vx: (d.x / n) * speed, vy: (d.y / n) * speed, wz: 0 } });
    sim.advance(1);
  }
  sim.world.haltRobot(robot);
}

export function gripper(sim: Simulation, robot: string, aperture: number): void {
  sim.world.setCommand(robot, { ee: { vx: 0, vy: 0, vz: 0 }, gripper: aperture });
  sim.runFor(0.4);
}

export function press(sim: Simulation, robot: string): void {
  sim.world.setCommand(robot, { press: true });
  sim.advance(1);
  sim.world.setCommand(robot, { press: false });
  sim.advance(1);
}

export function above(p: Vec3, dz: number): Vec3 {
  return { x: p.x, y: p.y, z: p.z + dz };
}
