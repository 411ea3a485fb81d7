import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { OrchestratorError } from '../../../agents/orchestrator/types.js';
import type { SceneSummary, WorldObjectView } from '../../../agents/orchestrator/types.js';

const SCENE_FILE = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  kind: z.enum(['house', 'tabletop']),
  robots: z.array(z.string().min(1)).min(1),
  people: z.array(z.string()).default([]),
  description: z.string().optional(),
});

/** The fake orchestrator's scenes: two built-ins plus uploads of a minimal YAML scene file. */
export class FakeScenes {
  private readonly scenes: SceneSummary[] = [
    { name: 'home', kind: 'house', source: 'builtin', robots: ['robot-1', 'robot-2'], people: ['ada'], description: 'a small flat' },
    { name: 'table', kind: 'tabletop', source: 'builtin', robots: ['arm-1'], people: [], description: null },
  ];

  list(): SceneSummary[] {
    return structuredClone(this.scenes);
  }

  find(predicate: (s: SceneSummary) => boolean): SceneSummary | undefined {
    return this.scenes.find(predicate);
  }

  add(text: string): SceneSummary {
    let raw: unknown;
    try {
      raw = parseYaml(text);
    } catch (error) {
      throw new OrchestratorError('bad_input', `scene file is not YAML: ${error instanceof Error ? error.message : String(error)}`, { field: '(file)' });
    }
    const parsed = SCENE_FILE.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(file)', message: i.message }));
      throw new OrchestratorError('bad_input', `invalid scene: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    const s = parsed.data;
    if (this.scenes.some((x) => x.name === s.name)) throw new OrchestratorError('conflict', `scene ${s.name} already exists`, { field: 'name' });
    const summary: SceneSummary = { name: s.name, kind: s.kind, source: 'uploaded', robots: s.robots, people: s.people, description: s.description ?? null };
    this.scenes.push(summary);
    return structuredClone(summary);
  }

  svg(scene: string): string | null {
    if (!this.scenes.some((s) => s.name === scene)) return null;
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" data-scene="${scene}"><rect width="10" height="10" fill="#eee"/></svg>`;
  }

  objects(scene: string): WorldObjectView[] | null {
    if (!this.scenes.some((s) => s.name === scene)) return null;
    return [{ id: 'cup-1', type: 'cup', attributes: { color: 'red' }, state: { clean: true }, location: { relation: 'on', target: 'table-1' } }];
  }
}
