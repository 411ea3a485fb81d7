import { PREDICATE_ARITY } from '../../domain/predicates.js';
import type { EntityState } from '../../domain/entities.js';
import type { SkillLibrary } from '../../skills/index.js';
import type { BeliefPerson, BeliefState } from '../belief.js';
import type { RobotProfile } from '../provider.js';

/**
 * Compact text views of what the model may know. One line per thing: models read lists better
 * than nested JSON, and a small prompt is cheaper and fits local models' context windows.
 */

function stateText(s: EntityState): string {
  const parts = Object.entries(s).map(([k, v]) => `${k}=${String(v)}`);
  return parts.length ? ` state(${parts.join(',')})` : '';
}

export function summariseBelief(belief: BeliefState): string {
  const lines: string[] = [];
  const rooms = belief.rooms.map((r) => r.id).join(', ');
  if (rooms) lines.push(`rooms: ${rooms}`);
  for (const e of [...belief.all()].sort((a, b) => a.id.localeCompare(b.id))) {
    const attrs = Object.entries(e.attributes).map(([k, v]) => `${k}=${String(v)}`);
    const where = e.heldBy ? ` held by ${e.heldBy}` : e.placement ? ` ${e.placement.relation} ${e.placement.target}` : '';
    const regions = e.regions.length
      ? ` regions[${e.regions.map((r) => `${r.id}${r.kind ? ':' + r.kind : ''}${r.openable ? (r.state.open ? ':open' : ':closed') : ''}`).join(' ')}]`
      : '';
    lines.push(
      `- ${e.id} (${e.type}${e.name ? ` "${e.name}"` : ''})${attrs.length ? ' ' + attrs.join(',') : ''}${stateText(e.state)}${where}${e.room ? ` room=${e.room}` : ''}${regions}`,
    );
  }
  const unknown = belief.unknowns();
  lines.push(
    unknown.length
      ? `closed containers never seen inside (objects may be hidden there): ${unknown.map((u) => `${u.id} (${u.type})`).join(', ')}`
      : 'closed containers never seen inside: none',
  );
  const unvisited = belief.unvisitedRooms();
  lines.push(`rooms no robot has been in (objects may be there): ${unvisited.length ? unvisited.map((r) => r.id).join(', ') : 'none'}`);
  return lines.join('\n');
}

export function summariseSkills(skills: SkillLibrary): string {
  return skills
    .list()
    .map((s) => {
      const params = s.parameters.map((p) => `${p.name}:${p.kind}${p.types ? `[${p.types.join('|')}]` : ''}`).join(', ');
      const pre = s.preconditions.length ? s.preconditions.join('; ') : 'none';
      const add = s.effects.add.length ? s.effects.add.join('; ') : 'none';
      const del = s.effects.del.length ? ` | removes: ${s.effects.del.join('; ')}` : '';
      return `- ${s.name}(${params}) capability=${s.capability} family=${s.family}\n  pre: ${pre}\n  adds: ${add}${del}`;
    })
    .join('\n');
}

export function summariseRobots(robots: readonly RobotProfile[], belief?: BeliefState): string {
  if (robots.length === 0 && belief) {
    return [...belief.robots.values()].map((r) => `- ${r.id} at (${r.position.x.toFixed(1)}, ${r.position.y.toFixed(1)}) room=${r.room ?? '?'} holding=${r.holding ?? 'nothing'}`).join('\n');
  }
  return robots
    .map((r) => {
      const holding = belief?.robots.get(r.id)?.holding;
      return `- ${r.id} ${r.kind} capabilities=[${r.capabilities.join(', ')}] families=[${r.families.join(', ')}] at (${r.position.x.toFixed(1)}, ${r.position.y.toFixed(1)}) room=${r.room ?? '?'} reach=${r.reach}m holding=${holding ?? 'nothing'}`;
    })
    .join('\n');
}

export function summarisePeople(people: Iterable<BeliefPerson>, speaker?: string): string {
  return [...people]
    .map((p) => `- ${p.id} "${p.name}" room=${p.room ?? '?'}${p.child ? ' (child)' : ''}${p.id === speaker ? ' (the speaker, "me")' : ''}`)
    .join('\n');
}

export function summarisePredicates(): string {
  return Object.entries(PREDICATE_ARITY)
    .map(([name, n]) => `${name}/${n}`)
    .join(', ');
}
