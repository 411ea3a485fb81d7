import { typeInfo } from '../../src/world/catalog.js';
import { BenchTaskSchema } from '../schema.js';
import type { BenchTask, Suite } from '../schema.js';
import { recordHalf } from '../split.js';
import { goldGoal } from './gold.js';
import { catalogueType, readAlfredRecords } from './record.js';
import type { AlfredRecord } from './record.js';
import { sceneForRecord } from './scene.js';

const FAMILY: Readonly<Record<AlfredRecord['task_type'], BenchTask['family']>> = {
  pick_and_place_simple: 'pick_and_place',
  pick_two_obj_and_place: 'pick_two_and_place',
  look_at_obj_in_light: 'look_at_in_light',
  pick_clean_then_place_in_recep: 'pick_clean_then_place',
  pick_heat_then_place_in_recep: 'pick_heat_then_place',
  pick_cool_then_place_in_recep: 'pick_cool_then_place',
  pick_and_place_with_movable_recep: 'pick_and_place_movable',
};

/** How a task of the suite is given: the goal sentence alone, or with the annotator's step directions. */
export type AlfredVariant = 'sentence' | 'steps';

/**
 * What the speaker answers when orca asks which of several things they meant: they know which kind of
 * thing the record's gold names, so a question that mentions one of its everyday names gets "the
 * <its name>" (a question between look-alikes of one kind cannot be answered better than "either").
 */
export function goldAnswers(record: AlfredRecord): Record<string, string> {
  const g = record.goal;
  const out: Record<string, string> = {};
  for (const raw of [g.object, g.receptacle, g.movable_receptacle, g.toggle]) {
    const type = raw ? catalogueType(raw) : undefined;
    const names = type ? (typeInfo(type)?.aliases ?? []) : [];
    for (const n of names) out[n] ??= `the ${names[0]}`;
  }
  return out;
}

/** The two tasks of one record: the same scene and gold goal, the sentence alone and with its steps. */
export function alfredTasks(record: AlfredRecord): BenchTask[] {
  const built = sceneForRecord(record);
  const recep = record.goal.receptacle ? catalogueType(record.goal.receptacle) : undefined;
  const movable = record.goal.movable_receptacle ? catalogueType(record.goal.movable_receptacle) : undefined;
  const goal = goldGoal(record, built, recep, movable);
  const half = recordHalf(record.task_id);
  const planSteps = record.gold_high_level_plan.filter((s) => s.action !== 'GotoLocation' && s.action !== 'NoOp').length;
  const base = {
    family: FAMILY[record.task_type],
    scene: built.scene.name,
    sceneText: JSON.stringify(built.scene),
    instruction: record.instruction,
    steps: Math.min(20, Math.max(1, planSteps)),
    goal,
    answers: goldAnswers(record),
    source: `datasets/alfred_train_goals.jsonl ${record.task_id} (${record.task_type}, ${record.floor_plan})`,
  };
  const id = `alfred-${record.task_id.toLowerCase()}`;
  const variants: [AlfredVariant, Partial<BenchTask>][] = [['sentence', {}], ['steps', { directions: record.step_instructions.filter((s) => s.trim().length > 0) }]];
  return variants.map(([variant, extra]) =>
    BenchTaskSchema.parse({ ...base, ...extra, id: variant === 'sentence' ? id : `${id}-steps`, tags: ['alfred', half, variant, record.task_type] }),
  );
}

/**
 * The `alfred-train` suite: every record of datasets/alfred_train_goals.jsonl on a scene generated
 * for it, as the goal sentence alone and with its step directions, tagged with its half of the fixed
 * split (`dev` / `report`, bench/split.ts). Measured with faults off (`oracle`): the suite measures
 * understanding, and the fault model is measured by the other suites.
 */
export function loadAlfredTrain(path?: string): Suite {
  const records = readAlfredRecords(path);
  const tasks = records.flatMap(alfredTasks);
  const dev = records.filter((r) => recordHalf(r.task_id) === 'dev').length;
  return {
    name: 'alfred-train',
    tasks,
    configs: ['oracle'],
    note: `${records.length} ALFRED train records (${dev} dev, ${records.length - dev} report by a hash of the task id), each as the goal sentence alone and with its step directions, on a scene generated from the record (bench/alfred/)`,
  };
}
