/**
 * Mission battery: varied household instructions on the simulated `home`, run whole through
 * createOrchestrator at several fault levels and seeds, each checked against ground truth.
 *
 *   npx tsx scripts/mission-battery.ts [--faults off,default,harsh] [--seeds 1,2,3] [--only substring] [--verbose]
 *
 * Questions get the case's scripted answer (or "either is fine"), approvals and delegations get
 * `accept`. Prints one row per run and a success count per fault level.
 */
import type { MissionView, Orchestrator, WorldObjectView } from '../agents/orchestrator/types.js';
import { createOrchestrator } from '../src/app/index.js';

type Objs = readonly WorldObjectView[];
interface Case {
  instruction: string;
  /** Answer given to clarification questions. */
  answer?: string;
  /** Ground truth satisfies the intended goal. */
  goal: (w: Objs) => boolean;
}

const obj = (w: Objs, id: string): WorldObjectView | undefined => w.find((o) => o.id === id);
/** Region ids are `<owner>_<region>`, so resting in a region counts as resting in its owner. */
const at = (w: Objs, id: string, rel: 'in' | 'on' | 'held_by', target: string): boolean => {
  const o = obj(w, id);
  if (!o || o.location.relation !== rel) return false;
  const t = o.location.target ?? '';
  return t === target || t.startsWith(`${target}_`);
};
const st = (w: Objs, id: string, key: string, v: boolean | string): boolean => obj(w, id)?.state[key] === v;
const held = (w: Objs, id: string) => at(w, id, 'held_by', 'alex');
const inOrOn = (w: Objs, id: string, target: string) => at(w, id, 'in', target) || at(w, id, 'on', target);
const anyOfType = (w: Objs, type: string, pred: (o: WorldObjectView) => boolean) => w.some((o) => o.type === type && pred(o));

export const CASES: Case[] = [
  { instruction: 'put the potato on the dining table', goal: (w) => at(w, 'potato_1', 'on', 'dining_table_1') },
  { instruction: 'put the apple on the dining table', answer: 'the red one', goal: (w) => at(w, 'apple_1', 'on', 'dining_table_1') || at(w, 'apple_2', 'on', 'dining_table_1') },
  { instruction: 'bring me the red mug', goal: (w) => held(w, 'mug_red') },
  { instruction: 'bring me the mug', answer: 'the red one', goal: (w) => held(w, 'mug_red') },
  { instruction: 'hand me the remote control', goal: (w) => held(w, 'remote_control_1') },
  { instruction: 'bring me the egg', goal: (w) => held(w, 'egg_1') },
  { instruction: 'put the book on the sofa', goal: (w) => at(w, 'book_1', 'on', 'sofa_1') },
  { instruction: 'put the bread and the potato on the dining table', goal: (w) => at(w, 'bread_1', 'on', 'dining_table_1') && at(w, 'potato_1', 'on', 'dining_table_1') },
  { instruction: 'put the spoon in the sink', goal: (w) => at(w, 'spoon_1', 'in', 'sink_basin_1') },
  { instruction: 'wash the blue mug', goal: (w) => st(w, 'mug_blue', 'clean', true) },
  { instruction: 'clean the cloth', goal: (w) => st(w, 'cloth_1', 'clean', true) },
  { instruction: 'heat the potato in the microwave', goal: (w) => st(w, 'potato_1', 'temperature', 'hot') },
  { instruction: 'warm up the bread', goal: (w) => st(w, 'bread_1', 'temperature', 'hot') },
  { instruction: 'cook the egg on the stove', goal: (w) => st(w, 'egg_1', 'temperature', 'hot') },
  { instruction: 'chill the tomato', goal: (w) => st(w, 'tomato_1', 'temperature', 'cold') },
  { instruction: 'put the potato in the fridge', goal: (w) => at(w, 'potato_1', 'in', 'fridge_1') },
  { instruction: 'slice the bread', goal: (w) => st(w, 'bread_1', 'sliced', true) },
  { instruction: 'slice the apple', answer: 'the red one', goal: (w) => st(w, 'apple_1', 'sliced', true) || st(w, 'apple_2', 'sliced', true) },
  { instruction: 'look at the book in the light of the lamp', answer: 'the floor lamp', goal: (w) => held(w, 'book_1') === false && (st(w, 'floor_lamp_1', 'on', true) || st(w, 'desk_lamp_1', 'on', true)) },
  { instruction: 'examine the alarm clock under the desk lamp', goal: (w) => st(w, 'desk_lamp_1', 'on', true) },
  { instruction: 'open the fridge', goal: (w) => st(w, 'fridge_1', 'open', true) },
  { instruction: 'open the kitchen drawer', goal: (w) => st(w, 'drawer_1', 'open', true) },
  { instruction: 'close the microwave', goal: (w) => st(w, 'microwave_1', 'open', false) || obj(w, 'microwave_1')?.state['open'] === undefined },
  { instruction: 'turn on the floor lamp', goal: (w) => st(w, 'floor_lamp_1', 'on', true) },
  { instruction: 'turn on the television', goal: (w) => st(w, 'television_1', 'on', true) },
  { instruction: 'turn off the desk lamp', goal: (w) => st(w, 'desk_lamp_1', 'on', false) },
  { instruction: 'bring me the spatula', goal: (w) => held(w, 'spatula_1') },
  { instruction: 'put the fork on the dining table', goal: (w) => at(w, 'fork_1', 'on', 'dining_table_1') },
  { instruction: 'bring me the cup', goal: (w) => held(w, 'cup_1') },
  { instruction: 'put the kettle on the kitchen counter', goal: (w) => at(w, 'kettle_1', 'on', 'counter_1') },
  { instruction: 'put the wine bottle on the dining table', goal: (w) => at(w, 'wine_bottle_1', 'on', 'dining_table_1') },
  { instruction: 'put the cell phone on the desk', goal: (w) => at(w, 'cell_phone_1', 'on', 'desk_1') },
  { instruction: 'put the watch in the box', goal: (w) => inOrOn(w, 'watch_1', 'box_1') },
  { instruction: 'put a clean mug on the dining table', answer: 'either is fine', goal: (w) => anyOfType(w, 'Mug', (o) => o.state['clean'] !== false && at(w, o.id, 'on', 'dining_table_1')) },
];

export interface RunRow {
  instruction: string;
  faults: string;
  seed: number;
  status: string;
  reason: string;
  subgoals: number;
  attempts: number;
  questions: number;
  failures: string[];
  ms: number;
  truth: boolean;
}

export async function runCase(c: Case, faults: 'off' | 'default' | 'harsh', seed: number): Promise<{ row: RunRow; o: Orchestrator; view: MissionView }> {
  const o = await createOrchestrator({ db: ':memory:', faults, seed });
  const t0 = Date.now();
  let view: MissionView;
  let errorText = '';
  let questions = 0;
  try {
    view = await o.startMission({ instruction: c.instruction });
    view = await o.settled(view.id);
    let rounds = 0;
    while (view.status === 'awaiting_human' && rounds++ < 8) {
      const req = view.pending[0];
      if (!req) break;
      const resp =
        req.kind === 'clarification' || req.kind === 'question'
          ? req.allowed.includes('respond')
            ? { type: 'respond' as const, text: c.answer ?? 'either is fine' }
            : { type: 'accept' as const }
          : { type: 'accept' as const };
      if (req.kind === 'clarification' || req.kind === 'question') questions++;
      await o.answer(view.id, req.id, resp);
      view = await o.settled(view.id);
    }
  } catch (e) {
    errorText = e instanceof Error ? e.message : String(e);
    view = o.listMissions()[0]!;
  }
  const ms = Date.now() - t0;
  const world = o.worldObjects() ?? [];
  const failures = view ? [...new Set(view.subgoals.flatMap((s) => s.failureCodes))] : [];
  const row: RunRow = {
    instruction: c.instruction,
    faults,
    seed,
    status: errorText ? 'threw' : (view?.status ?? '?'),
    reason: (errorText || view?.reason || '').slice(0, 90),
    subgoals: view?.subgoals.length ?? 0,
    attempts: view ? view.subgoals.reduce((n, s) => n + s.attempts, 0) : 0,
    questions,
    failures,
    ms,
    truth: c.goal(world),
  };
  return { row, o, view };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const faultsList = (arg('faults') ?? 'off,default,harsh').split(',') as ('off' | 'default' | 'harsh')[];
  const seeds = (arg('seeds') ?? '1,2,3').split(',').map(Number);
  const only = arg('only');
  const verbose = process.argv.includes('--verbose');
  const cases = only ? CASES.filter((c) => c.instruction.includes(only)) : CASES;
  const totals = new Map<string, { ok: number; n: number }>();
  console.log(['faults', 'seed', 'status', 'truth', 'sg/att', 'q', 'ms', 'instruction', 'failures', 'reason'].join('\t'));
  for (const faults of faultsList) {
    for (const seed of seeds) {
      for (const c of cases) {
        const { row, o, view } = await runCase(c, faults, seed);
        const ok = row.status === 'succeeded' && row.truth;
        const t = totals.get(faults) ?? { ok: 0, n: 0 };
        totals.set(faults, { ok: t.ok + (ok ? 1 : 0), n: t.n + 1 });
        console.log(
          [faults, seed, row.status, row.truth ? 'yes' : 'NO', `${row.subgoals}/${row.attempts}`, row.questions, row.ms, row.instruction, row.failures.join(',') || '-', row.reason || '-'].join('\t'),
        );
        if (verbose && !ok && view) {
          for (const e of o.traces.events(view.id)) {
            if (['plan', 'dispatch', 'verdict', 'reflection', 'error', 'outcome', 'question'].includes(e.kind) && e.data['kind'] !== 'progress') console.log(`    ${e.seq} ${e.kind} ${e.subgoalId ?? ''} ${JSON.stringify(e.data).slice(0, 240)}`);
          }
        }
        await o.close();
      }
    }
  }
  console.log('\nsuccess (status succeeded and ground truth holds):');
  for (const [f, t] of totals) console.log(`  ${f}: ${t.ok}/${t.n} = ${(t.ok / t.n).toFixed(2)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
