import { ROBOTS_USAGE, SCENES_USAGE, SKILLS_USAGE, robotsCommand, scenesCommand, skillsCommand } from './commands/catalog.js';
import { DEMO_USAGE, demoCommand } from './commands/demo.js';
import { FLEETS_USAGE, fleetsCommand } from './commands/fleets.js';
import { MEMORY_USAGE, memoryCommand } from './commands/memory.js';
import { MISSIONS_USAGE, missionsCommand } from './commands/missions.js';
import { RUN_USAGE, runCommand } from './commands/run.js';
import { SERVE_USAGE, serveCommand } from './commands/serve.js';
import { SIM_ROBOT_USAGE, simRobotCommand } from './commands/sim-robot.js';
import { TRACE_USAGE, traceCommand } from './commands/trace.js';
import { WORLD_USAGE, worldCommand } from './commands/world.js';
import type { CliDeps } from './deps.js';
import { EXIT, UsageError, errorMessage } from './io.js';
import type { CliIo } from './io.js';

export const USAGE = `usage: orca <command> [options]

commands:
  serve                 run the HTTP service (npm start)
  run "<instruction>"   run one mission in this process and print its outcome
  missions              the unfinished missions in the db, and what holds the robots
                        (missions cancel ID: end one and release its robots)
  trace [<missionId>]   a mission's timeline from the trace store, or export it
  memory                what orca remembers (references, failure statistics): list, show, edit, delete
  scenes                list the built-in scenes
  skills                list the skill library
  robots                list the configured robots (--check: health)
  fleets                list and validate the fleet files (config/fleets)
  demo                  a fixed two-robot plan on the simulated home, no reasoner
  world reset           put a scene's simulated world back as its scene file describes it
  sim-robot             the simulated household as a networked robot (rosbridge + openpi endpoints)

"orca <command> --help" describes a command's options.
`;

type Command = (argv: readonly string[], io: CliIo, deps: CliDeps) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string }> = {
  serve: { run: serveCommand, usage: SERVE_USAGE },
  run: { run: runCommand, usage: RUN_USAGE },
  missions: { run: missionsCommand, usage: MISSIONS_USAGE },
  trace: { run: (argv, io) => traceCommand(argv, io), usage: TRACE_USAGE },
  memory: { run: (argv, io) => memoryCommand(argv, io), usage: MEMORY_USAGE },
  scenes: { run: (argv, io) => scenesCommand(argv, io), usage: SCENES_USAGE },
  skills: { run: (argv, io) => skillsCommand(argv, io), usage: SKILLS_USAGE },
  robots: { run: robotsCommand, usage: ROBOTS_USAGE },
  fleets: { run: (argv, io) => fleetsCommand(argv, io), usage: FLEETS_USAGE },
  demo: { run: (argv, io) => demoCommand(argv, io), usage: DEMO_USAGE },
  world: { run: (argv, io) => worldCommand(argv, io), usage: WORLD_USAGE },
  'sim-robot': { run: simRobotCommand, usage: SIM_ROBOT_USAGE },
};

/** Runs one `orca` invocation and returns its exit code; never throws (errors go to stderr). */
export async function runCli(argv: readonly string[], io: CliIo, deps: CliDeps): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    const cmd = topic !== undefined ? COMMANDS[topic] : undefined;
    (name === undefined ? io.stderr : io.stdout)(cmd?.usage ?? USAGE);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  const cmd = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!cmd) {
    io.stderr(`orca: unknown command "${name}"\n\n${USAGE}`);
    return EXIT.badInput;
  }
  try {
    return await cmd.run(rest, io, deps);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`orca ${name}: ${error.message}\n(see orca ${name} --help)\n`);
      return EXIT.badInput;
    }
    io.stderr(`orca ${name}: ${errorMessage(error)}\n`);
    if (io.env['ORCA_DEBUG'] && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return EXIT.failed;
  }
}
