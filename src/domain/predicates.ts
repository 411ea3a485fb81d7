import { z } from 'zod';

/**
 * The predicate vocabulary shared by goals, skill preconditions/effects, verifier criteria and the
 * ground-truth checks of tests. Arguments are entity ids (objects, receptacles, regions, robots,
 * people) or skill parameter names written `$param` inside skill files.
 *
 * - `in(a, b)` / `on(a, b)`: a rests directly in/on b; b may be an entity or one of its regions, and
 *   naming an entity also matches any of its regions (`in(mug, microwave_1)` holds when the mug is in
 *   `microwave_1_heating_region`).
 * - `isOpen(x)` / `isClosed(x)`: an openable entity or region.
 * - `isOn(x)` / `isOff(x)`: a toggleable (faucet, stove, microwave, lamp).
 * - `isClean`, `isDirty`, `isHot`, `isCold`, `isSliced`, `isFilled`: object state.
 * - `holding(robot, obj)`, `handEmpty(robot)`: the gripper.
 * - `heldBy(obj, person)`: handed over to a person.
 * - `near(agent, x)`: a robot or person is within reach of x.
 * - `inLight(obj, lamp)`: obj is within the light of a lamp that is on.
 * - Where things stand relative to each other, from their planar positions in the scene's viewing
 *   frame (x to the right, y away from the viewer; geometry and tolerances in `spatial.ts`):
 *   `nextTo(a, b)` (centres within half a metre), `leftOf(a, b)`, `rightOf(a, b)`, `behind(a, b)`,
 *   `inFrontOf(a, b)` (a lies on that side of b) and `between(a, b, c)` (a lies between b and c).
 *   `near` is kept for agents and their reach: "put the apple next to the can" is `nextTo`, and never
 *   `in` or `on` the can.
 */
export const PredicateNameSchema = z.enum([
  'in',
  'on',
  'isOpen',
  'isClosed',
  'isOn',
  'isOff',
  'isClean',
  'isDirty',
  'isHot',
  'isCold',
  'isSliced',
  'isFilled',
  'holding',
  'handEmpty',
  'heldBy',
  'near',
  'inLight',
  'leftOf',
  'rightOf',
  'nextTo',
  'behind',
  'inFrontOf',
  'between',
]);
export type PredicateName = z.infer<typeof PredicateNameSchema>;

/** How many arguments each predicate takes. */
export const PREDICATE_ARITY: Readonly<Record<PredicateName, number>> = {
  in: 2,
  on: 2,
  isOpen: 1,
  isClosed: 1,
  isOn: 1,
  isOff: 1,
  isClean: 1,
  isDirty: 1,
  isHot: 1,
  isCold: 1,
  isSliced: 1,
  isFilled: 1,
  holding: 2,
  handEmpty: 1,
  heldBy: 2,
  near: 2,
  inLight: 2,
  leftOf: 2,
  rightOf: 2,
  nextTo: 2,
  behind: 2,
  inFrontOf: 2,
  between: 3,
};

/** The relations that say where a thing stands relative to others (`spatial.ts`). */
export const SPATIAL_PREDICATES: ReadonlySet<PredicateName> = new Set(['nextTo', 'leftOf', 'rightOf', 'behind', 'inFrontOf', 'between']);

export const PredicateSchema = z
  .object({
    pred: PredicateNameSchema,
    args: z.array(z.string().min(1)).max(3),
    neg: z.boolean().optional(),
  })
  .refine((p) => p.args.length === PREDICATE_ARITY[p.pred], {
    message: 'wrong number of arguments for predicate',
    path: ['args'],
  });
export type Predicate = z.infer<typeof PredicateSchema>;

/** Three-valued truth: evidence can be missing (object out of view, inside a closed container). */
export type Truth = 'true' | 'false' | 'unknown';

export function formatPredicate(p: Predicate): string {
  return `${p.neg ? 'not ' : ''}${p.pred}(${p.args.join(', ')})`;
}

/** Parses `in(apple_1, fridge_1)` or `not isOpen(fridge_1)`; the compact form used in skill files. */
export function parsePredicate(text: string): Predicate {
  const m = /^\s*(not\s+)?([A-Za-z]+)\s*\(([^)]*)\)\s*$/.exec(text);
  if (!m) throw new Error(`not a predicate: "${text}" (expected e.g. "in(apple_1, fridge_1)")`);
  const name = PredicateNameSchema.safeParse(m[2]);
  if (!name.success) throw new Error(`unknown predicate "${m[2]}" in "${text}"`);
  const args = (m[3] ?? '').split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  const parsed = PredicateSchema.safeParse({ pred: name.data, args, ...(m[1] ? { neg: true } : {}) });
  if (!parsed.success) {
    throw new Error(`"${text}": ${name.data} takes ${PREDICATE_ARITY[name.data]} argument(s), got ${args.length}`);
  }
  return parsed.data;
}

/** Replaces `$param` arguments with bound values; unbound parameters are left as they are. */
export function bindPredicate(p: Predicate, bindings: Readonly<Record<string, string>>): Predicate {
  return { ...p, args: p.args.map((a) => (a.startsWith('$') ? (bindings[a.slice(1)] ?? a) : a)) };
}
