import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { BodyConfigSchema, openBody } from '../../robots/bodies/index.js';
import type { BodyConfig, TopicBody } from '../../robots/bodies/index.js';
import type { SimRobotProcess } from '../process.js';

/** The tested body mappings of the sim robot's home scene (`fixtures/networked-sim.bodies.yaml`). */
export function fixtureBodies(): Record<string, unknown> {
  const path = fileURLToPath(new URL('../fixtures/networked-sim.bodies.yaml', import.meta.url));
  return parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

/** A robot's fixture body pointed at a running sim robot, parsed as a fleet file would be. */
export function fixtureBody(robot: string, url: string, change: (raw: Record<string, unknown>) => Record<string, unknown> = (r) => r): BodyConfig {
  const raw = fixtureBodies()[robot] as Record<string, unknown>;
  return BodyConfigSchema.parse(change({ ...raw, url }));
}

export const HOME_ROBOTS = {
  rover: { kind: 'mobile_manipulator', capabilities: ['navigate', 'manipulate'], limits: { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 } },
  kitchen_arm: { kind: 'fixed_arm', capabilities: ['manipulate'], limits: { maxBaseSpeed: 0.6, maxBaseTurnRate: 1.5, maxEeSpeed: 0.5 } },
} as const;

export async function openFixtureBody(proc: SimRobotProcess, robot: keyof typeof HOME_ROBOTS, config?: BodyConfig): Promise<TopicBody> {
  const cfg = config ?? fixtureBody(robot, proc.endpoints.rosbridge);
  const info = HOME_ROBOTS[robot];
  const rooms = proc.sim.world.scene.rooms;
  return (await openBody(cfg, { robotId: robot, robot: { ...info, capabilities: [...info.capabilities] }, rooms, retry: { retries: 20, initialDelayMs: 20, maxDelayMs: 100 } })) as TopicBody;
}

export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Steps a manually clocked sim robot, waiting each step until the body has the new pose. */
export async function step(proc: SimRobotProcess, body: TopicBody, n = 1): Promise<void> {
  for (let i = 0; i < n; i++) {
    const pose = body.sensors.statuses[0]!;
    const before = pose.received;
    proc.step(1);
    await until(() => pose.received > before, 'the next pose');
  }
}

/** Applies an action and waits until the sim robot has taken every command message it made. */
export async function command(proc: SimRobotProcess, body: TopicBody, action: Parameters<TopicBody['apply']>[0], messages: number): Promise<void> {
  const intake = proc.embodiments.get(body.id)!.intake;
  const before = intake.received;
  const r = body.apply(action);
  if (r.status !== 'applied') throw new Error(`action rejected: ${r.message}`);
  await until(() => intake.received >= before + messages, 'the commands to arrive');
}
