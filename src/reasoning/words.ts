import { typeInfo } from '../world/catalog.js';

/** "apple" → "an apple", "mug" → "a mug"; a leading vowel letter is the rule ("an hour" is rare in a household). */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/i.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A catalogue type as people say it: its first everyday name, else its name in words ("WineBottle" → "wine bottle"). */
export function typeNoun(type: string): string {
  return typeInfo(type)?.aliases[0] ?? (type.replace(/_/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() || 'thing');
}

/** "apple" → "Apple": the first letter of a sentence. */
export const capitalised = (s: string): string => (s.length > 0 ? s[0]!.toUpperCase() + s.slice(1) : s);
