import type { Scene } from '../world/index.js';

/**
 * Noun phrases for instruction templates, built from what a scene file declares about each entity
 * (type, colour, name) — the words a person would use, not live ground truth. When several entities
 * would share a phrase, the entity id is appended so a policy that accepts ids can tell them apart.
 */
export function sceneDescriber(scene: Scene): (id: string) => string {
  const phrases = new Map<string, string>();
  for (const e of scene.entities) {
    phrases.set(e.id, e.name ?? entityPhrase(e.type, e.attributes?.color));
    for (const r of e.regions ?? []) phrases.set(r.id, regionPhrase(r.id));
  }
  const counts = new Map<string, number>();
  for (const p of phrases.values()) counts.set(p, (counts.get(p) ?? 0) + 1);
  for (const person of scene.people ?? []) phrases.set(person.id, person.name ?? person.id);
  for (const room of scene.rooms ?? []) phrases.set(room.id, words(room.id).join(' '));
  return (id) => {
    const p = phrases.get(id);
    if (p === undefined) return words(id).join(' ');
    return (counts.get(p) ?? 0) > 1 ? `${p} ${id}` : p;
  };
}

function entityPhrase(type: string, color: string | undefined): string {
  const typeWords = words(type);
  // "yellow and white" on a white_yellow_mug says nothing the type does not: no stray "and" is left.
  const colours = color ? words(color).filter((w) => w !== 'and' && !typeWords.includes(w)) : [];
  const colorWords = colours.length > 1 ? [...colours.slice(0, -1), 'and', colours[colours.length - 1]!] : colours;
  return [...colorWords, ...typeWords].join(' ');
}

function regionPhrase(id: string): string {
  return words(id).join(' ');
}

function words(s: string): string[] {
  return s
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}
