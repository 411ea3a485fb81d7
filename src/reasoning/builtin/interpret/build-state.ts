import { typeInfo } from '../../../world/catalog.js';
import type { ActionInput } from './build-actions.js';
import { NEEDS, isRef, pred } from './draft.js';
import type { Failure } from './draft.js';
import type { ClauseFrame } from './frame.js';
import { isInstrument } from './frame.js';
import { receivingId, relationFor } from './receive.js';

/** "Microwave a potato in a bowl": the thing goes in the bowl, the bowl into the microwave. */
function carriedInVessel({ g, ci, objects }: ActionInput, f: ClauseFrame): Failure | null {
  if (!f.vessel) return null;
  const v = g.ground(f.vessel.np, `${ci}:v`, NEEDS.receptacle, true);
  if (!isRef(v)) return v;
  const oven = g.belief.all().find((e) => typeInfo(e.type)?.role === 'microwave');
  const holder = g.entity(v.ids[0]!)!;
  for (const id of objects.flatMap((o) => o.ids)) g.add(pred(relationFor(holder, v.region, 'in', g.belief), id, holder.id));
  if (oven) g.add(pred('in', holder.id, receivingId(oven, null)));
  return null;
}

/**
 * Where slicing leaves the pieces: "cut it up on the table" (on that surface), "cut the apple in the
 * fridge" when the apple is not in the fridge (the fridge is where the pieces go; when it is, the
 * place only says which apple).
 */
function slicedWhere({ g, c, ci, objects }: ActionInput): void {
  if (c.sense.pred !== 'isSliced') return;
  const ids = objects.flatMap((o) => o.ids);
  const board = c.preps.find((p) => p.prep === 'on' && !isInstrument(p.np, 'isSliced'));
  if (board) {
    const surface = g.peek(board.np, `${ci}:s`, NEEDS.surface);
    if (surface) for (const id of ids) g.add(pred('on', id, surface.ids[0]!));
    return;
  }
  const box = c.preps.find((p) => p.prep === 'in' && !isInstrument(p.np, 'isSliced'));
  const into = box ? g.peek(box.np, `${ci}:b`, NEEDS.receptacle) : null;
  const holder = into ? g.entity(into.ids[0]!) : undefined;
  if (!into || !holder || ids.length === 0 || ids.some((id) => g.belief.isWithin(id, holder.id))) return;
  for (const id of ids) g.add(pred(relationFor(holder, into.region, 'in', g.belief), id, receivingId(holder, into.region)));
}

/** A state verb on its objects ("wash the mug", "slice the bread"), with the vessel and place it implies. */
export function stateGoal(input: ActionInput, f: ClauseFrame): Failure | null {
  const { g, c, objects } = input;
  for (const o of objects) for (const id of o.region ? [o.region] : o.ids) g.add(pred(c.sense.pred!, id));
  const failed = carriedInVessel(input, f);
  if (failed) return failed;
  slicedWhere(input);
  return null;
}
