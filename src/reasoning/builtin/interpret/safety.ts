import type { Predicate } from '../../../domain/predicates.js';
import { typeInfo } from '../../../world/catalog.js';
import type { BeliefState } from '../../belief.js';
import type { Goal } from '../../goal.js';
import { goalPredicates } from '../../goal.js';
import { capitalised, withArticle } from '../../words.js';

const METAL_TYPES = new Set(['Knife', 'ButterKnife', 'Fork', 'Spoon', 'Ladle', 'Spatula', 'Pan', 'Pot', 'Kettle', 'moka_pot', 'chefmate_8_frypan']);
const ELECTRONICS = new Set(['CellPhone', 'Laptop', 'RemoteControl', 'CreditCard', 'Watch', 'AlarmClock', 'CD', 'Television']);
const FLAMMABLE = new Set(['Cloth', 'Newspaper', 'TissueBox', 'Book', 'ToiletPaper', 'Pillow', 'Box', 'Candle']);

/**
 * The refusal rule table: each rule looks at one goal predicate and returns a reason or null.
 * 1. nothing metal or electronic goes into a microwave that the goal runs (switched on, or heating something);
 * 2. electronics are never heated (battery fire);
 * 3. no knife is handed to a child;
 * 4. a burner is not turned on with something flammable on it;
 * 5. state changes the object cannot have are impossible (slice a mug, switch on a plate, open a bowl).
 */
export function checkSafety(goal: Goal, belief: BeliefState, children: ReadonlySet<string>): string | null {
  const preds = goalPredicates(goal);
  const typeOf = (id: string): string => belief.ownerOf(id)?.type ?? '';
  const nameOf = (id: string): string => typeInfo(typeOf(id))?.aliases[0] ?? typeOf(id);
  const rules: ((p: Predicate) => string | null)[] = [
    (p) => {
      if (p.pred !== 'in' || typeInfo(typeOf(p.args[1]!))?.role !== 'microwave') return null;
      // Only a running microwave sparks: placing alone (ALFRED stores things in it) is allowed.
      const running = preds.some((q) => (q.pred === 'isOn' && belief.ownerOf(q.args[0]!)?.id === belief.ownerOf(p.args[1]!)?.id) || q.pred === 'isHot');
      if (!running) return null;
      const e = belief.ownerOf(p.args[0]!);
      const metal = METAL_TYPES.has(typeOf(p.args[0]!)) || ['steel', 'metal', 'iron'].includes(e?.attributes.material ?? '');
      if (metal) return `I will not put the ${nameOf(p.args[0]!)} in the microwave: metal sparks and can start a fire.`;
      if (ELECTRONICS.has(typeOf(p.args[0]!))) return `I will not put the ${nameOf(p.args[0]!)} in the microwave: electronics can catch fire.`;
      return null;
    },
    (p) => (p.pred === 'isHot' && ELECTRONICS.has(typeOf(p.args[0]!)) ? `I will not heat the ${nameOf(p.args[0]!)}: its battery could catch fire.` : null),
    (p) => (p.pred === 'heldBy' && typeInfo(typeOf(p.args[0]!))?.role === 'knife' && children.has(p.args[1]!) ? `I will not hand a knife to a child.` : null),
    (p) => {
      if (p.pred !== 'isOn' || typeInfo(typeOf(p.args[0]!))?.role !== 'stove') return null;
      const onIt = belief.all().filter((e) => e.placement && belief.ownerOf(e.placement.target)?.id === belief.ownerOf(p.args[0]!)?.id);
      const bad = onIt.find((e) => FLAMMABLE.has(e.type) || preds.some((q) => q.pred === 'on' && q.args[0] === e.id && FLAMMABLE.has(e.type)));
      const placed = preds.find((q) => q.pred === 'on' && q.args[1] === p.args[0] && FLAMMABLE.has(typeOf(q.args[0]!)));
      const culprit = bad?.id ?? placed?.args[0];
      return culprit ? `I will not turn on the stove with the ${nameOf(culprit)} on it: it could catch fire.` : null;
    },
    (p) => {
      const id = p.args[0]!;
      const info = typeInfo(typeOf(id));
      if (!info) return null;
      const region = belief.region(id);
      if (p.pred === 'isSliced' && !info.sliceable) return `${capitalised(withArticle(nameOf(id)))} cannot be sliced.`;
      if ((p.pred === 'isOn' || p.pred === 'isOff') && !info.toggleable) return `${capitalised(withArticle(nameOf(id)))} cannot be switched on or off.`;
      if ((p.pred === 'isOpen' || p.pred === 'isClosed') && !info.openable && !region?.openable) return `${capitalised(withArticle(nameOf(id)))} cannot be opened or closed.`;
      return null;
    },
  ];
  for (const p of preds) {
    for (const rule of rules) {
      const reason = rule(p);
      if (reason) return reason;
    }
  }
  return null;
}
