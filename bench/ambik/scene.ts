import { typeInfo } from '../../src/world/catalog.js';
import { loadScene } from '../../src/world/scene-loader.js';
import type { Attributes } from '../../src/domain/entities.js';
import type { Scene, SceneInput } from '../../src/world/scene-schema.js';
import { isAmountNoun, nounTypes } from '../../src/reasoning/builtin/lexical/senses.js';
import { wordnet } from '../../src/reasoning/builtin/lexical/wordnet.js';
import { COLORS, PORTION_WORDS } from '../../src/reasoning/builtin/interpret/lexicon.js';

/**
 * A kitchen scene for one AmbiK record, written the way a person writes a scene file for their own
 * kitchen: the fixtures every kitchen has, and each thing of the record's environment list as an
 * entity with its everyday name, its colour, size and material when the name says them, and the
 * catalogue type whose affordances fit it.
 *
 * The type of an item, in order:
 * 1. the catalogue's own name for the longest tail of the item's words ("ceramic dinner plate" →
 *    "plate" → Plate), or a WordNet sense below a catalogue type ("beer mug" → Mug, "stockpot" → Pot);
 * 2. else a stand-in by what WordNet says the thing is (its nearest listed hypernym, `STAND_INS`), the
 *    way the SayCan scene's authors modelled cans as cups: fruit and vegetables as Apple (washed,
 *    sliced, heated, chilled), other food as Bread, drinks, oils and sauces as a bottle, seasonings as a
 *    shaker, tableware as Bowl, utensils as Spatula, appliances as a switchable fixture, furniture as
 *    Chair; anything else a Box.
 * A compound WordNet lists is never cut ("bell pepper" is a vegetable, not the pepper shaker).
 */

type Home = 'counter' | 'fridge' | 'cabinet' | 'drawer' | 'fixture';

/** WordNet hypernyms (a word of the synset) → stand-in type and where such things are kept. */
const STAND_INS: readonly [string, string, Home][] = [
  ['bottle', 'WineBottle', 'counter'], ['jar', 'WineBottle', 'cabinet'], ['can', 'Cup', 'fridge'],
  ['edible fruit', 'Apple', 'counter'], ['vegetable', 'Apple', 'counter'],
  ['beverage', 'WineBottle', 'fridge'], ['oil', 'WineBottle', 'cabinet'], ['condiment', 'WineBottle', 'cabinet'],
  ['sauce', 'WineBottle', 'cabinet'], ['sweetening', 'WineBottle', 'cabinet'], ['spread', 'WineBottle', 'cabinet'],
  ['flavorer', 'SaltShaker', 'cabinet'], ['seasoning', 'SaltShaker', 'cabinet'],
  ['dairy product', 'Bread', 'fridge'], ['meat', 'Bread', 'fridge'], ['seafood', 'Bread', 'fridge'], ['fish', 'Bread', 'fridge'],
  ['baked goods', 'Bread', 'counter'], ['food', 'Bread', 'cabinet'], ['foodstuff', 'Bread', 'cabinet'], ['solid food', 'Bread', 'cabinet'],
  ['tableware', 'Bowl', 'cabinet'], ['crockery', 'Bowl', 'cabinet'], ['vessel', 'Bowl', 'cabinet'], ['container', 'Bowl', 'cabinet'],
  ['cutlery', 'Spatula', 'drawer'], ['kitchen utensil', 'Spatula', 'drawer'], ['implement', 'Spatula', 'drawer'],
  ['home appliance', 'CoffeeMachine', 'fixture'], ['appliance', 'CoffeeMachine', 'fixture'], ['machine', 'CoffeeMachine', 'fixture'],
  ['furniture', 'Chair', 'fixture'], ['furnishing', 'Chair', 'fixture'],
];

const MATERIALS: Readonly<Record<string, string>> = {
  ceramic: 'ceramic', plastic: 'plastic', glass: 'glass', metal: 'metal', paper: 'paper', wooden: 'wood', wood: 'wood',
  stainless: 'steel', steel: 'steel', porcelain: 'porcelain', silver: 'silver', cardboard: 'cardboard',
};
const SIZES: Readonly<Record<string, 'small' | 'medium' | 'large'>> = { small: 'small', little: 'small', big: 'large', large: 'large' };

export interface ItemType {
  type: string;
  home: Home;
  /** How the type was chosen: `catalogue`, `wordnet`, `stand-in:<hypernym>` or `default`. */
  how: string;
}

/** "a bread knife" → "bread knife", "bottle of red wine" → "red wine bottle". */
export function itemName(item: string): string {
  const bare = item.trim().replace(/^(a|an|the)\s+/i, '');
  const of = /^(\w+) of (.+)$/i.exec(bare);
  return of ? `${of[2]} ${of[1]}` : bare;
}

function homeOfType(type: string): Home {
  const info = typeInfo(type);
  if (!info?.pickupable) return 'fixture';
  if (type === 'Egg') return 'fridge';
  if (info.role === 'knife' || ['Fork', 'Spoon', 'Spatula', 'Ladle'].includes(type)) return 'drawer';
  if (info.cleanable && !info.sliceable) return 'cabinet';
  return 'counter';
}

function standIn(words: string): ItemType | null {
  const wn = wordnet();
  if (!wn) return null;
  // Made things and foods only: "peach" the fruit, not the tree; "onion" the bulb, not the plant.
  for (const sense of wn.senses(words, 'n', 4).filter((s) => s.lexFile === 6 || s.lexFile === 13)) {
    for (const { synset } of wn.ancestors(sense, 10)) {
      const row = STAND_INS.find(([hyper]) => synset.words.includes(hyper));
      if (row) return { type: row[1], home: row[2], how: `stand-in:${row[0]}` };
    }
  }
  return null;
}

/** The catalogue type (or stand-in) of an environment item, from the longest tail of its words WordNet or the catalogue knows. */
export function itemType(item: string): ItemType {
  const words = itemName(item).toLowerCase().replace(/['’]s\b/g, '').split(/[\s-]+/).filter((w) => w.length > 0);
  // "cheddar cheese slices", "ice cubes": an amount or portion is of the thing its other words name.
  const last = words[words.length - 1] ?? '';
  const singular = last.replace(/s$/, '');
  if (words.length > 1 && nounTypes(last) === null && (PORTION_WORDS.has(last) || isAmountNoun(singular))) {
    const of = itemType(words.slice(0, -1).join(' '));
    if (of.how !== 'default') return of;
  }
  for (let i = 0; i < words.length; i++) {
    const tail = words.slice(i).join(' ');
    const typed = nounTypes(tail);
    // A WordNet sense that is a fixture never names a thing with a longer name ("energy bar" is no bar counter).
    const fixtureByWordNet = typed?.via === 'wordnet' && !typeInfo(typed.types[0]!)?.pickupable && i > 0;
    if (typed && !fixtureByWordNet) return { type: typed.types[0]!, home: homeOfType(typed.types[0]!), how: typed.via };
    if ((wordnet()?.senses(tail, 'n', 1).length ?? 0) > 0) return standIn(tail) ?? { type: 'Box', home: 'counter', how: 'default' };
  }
  return { type: 'Box', home: 'counter', how: 'default' };
}

function attributesOf(name: string): Attributes {
  const words = name.toLowerCase().split(/[\s-]+/);
  const color = words.find((w) => COLORS.has(w) && w !== 'dark' && w !== 'light');
  const material = words.map((w) => MATERIALS[w]).find((m) => m !== undefined);
  const size = words.map((w) => SIZES[w]).find((s) => s !== undefined);
  return { ...(color ? { color } : {}), ...(material ? { material } : {}), ...(size ? { size } : {}) };
}

const FIXTURES: NonNullable<SceneInput['entities']> = [
  { id: 'counter', type: 'CounterTop', name: 'kitchen counter', position: { x: 2.5, y: 0.5, z: 0.9 }, size: { w: 4.0, d: 0.6, h: 0.9 } },
  { id: 'kitchen_table', type: 'DiningTable', name: 'kitchen table', position: { x: 2.5, y: 3.2, z: 0.75 } },
  { id: 'fridge', type: 'Fridge', name: 'fridge', position: { x: 5.4, y: 0.5, z: 0.9 }, front: '-x' },
  { id: 'microwave', type: 'Microwave', name: 'microwave', placement: { relation: 'on', target: 'counter', offset: { x: 1.6, y: 0 } } },
  { id: 'stove', type: 'StoveBurner', name: 'stove', position: { x: 0.6, y: 0.5, z: 0.92 } },
  { id: 'faucet', type: 'Faucet', name: 'faucet', position: { x: 3.4, y: 0.3, z: 1.0 } },
  { id: 'sink', type: 'SinkBasin', name: 'sink', position: { x: 3.4, y: 0.55, z: 0.8 }, faucet: 'faucet' },
  { id: 'cabinet', type: 'Cabinet', name: 'kitchen cabinet', position: { x: 1.4, y: 0.3, z: 1.6 } },
  { id: 'drawer', type: 'Drawer', name: 'drawer', position: { x: 2.2, y: 0.4, z: 0.75 } },
  { id: 'trash_can', type: 'GarbageCan', name: 'trash can', position: { x: 5.6, y: 2.4, z: 0.4 } },
];

const HOMES: Readonly<Record<Exclude<Home, 'fixture'>, { relation: 'in' | 'on'; target: string }>> = {
  counter: { relation: 'on', target: 'counter' }, fridge: { relation: 'in', target: 'fridge' },
  cabinet: { relation: 'in', target: 'cabinet' }, drawer: { relation: 'in', target: 'drawer' },
};

function slug(text: string, taken: Set<string>): string {
  const base = `item_${text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'thing'}`;
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
  taken.add(id);
  return id;
}

/** The scene of one record: a kitchen and its environment items, validated like any scene file. */
export function kitchenScene(name: string, environment: readonly string[]): { scene: Scene; types: Record<string, ItemType> } {
  const taken = new Set(FIXTURES.map((f) => f.id));
  const types: Record<string, ItemType> = {};
  const entities: NonNullable<SceneInput['entities']> = [...FIXTURES];
  let fixtureX = 0.4;
  for (const item of [...new Set(environment.map((i) => i.trim()))]) {
    const display = itemName(item);
    const t = itemType(item);
    types[item] = t;
    const id = slug(display, taken);
    const base = { id, type: t.type, name: display, attributes: attributesOf(display) };
    if (t.home === 'fixture') {
      entities.push({ ...base, position: { x: fixtureX, y: 5.2, z: 0.9 } });
      fixtureX += 0.8;
    } else entities.push({ ...base, placement: HOMES[t.home] });
  }
  const input: SceneInput = {
    name,
    kind: 'house',
    description: 'A kitchen built from an AmbiK environment list (bench/ambik/scene.ts).',
    rooms: [{ id: 'kitchen', name: 'kitchen', rect: { x: 0, y: 0, w: 8, d: 6 } }],
    entities,
    robots: [{ id: 'robot', kind: 'mobile_manipulator', pose: { x: 2.5, y: 1.8, theta: 0 }, capabilities: ['navigate', 'manipulate', 'open', 'toggle', 'slice', 'clean', 'heat', 'cool', 'handover', 'search'] }],
    people: [{ id: 'alex', name: 'Alex', room: 'kitchen', position: { x: 4.0, y: 4.0 } }],
  };
  // Validated like an uploaded scene file: schema, types, placements.
  return { scene: loadScene(input, { name }), types };
}
