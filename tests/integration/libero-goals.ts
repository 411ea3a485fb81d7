import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LiberoTask {
  task: string;
  instruction: string;
  goal_bddl: string;
}

export function liberoTasks(): LiberoTask[] {
  const path = fileURLToPath(new URL('../../datasets/libero10.jsonl', import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as LiberoTask);
}
