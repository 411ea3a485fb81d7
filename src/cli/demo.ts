import { parseArgs } from 'node:util';
import { formatPredicate } from '../domain/index.js';
import type { ExecutionEvent } from '../execution/index.js';
import { FAULT_PRESETS } from '../executors/index.js';
import type { FaultPreset } from '../executors/index.js';
import { FETCH_AND_WASH, FETCH_AND_WASH_GOAL, SimHousehold } from '../runtime/index.js';

/**
 * `npm start` until the service lands: runs a hand-written two-robot mission on the simulated
 * household and prints each subgoal's dispatches, verdicts and recoveries as they happen.
 */
function describeEvent(e: ExecutionEvent): string | null {
  const t = `[${e.simTime.toFixed(1).padStart(6)}s]`;
  switch (e.type) {
    case 'dispatch_recorded':
      return `${t} ${e.subgoalId}: dispatch ${e.goalId} to ${e.robotId ?? 'person'} — "${e.instruction}"`;
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

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      faults: { type: 'string', default: 'default' },
    },
  });
  const faults = values.faults as string;
  if (!(faults in FAULT_PRESETS)) {
    process.stderr.write(`--faults must be one of ${Object.keys(FAULT_PRESETS).join(', ')}\n`);
    return 2;
  }
  const home = new SimHousehold({ scene: 'home', seed: Number(values.seed), faults: faults as FaultPreset });
  const plan = home.plan(FETCH_AND_WASH);
  process.stdout.write(`orca demo — scene home, seed ${values.seed}, faults ${faults}\nplan:\n`);
  for (const s of plan.subgoals) {
    process.stdout.write(`  ${s.id} [${s.assignee.id}] ${s.instruction}${s.dependsOn.length ? ` (after ${s.dependsOn.join(', ')})` : ''}\n`);
  }
  const { outcome } = await home.run(FETCH_AND_WASH, {
    maxSeconds: 600,
    onEvent: (e) => {
      const line = describeEvent(e);
      if (line) process.stdout.write(`${line}\n`);
    },
  });
  process.stdout.write('ground truth (what really happened):\n');
  for (const p of FETCH_AND_WASH_GOAL) {
    process.stdout.write(`  ${formatPredicate(p)}: ${home.sim.world.truth.evaluate(p)}\n`);
  }
  return outcome.outcome === 'succeeded' ? 0 : 1;
}

process.exitCode = await main();
