import { typeInfo } from '../../src/world/catalog.js';
import type { z } from 'zod';
import type { ClauseSchema } from '../schema.js';
import type { AlfredRecord } from './record.js';
import type { AlfredScene } from './scene.js';

type ClauseInput = z.input<typeof ClauseSchema>;

/** `in` for a container, `on` for a surface: how the world records a thing resting there. */
function rest(thing: string, target: string, targetType: string): string {
  return `${typeInfo(targetType)?.receptacle === 'container' ? 'in' : 'on'}(${thing}, ${target})`;
}

const STATE_OF: Readonly<Partial<Record<AlfredRecord['task_type'], string>>> = {
  pick_clean_then_place_in_recep: 'isClean',
  pick_heat_then_place_in_recep: 'isHot',
  pick_cool_then_place_in_recep: 'isCold',
};

/**
 * ALFRED's gold goal over a generated scene's ids, as ALFRED's own goal conditions read it: a thing
 * of the object type ends in or on some receptacle of the gold type (both things in the same one for
 * `pick_two_obj_and_place`), inside the movable receptacle when there is one, with the task's state
 * change and slicing; for `look_at_obj_in_light`, held in the light of a lamp of the gold type that
 * is on. Scored against the simulated world's truth, never against orca's reading of the sentence.
 */
export function goldGoal(record: AlfredRecord, s: AlfredScene, recepType: string | undefined, movableType: string | undefined): ClauseInput[] {
  const clauses: ClauseInput[] = [];
  const state = STATE_OF[record.task_type];
  for (const o of s.objects) {
    // ALFRED's state goals are "it was heated / cooled / cleaned": a heated thing put in a fridge counts.
    if (state) clauses.push({ once: `${state}(${o})` });
    if (record.goal.sliced) clauses.push(`isSliced(${o})`);
  }
  if (record.task_type === 'look_at_obj_in_light') {
    const o = s.objects[0]!;
    clauses.push(`holding(${s.robot}, ${o})`, { any: s.lamps.map((l) => `inLight(${o}, ${l})`) });
    return clauses;
  }
  if (!recepType || s.receptacles.length === 0) throw new Error(`${record.task_id}: no receptacle of the gold type in the scene`);
  if (s.movable && movableType) {
    for (const o of s.objects) clauses.push(rest(o, s.movable, movableType));
    clauses.push({ any: s.receptacles.map((r) => rest(s.movable!, r, recepType)) });
    return clauses;
  }
  clauses.push({ any: s.receptacles.map((r) => s.objects.map((o) => rest(o, r, recepType))) });
  return clauses;
}
