import { isAbsolute, resolve } from 'node:path';
import type { Scene } from '../../world/index.js';
import { parse, parseFaults, parsePort, parseSeed } from '../args.js';
import type { CliDeps } from '../deps.js';
import { EXIT, UsageError, errorMessage } from '../io.js';
import type { CliIo } from '../io.js';

export const SIM_ROBOT_USAGE = `usage: orca sim-robot [options]

Runs the simulated household as a robot on the network until SIGINT/SIGTERM: a rosbridge
endpoint with each robot's sensors and command topics, and an openpi endpoint serving the
simulated policy (layout household). Prints its endpoints as one JSON line on stdout.

  --scene NAME          a built-in scene, or a scene file (.yaml/.json) (default home)
  --rosbridge-port P    rosbridge websocket port (default 9090; 0 picks a free one)
  --openpi-port Q       openpi websocket port (default 8000; 0 picks a free one)
  --host H              address to bind (default 127.0.0.1)
  --seed N              seed of sensor noise and policy faults (default 0)
  --faults LEVEL        the policy's faults: off | default | harsh (default off)
  --speed X             world seconds per wall second (default 1)
  --rate HZ             control and publishing rate in world time (default 10)
  --horizon N           rows per policy answer (default 8)

Topics, message types and the openpi layout: docs/executors.md ("The networked sim robot").
`;

const OPTIONS = {
  scene: { type: 'string' },
  'rosbridge-port': { type: 'string' },
  'openpi-port': { type: 'string' },
  host: { type: 'string' },
  seed: { type: 'string' },
  faults: { type: 'string' },
  speed: { type: 'string' },
  rate: { type: 'string' },
  horizon: { type: 'string' },
} as const;

function parseNumber(value: string | undefined, flag: string, min: number, max: number, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}] (got "${value}")`);
  }
  return n;
}

async function sceneOf(value: string, cwd: string): Promise<Scene> {
  const world = await import('../../world/index.js');
  if (/\.(ya?ml|json)$/i.test(value)) {
    try {
      return world.loadSceneFile(isAbsolute(value) ? value : resolve(cwd, value));
    } catch (error) {
      throw new UsageError(`--scene ${value}: ${errorMessage(error)}`);
    }
  }
  const known = world.listBuiltinScenes();
  if (!known.includes(value)) throw new UsageError(`unknown scene "${value}" (built-in: ${known.join(', ')}; or give a .yaml file)`);
  return world.loadBuiltinScene(value);
}

/** Starts the sim robot, prints where it listens, and waits for a signal to shut it down. */
export async function simRobotCommand(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS, true);
  if (values.help) {
    io.stdout(SIM_ROBOT_USAGE);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`orca sim-robot takes no arguments (got "${positionals.join(' ')}")`);
  const opts = {
    scene: await sceneOf(values.scene ?? 'home', io.cwd),
    rosbridgePort: parsePort(values['rosbridge-port'], '--rosbridge-port') ?? 9090,
    openpiPort: parsePort(values['openpi-port'], '--openpi-port') ?? 8000,
    host: values.host ?? '127.0.0.1',
    seed: parseSeed(values.seed) ?? 0,
    faults: parseFaults(values.faults) ?? 'off',
    speed: parseNumber(values.speed, '--speed', 0.01, 100, 1),
    rate: parseNumber(values.rate, '--rate', 1, 100, 10),
    horizon: parseNumber(values.horizon, '--horizon', 2, 256, 8, true),
  };
  let stopRequested: ((signal: string) => void) | null = null;
  const stopped = new Promise<string>((r) => (stopRequested = r));
  const off = deps.onShutdownSignal((signal) => stopRequested?.(signal));
  try {
    const { SimRobotProcess } = await import('../../sim-robot/index.js');
    const proc = await SimRobotProcess.start(opts).catch((error: unknown) => {
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      throw new Error(inUse ? `a port is in use (${errorMessage(error)}); pick others with --rosbridge-port / --openpi-port, or 0` : errorMessage(error));
    });
    const robots = [...proc.robots.keys()];
    io.stdout(`${JSON.stringify({ rosbridge: proc.endpoints.rosbridge, openpi: proc.endpoints.openpi, scene: opts.scene.name, robots, horizon: opts.horizon })}\n`);
    io.stderr(
      `orca sim-robot: scene ${opts.scene.name} (robots ${robots.join(', ')}), ${opts.speed}x real time, ${opts.rate} Hz, faults ${opts.faults}\n` +
        `  rosbridge ${proc.endpoints.rosbridge}\n  openpi    ${proc.endpoints.openpi}  (layout household, horizon ${opts.horizon})\n  (Ctrl-C to stop)\n`,
    );
    const signal = await stopped;
    io.stderr(`orca sim-robot: ${signal}, shutting down\n`);
    await proc.close();
    io.stderr('orca sim-robot: stopped\n');
    return EXIT.ok;
  } finally {
    off();
  }
}
