import { formatPredicate } from '../../domain/index.js';
import type { ExecutionEvent } from '../../execution/index.js';
import { FETCH_AND_WASH, FETCH_AND_WASH_GOAL, SimHousehold } from '../../runtime/index.js';
import { parse, parseFaults, parseSeed } from '../args.js';
import { EXIT } from '../io.js';
import type { CliIo } from '../io.js';

export const DEMO_USAGE = `usage: orca demo [--seed N] [--faults off|default|harsh]

Runs a hand-written two-robot plan (fetch a mug and wash it) on the simulated home with no
reasoner, printing each dispatch, verdict and recovery, then the ground truth.
`;

function describeEvent(e: ExecutionEvent): string | null {
  const t = `[${e.simTime.toFixed(1).padStart(6)}s]`;
  switch (e.type) {
    case 'dispatch_recorded':
      return `${t} ${e.subgoalId}: dispatch ${e.goalId} to ${e.robotId} — "${e.instruction}"`;
    case 'verdict':
      return e.kind === 'progress' ? null : `${t} ${e.subgoalId}: verifier says ${e.kind}${e.code ? ` (${e.code})` : ''}`;
    case 'failure':
      return `${t} ${e.subgoalId}: failure ${e.code} — ${e.message}`;
    case 'recovery_decided':
      return `${t} ${e.subgoalId}: recovery → ${e.decision.kind}`;
    case 'mission_outcome':
      return `${t} mission ${e.outcome}${e.reason ? `: ${e.reason}` : ''}`;
    default:
      return null;
  }
}

/** The executive and reactive tiers alone, with no deliberative tier: useful to see the machines work. */
export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { seed: { type: 'string' }, faults: { type: 'string' } }, false);
  if (values.help) {
    io.stdout(DEMO_USAGE);
    return EXIT.ok;
  }
  const seed = parseSeed(values.seed) ?? 1;
  const faults = parseFaults(values.faults) ?? 'default';
  const home = new SimHousehold({ scene: 'home', seed, faults });
  const plan = home.plan(FETCH_AND_WASH);
  io.stdout(`orca demo — scene home, seed ${seed}, faults ${faults}\nplan:\n`);
  for (const s of plan.subgoals) {
    io.stdout(`  ${s.id} [${s.assignee.id}] ${s.instruction}${s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : ''}\n`);
  }
  const { outcome } = await home.run(FETCH_AND_WASH, {
    maxSeconds: 600,
    onEvent: (e) => {
      const line = describeEvent(e);
      if (line) io.stdout(`${line}\n`);
    },
  });
  io.stdout('ground truth (what really happened):\n');
  for (const p of FETCH_AND_WASH_GOAL) io.stdout(`  ${formatPredicate(p)}: ${home.sim.world.truth.evaluate(p)}\n`);
  return outcome.outcome === 'succeeded' ? EXIT.ok : EXIT.failed;
}
