import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reference datasets bundled under `datasets/` (attribution in datasets/README.md). */
export type DatasetName = 'alfred_train_fewshot' | 'libero10' | 'saycan';

/** Reads one bundled JSONL dataset, resolved from this file rather than the working directory. */
export function readDataset<T = Record<string, unknown>>(name: DatasetName): T[] {
  const path = fileURLToPath(new URL(`../../datasets/${name}.jsonl`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as T);
}

export interface LiberoTask {
  task: string;
  instruction: string;
  goal_bddl: string;
}

export function liberoTasks(): LiberoTask[] {
  return readDataset<LiberoTask>('libero10');
}
