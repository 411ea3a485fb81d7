import { typeInfo } from '../../../world/catalog.js';
import type { ActionInput } from './build-actions.js';
import { NEEDS, isRef, pred } from './draft.js';
import type { Failure } from './draft.js';
import type { ClauseFrame } from './frame.js';
import { isInstrument } from './frame.js';
import { receivingId, relationFor } from './receive.js';

/** The appliance a state change happens in: the one the clause names, else the one for that change. */
const APPLIANCE_FOR: Readonly<Partial<Record<string, string>>> = { isHot: 'microwave', isCold: 'fridge' };

/**
 * "Microwave an egg in a cup", "cool the juice in a jug in the cooler": the thing goes in the
 * vessel, the vessel into the appliance (the one named, else the one that makes the change).
 */
function carriedInVessel({ g, c, ci, objects }: ActionInput, f: ClauseFrame): Failure | null {
  if (!f.vessel) return null;
  const v = g.ground(f.vessel.np, `${ci}:v`, NEEDS.receptacle, true);
  if (!isRef(v)) return v;
  const named = c.preps.find((p) => p !== f.vessel && isInstrument(p.np, c.sense.pred));
  const role = APPLIANCE_FOR[c.sense.pred ?? ''];
  const appliance = (named ? g.peek(named.np, `${ci}:ap`, NEEDS.receptacle) : null)?.ids[0];
  const oven = appliance ? g.entity(appliance) : g.belief.all().find((e) => typeInfo(e.type)?.role === role);
  const holder = g.entity(v.ids[0]!)!;
  const ids = objects.flatMap((o) => o.ids);
  // "chill the tomato in the bowl" with the tomato already in it: the bowl says which tomato.
  if (ids.length > 0 && ids.every((id) => g.belief.isWithin(id, holder.id))) return null;
  for (const id of ids) g.add(pred(relationFor(holder, v.region, f.vessel.prep, g.belief), id, holder.id));
  if (oven) g.add(pred('in', holder.id, receivingId(oven, null)));
  return null;
}

/**
 * Where slicing leaves the pieces: "cut it up on the board" (on that surface), "cut the apple in the
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
