import type { PlanningContext, PlanProposal, ProposedCall } from '../../provider.js';
import { allowedRobots } from './ground.js';
import { World } from './state.js';
import type { XY } from './state.js';

/** Where things of a kind are usually kept: container roles/types, most likely first. */
const USUAL_PLACES: readonly { things: RegExp; places: RegExp }[] = [
  { things: /^(Apple|Bread|Egg|Lettuce|Potato|Tomato|WineBottle|Milk|Butter|Cheese)$|food|milk|butter|cheese|sauce|soup|pudding/i, places: /fridge/i },
  { things: /^(Fork|Spoon|Knife|ButterKnife|Spatula|Ladle|Pencil|Pen)$/i, places: /drawer/i },
  { things: /^(Bowl|Cup|Mug|Plate|Pot|Pan|Kettle|Glass)$|bowl|mug|plate/i, places: /cabinet/i },
  { things: /^(CreditCard|Watch|KeyChain|CellPhone)$/i, places: /safe|drawer|dresser/i },
];

function likelihood(objectType: string, containerType: string): number {
  for (const rule of USUAL_PLACES) if (rule.things.test(objectType)) return rule.places.test(containerType) ? 0 : 1;
  return 1;
}

const dist = (a: XY | null, b: XY | null): number => (a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0);

/**
 * Calls that look inside candidate containers, the most likely first (kitchen things in the fridge,
 * cutlery in drawers…; ties keep the given order): the nearest free robot that can search drives to
 * each container and opens it, so the belief sees inside; a room is looked around in. Robots share the
 * places out; when no robot can look in one, the speaker is asked to.
 */
export function planSearch(search: { type: string; containers: string[] }, ctx: PlanningContext): PlanProposal {
  const world = new World(ctx);
  const s = world.initialState();
  const unknown = search.containers.filter((c) => !world.knows(c));
  if (unknown.length > 0) return { kind: 'impossible', reason: `cannot search ${unknown.join(', ')}: not in the belief state.` };
  const ranked = search.containers
    .map((c, i) => ({ c, i, score: likelihood(search.type, world.typeOf(c) ?? '') }))
    .sort((a, b) => a.score - b.score || a.i - b.i)
    .map((x) => x.c);
  if (ranked.length === 0) return { kind: 'impossible', reason: `no place is left to look for a ${search.type}.` };

  const able = (name: string, handsFree: boolean): string[] => {
    const skill = ctx.skills.has(name) ? ctx.skills.get(name) : null;
    return allowedRobots(world).filter((r) => {
      const p = world.robots.get(r);
      return skill !== null && p !== undefined && p.capabilities.includes(skill.capability) && (skill.family === 'both' || p.families.includes(skill.family)) && (!handsFree || (s.holding.get(r) ?? null) === null);
    });
  };
  const searchers = able('search', true);
  // A room is looked around in, not opened; any robot that can drive there may, whatever it holds.
  const roomLookers = able('look_around', false).filter((r) => world.robots.get(r)?.kind !== 'fixed_arm');
  const everyone = [...new Set([...searchers, ...roomLookers])];
  const at = new Map(everyone.map((r) => [r, s.robotAt.get(r)?.pos ?? null] as const));
  const busy = new Map<string, number>(everyone.map((r) => [r, 0]));
  const last = new Map<string, string>();
  const calls: ProposedCall[] = [];
  const notes: string[] = [];
  for (const c of ranked) {
    const target = world.pos(s, c);
    const room = world.rooms.has(c);
    const open = world.flag(s, 'open', c) === true;
    const options = (room ? roomLookers : searchers)
      .filter((r) => {
        const p = world.robots.get(r);
        return p?.kind !== 'fixed_arm' || dist(p.position, target) <= p.reach;
      })
      .map((r) => ({ r, cost: (busy.get(r) ?? 0) + dist(at.get(r) ?? null, target) }))
      .sort((a, b) => a.cost - b.cost || a.r.localeCompare(b.r));
    const pick = options[0];
    const base = c.slice(0, 50);
    if (!pick) {
      calls.push({ id: `look_in_${base}`, skill: room ? 'look_around' : 'search', args: { location: c }, assignee: { kind: 'person', id: ctx.speaker }, dependsOn: [] });
      notes.push(`no robot can look inside ${c}; ${ctx.speaker} is asked to.`);
      continue;
    }
    const robot = world.robots.get(pick.r);
    const prev = last.get(pick.r);
    let dep = prev ? [prev] : [];
    if (robot?.kind !== 'fixed_arm' && !room) {
      calls.push({ id: `go_to_${base}`, skill: 'navigate', args: { target: c }, assignee: { kind: 'robot', id: pick.r }, dependsOn: dep });
      dep = [`go_to_${base}`];
    }
    // An open container is seen into from where the robot stands; a closed one has to be opened.
    const look: ProposedCall = open || room
      ? { id: `look_at_${base}`, skill: 'look_around', args: { location: c }, assignee: { kind: 'robot', id: pick.r }, dependsOn: dep }
      : { id: `search_${base}`, skill: 'search', args: { location: c }, assignee: { kind: 'robot', id: pick.r }, dependsOn: dep };
    calls.push(look);
    last.set(pick.r, look.id);
    busy.set(pick.r, pick.cost + 2);
    at.set(pick.r, target);
  }
  return { kind: 'plan', calls, source: 'builtin', notes: [`looking for a ${search.type} in ${ranked.join(', ')}, in that order.`, ...notes] };
}

