import { typeInfo } from '../../../world/catalog.js';
import { ANY_ROBOT } from '../../goal.js';
import type { Clause } from './clauses.js';
import { NEEDS, isRef, pred } from './draft.js';
import type { Failure, GoalDraft } from './draft.js';
import type { Ref } from './ground.js';

/** What every action handler is given: the draft, the clause, its index and its grounded objects. */
export interface ActionInput {
  g: GoalDraft;
  c: Clause;
  ci: number;
  objects: Ref[];
}

/** Switching things on or off; "with a book in hand" keeps the candle held meanwhile. */
export function toggleGoal({ g, c, ci, objects }: ActionInput): Failure | null {
  for (const o of objects) g.add(pred(c.particle === 'off' ? 'isOff' : 'isOn', o.region ?? o.ids[0]!));
  const held = c.preps.find((p) => p.prep === 'with');
  for (const [k, np] of (held?.list ?? []).entries()) {
    const r = g.ground(np, `${ci}:h${k}`, NEEDS.pickable);
    if (!isRef(r)) return r;
    for (const id of r.ids) g.add(pred('holding', ANY_ROBOT, id));
  }
  return null;
}

/**
 * "Visit the desk and the sofa": one robot is at one place at a time, so each place is its own
 * step, in the order named.
 */
export function navigateGoal({ g, objects }: ActionInput): null {
  for (const id of objects.flatMap((o) => o.ids)) {
    if (g.step.some((p) => p.pred === 'near' && p.args[0] === ANY_ROBOT && p.args[1] !== id)) g.nextStep();
    g.add(pred('near', ANY_ROBOT, id));
  }
  return null;
}

/** Holding something; "in front of", "under" or "by" a lamp holds it in the lamp's light. */
export function holdGoal(input: ActionInput): Failure | null {
  // "hold the candle with the tongs": what it is held with is no light to see by.
  if (lightPhrase(input.c, false)) return examineGoal(input);
  for (const id of input.objects.flatMap((o) => o.ids)) input.g.add(pred('holding', ANY_ROBOT, id));
  return null;
}

/** The phrase naming a light to see by: a lamp, "the light", or "in the light of". */
function lightPhrase(c: Clause, withToo = true): Clause['preps'][number] | undefined {
  return c.preps.find((p) => (withToo || p.prep !== 'with') && (p.prep === 'light' || p.np.readings.some((r) => r.types.some((t) => typeInfo(t)?.lightSource)) || /\b(light|lamp)\b/.test(p.np.text)));
}

/** Looking at something is holding it, in the light of a lamp when one is named ("by the desk lamp"). */
export function examineGoal({ g, c, ci, objects }: ActionInput): Failure | null {
  const ids = objects.flatMap((o) => o.ids);
  for (const id of ids) g.add(pred('holding', ANY_ROBOT, id));
  const light = lightPhrase(c);
  if (!light) return null;
  const np = light.np.readings.length > 0 ? light.np : { ...light.np, readings: [{ types: ['DeskLamp', 'FloorLamp'], words: [] }] };
  const r = g.ground({ ...np, det: np.det === 'def' ? 'def' : 'indef' }, `${ci}:l`, NEEDS.lamp, true);
  if (!isRef(r)) return r;
  for (const id of ids) g.add(pred('inLight', id, r.ids[0]!));
  return null;
}

/** Bringing something to a person ("me" is the speaker). */
export function deliverGoal({ g, c, ci, objects }: ActionInput): Failure | null {
  const to = c.recipient ? g.ground(c.recipient, `${ci}:r`, NEEDS.any) : { ids: [g.ctx.speaker], region: null, text: 'me', person: true };
  if (!isRef(to)) return to;
  for (const id of objects.flatMap((o) => o.ids)) g.add(pred('heldBy', id, to.ids[0]!));
  return null;
}
