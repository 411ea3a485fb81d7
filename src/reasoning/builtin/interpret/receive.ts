import { typeInfo } from '../../../world/catalog.js';
import type { BeliefEntity, BeliefState } from '../../belief.js';

/** `in` for a container (or a container region), `on` for a surface; the preposition decides otherwise. */
export function relationFor(target: BeliefEntity, region: string | null, prep: string, belief: BeliefState): 'in' | 'on' {
  const r = region ? belief.region(region) : undefined;
  const kind = r?.kind ?? typeInfo(target.type)?.receptacle ?? null;
  if (kind === 'container') return 'in';
  if (kind === 'surface') return 'on';
  return prep === 'in' ? 'in' : 'on';
}

/** The receiving id: the named region, else the single region of the right kind, else the entity. */
export function receivingId(target: BeliefEntity, region: string | null): string {
  if (region) return region;
  const kind = typeInfo(target.type)?.receptacle;
  const fitting = target.regions.filter((r) => r.kind === kind || r.kind === null);
  return fitting.length === 1 && target.regions.length === 1 ? fitting[0]!.id : target.id;
}
