import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { parseBddlGoal } from '../src/domain/bddl.js';
import { listBuiltinScenes, loadBuiltinScene } from '../src/world/index.js';
import { loadVocab, SaycanRowSchema, saycanTasks } from './saycan.js';
import { loadAlfredTrain } from './alfred/suite.js';
import { BenchTaskSchema, SUITES, TaskFileSchema } from './schema.js';
import type { BenchTask, Suite, SuiteName } from './schema.js';

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

function readJsonl(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as unknown);
}

export function loadHousehold(path = here('./tasks/household.yaml')): Suite {
  const file = TaskFileSchema.parse(parse(readFileSync(path, 'utf8')));
  return { name: 'household', tasks: file.tasks, note: `${file.tasks.length} tasks from bench/tasks/household.yaml` };
}

/** Long instructions (4–8 goal clauses) mixing two robots, a person, closed containers, search, relative clauses, negation and spatial relations. */
export function loadHouseholdHard(path = here('./tasks/household-hard.yaml')): Suite {
  const file = TaskFileSchema.parse(parse(readFileSync(path, 'utf8')));
  // Its missions run ten times longer than household's: measured under realistic faults only, on two seeds.
  return {
    name: 'household-hard',
    tasks: file.tasks,
    presets: ['realistic'],
    maxSeeds: 2,
    note: `${file.tasks.length} tasks from bench/tasks/household-hard.yaml, 4–8 goal clauses each, written for this suite; realistic faults only, at most 2 seeds`,
  };
}

const LiberoRowSchema = z.object({ task: z.string().min(1), instruction: z.string().min(1), goal_bddl: z.string().min(1) }).passthrough();

/** LIBERO-10: instruction and BDDL goal straight from datasets/libero10.jsonl, on the generated scene. */
export function loadLibero(path = here('../datasets/libero10.jsonl')): Suite {
  const tasks: BenchTask[] = readJsonl(path).map((raw, i) => {
    const r = LiberoRowSchema.parse(raw);
    return BenchTaskSchema.parse({
      id: `libero-${i + 1}`,
      family: 'libero',
      tags: ['libero'],
      scene: `libero/${r.task}`,
      instruction: r.instruction,
      steps: Math.max(1, parseBddlGoal(r.goal_bddl).length * 2),
      goal: parseBddlGoal(r.goal_bddl).map((p) => `${p.neg ? '!' : ''}${p.pred}(${p.args.join(', ')})`),
      source: `datasets/libero10.jsonl ${r.task}`,
    });
  });
  return { name: 'libero10', tasks, note: 'the ten LIBERO-10 tasks; goals parsed from their BDDL' };
}

/** SayCan queries whose gold plan the scene can express (`saycan` scene when present, else `home`). */
export function loadSaycan(path = here('../datasets/saycan.jsonl'), vocabPath = here('./tasks/saycan-vocab.yaml')): Suite {
  const sceneName = listBuiltinScenes().includes('saycan') ? 'saycan' : 'home';
  const scene = loadBuiltinScene(sceneName);
  const rows = readJsonl(path).map((r) => SaycanRowSchema.parse(r));
  const speaker = scene.people[0]?.id ?? 'alex';
  const { tasks, considered } = saycanTasks(rows, scene, loadVocab(vocabPath), speaker);
  return {
    name: 'saycan',
    tasks,
    note: `${tasks.length} of ${considered} SayCan queries with a gold plan whose every noun resolves in scene "${sceneName}" (filter: bench/saycan.ts + bench/tasks/saycan-vocab.yaml)`,
  };
}

export function loadSuites(names: readonly SuiteName[] = SUITES): Suite[] {
  const load: Record<SuiteName, () => Suite> = { household: loadHousehold, 'household-hard': () => loadHouseholdHard(), libero10: loadLibero, saycan: loadSaycan, 'alfred-train': () => loadAlfredTrain() };
  return names.map((n) => load[n]());
}
