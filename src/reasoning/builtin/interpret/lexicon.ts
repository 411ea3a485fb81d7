import type { PredicateName } from '../../../domain/predicates.js';

/** What a clause's verb asks for. */
export type ActionKind = 'place' | 'deliver' | 'hold' | 'examine' | 'state' | 'toggle' | 'navigate' | 'discard' | 'harm';

export interface VerbSense {
  action: ActionKind;
  /** The state predicate a state-change verb achieves. */
  pred?: PredicateName;
}

/** Verb lemmas → sense. Particles ("turn on", "pick up", "throw away") are read by the clause parser. */
export const VERBS: Readonly<Record<string, VerbSense>> = {
  put: { action: 'place' }, place: { action: 'place' }, set: { action: 'place' }, move: { action: 'place' },
  carry: { action: 'place' }, drop: { action: 'place' }, store: { action: 'place' }, insert: { action: 'place' },
  transfer: { action: 'place' }, return: { action: 'place' }, leave: { action: 'place' }, load: { action: 'place' },
  restock: { action: 'place' }, stash: { action: 'place' }, stick: { action: 'place' }, lay: { action: 'place' },
  bring: { action: 'deliver' }, hand: { action: 'deliver' }, fetch: { action: 'deliver' }, give: { action: 'deliver' },
  deliver: { action: 'deliver' }, pass: { action: 'deliver' }, have: { action: 'deliver' },
  get: { action: 'hold' }, pick: { action: 'hold' }, grab: { action: 'hold' }, take: { action: 'hold' }, hold: { action: 'hold' },
  lift: { action: 'hold' }, remove: { action: 'hold' },
  examine: { action: 'examine' }, inspect: { action: 'examine' }, look: { action: 'examine' }, view: { action: 'examine' },
  read: { action: 'examine' }, study: { action: 'examine' }, check: { action: 'examine' }, observe: { action: 'examine' },
  wash: { action: 'state', pred: 'isClean' }, clean: { action: 'state', pred: 'isClean' }, rinse: { action: 'state', pred: 'isClean' },
  scrub: { action: 'state', pred: 'isClean' },
  heat: { action: 'state', pred: 'isHot' }, warm: { action: 'state', pred: 'isHot' }, microwave: { action: 'state', pred: 'isHot' },
  cook: { action: 'state', pred: 'isHot' }, boil: { action: 'state', pred: 'isHot' }, toast: { action: 'state', pred: 'isHot' },
  chill: { action: 'state', pred: 'isCold' }, cool: { action: 'state', pred: 'isCold' }, refrigerate: { action: 'state', pred: 'isCold' },
  freeze: { action: 'state', pred: 'isCold' },
  slice: { action: 'state', pred: 'isSliced' }, cut: { action: 'state', pred: 'isSliced' }, chop: { action: 'state', pred: 'isSliced' },
  dice: { action: 'state', pred: 'isSliced' },
  open: { action: 'state', pred: 'isOpen' }, close: { action: 'state', pred: 'isClosed' }, shut: { action: 'state', pred: 'isClosed' },
  fill: { action: 'state', pred: 'isFilled' },
  turn: { action: 'toggle' }, switch: { action: 'toggle' }, power: { action: 'toggle' },
  go: { action: 'navigate' }, navigate: { action: 'navigate' }, visit: { action: 'navigate' }, walk: { action: 'navigate' },
  drive: { action: 'navigate' }, come: { action: 'navigate' },
  compost: { action: 'discard' }, release: { action: 'place' }, grasp: { action: 'hold' }, park: { action: 'navigate' },
  find: { action: 'navigate' }, approach: { action: 'navigate' },
  throw: { action: 'discard' }, discard: { action: 'discard' }, recycle: { action: 'discard' }, trash: { action: 'discard' },
  hit: { action: 'harm' }, stab: { action: 'harm' }, hurt: { action: 'harm' }, attack: { action: 'harm' }, kill: { action: 'harm' },
  smash: { action: 'harm' }, break: { action: 'harm' }, burn: { action: 'harm' },
};

/** Adjectives and participles that name a state the object should end in ("a chilled apple"). */
export const STATE_WORDS: Readonly<Record<string, PredicateName>> = {
  cold: 'isCold', chilled: 'isCold', cooled: 'isCold', cool: 'isCold', refrigerated: 'isCold', frozen: 'isCold', chill: 'isCold',
  hot: 'isHot', heated: 'isHot', warm: 'isHot', warmed: 'isHot', cooked: 'isHot', microwaved: 'isHot', toasted: 'isHot', boiled: 'isHot',
  clean: 'isClean', cleaned: 'isClean', washed: 'isClean', rinsed: 'isClean', wet: 'isClean', scrubbed: 'isClean',
  sliced: 'isSliced', cut: 'isSliced', chopped: 'isSliced', diced: 'isSliced',
};

/** Nouns naming a portion of a food: the object is the food, sliced ("a slice of bread", "apple piece"). */
export const PORTION_WORDS = new Set(['slice', 'slices', 'piece', 'pieces', 'half', 'halves', 'chunk', 'chunks', 'wedge', 'wedges']);

/** Nouns that only package another noun ("a set of keys", "a pair of ..."). */
export const WRAPPER_WORDS = new Set(['set', 'pair', 'bunch', 'kind', 'type', 'bit', 'lot', 'bag', 'can', 'bottle', 'box', 'bar', 'head', 'loaf']);

/** Words naming a part of a piece of furniture ("the bottom drawer of the cabinet"). */
export const PART_WORDS = new Set(['drawer', 'compartment', 'region', 'side', 'door', 'section', 'top', 'bottom', 'back', 'front', 'middle', 'shelf']);

export const COLORS = new Set([
  'red', 'blue', 'green', 'yellow', 'white', 'black', 'grey', 'gray', 'brown', 'orange', 'pink', 'purple', 'silver', 'gold',
  'golden', 'beige', 'dark', 'light',
]);
export const SIZES: Readonly<Record<string, 'small' | 'medium' | 'large'>> = {
  small: 'small', little: 'small', tiny: 'small', medium: 'medium', large: 'large', big: 'large', huge: 'large',
};
export const MATERIALS = new Set(['ceramic', 'glass', 'wood', 'wooden', 'steel', 'metal', 'plastic', 'porcelain', 'iron', 'fabric', 'cardboard', 'granite']);

/** Words in a name that say where a thing is, not what it is ("left cabinet", "far counter", "top drawer"). */
export const PLACE_WORDS = new Set(['left', 'right', 'close', 'far', 'near', 'upper', 'lower', 'inner', 'outer', 'main', 'first', 'second', 'third', 'last', ...PART_WORDS]);
export const NUMBERS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, pair: 2, couple: 2,
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(i + 1), i + 1])),
};
export const ORDINALS: Readonly<Record<string, number>> = { first: 0, second: 1, third: 2, last: -1 };

export const DEFINITE = new Set(['the', 'this', 'that', 'these', 'those', 'my', 'your', 'our']);
export const INDEFINITE = new Set(['a', 'an', 'any', 'some', 'another', 'either']);

/** Prepositions that introduce a destination or a location. */
export const IN_PREPS = new Set(['in', 'into', 'inside', 'within']);
export const ON_PREPS = new Set(['on', 'onto', 'upon', 'atop', 'over']);
export const OTHER_PREPS = new Set(['to', 'from', 'under', 'below', 'beneath', 'near', 'beside', 'by', 'next', 'with', 'using', 'at', 'above', 'behind', 'of', 'for', 'out', 'off', 'toward', 'towards', 'underneath', 'in_front']);

export const PRONOUNS = new Set(['it', 'them', 'they', 'its', 'one', 'ones', 'both']);

/**
 * Reasoning-side synonyms: everyday names → extra types the world catalogue does not list under that
 * name (ALFRED's annotators say "towel" for HandTowel, "spoon" for Ladle, "bottle" for a soap bottle).
 * They widen a name's types; the catalogue's own types come first.
 */
export const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  towel: ['HandTowel'], 'hand towel': ['HandTowel'], 'hand towels': ['HandTowel'],
  spoon: ['Ladle'], pan: ['Pot'], pot: ['Pan'], sponge: ['DishSponge'], knife: ['ButterKnife'],
  bottle: ['SoapBottle', 'GlassBottle', 'WineBottle', 'SprayBottle'], 'water bottle': ['GlassBottle', 'SoapBottle'],
  'glass bottle': ['GlassBottle'], glass: ['GlassBottle'], soap: ['SoapBottle'],
  basket: ['GarbageCan'], 'garbage bin': ['GarbageCan'], 'trash bin': ['GarbageCan'], 'recycling bin': ['GarbageCan'],
  'tissue box': ['TissueBox'], 'key chain': ['KeyChain'], 'cd': ['CD'], 'phone': ['CellPhone'], cup: ['Mug'],
};

/** Extra types for a name, trying the plural-less form too. */
export function synonymTypes(name: string): readonly string[] {
  const key = name.toLowerCase().trim();
  return SYNONYMS[key] ?? SYNONYMS[key.replace(/(es|s)$/, '')] ?? SYNONYMS[key.replace(/s$/, '')] ?? [];
}
