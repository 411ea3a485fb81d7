import { ValidationError } from '../domain/failures.js';

export interface SceneIssue {
  path: string;
  message: string;
}

/** A scene that cannot be loaded; each issue names the field path (`entities[3].type`) and the problem. */
export class SceneError extends ValidationError {
  constructor(
    readonly sceneName: string | undefined,
    issues: readonly SceneIssue[],
  ) {
    const lines = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message));
    super(`invalid scene${sceneName ? ` "${sceneName}"` : ''}: ${lines.join('; ')}`, issues);
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out.length === 0 ? String(part) : `.${String(part)}`;
  }
  return out;
}
