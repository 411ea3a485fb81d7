import type { EntityState } from '../domain/entities.js';
import { CATALOG_ROWS } from './catalog-data.js';
import type { TypeRole } from './catalog-data.js';

export type { TypeRole } from './catalog-data.js';

export type ReceptacleKind = 'surface' | 'container';

export interface Size3 {
  /** Along x, metres. */
  w: number;
  /** Along y, metres. */
  d: number;
  h: number;
}

export interface TypeInfo {
  name: string;
  family: 'ai2thor' | 'libero';
  pickupable: boolean;
  /** A pickupable receptacle whose contents travel with it (plate, bowl, pan, basket…). */
  movableReceptacle: boolean;
  receptacle: ReceptacleKind | null;
  openable: boolean;
  toggleable: boolean;
  sliceable: boolean;
  /** Has a clean/dirty state (washed in a sink basin). */
  cleanable: boolean;
  heatable: boolean;
  coolable: boolean;
  fillable: boolean;
  lightSource: boolean;
  /** Contents of a closed container of this type are still visible (a microwave door). */
  transparent: boolean;
  role: TypeRole | null;
  defaultSize: Size3;
  defaultState: EntityState;
  /** Everyday names people use for it, lower case. */
  aliases: readonly string[];
}

function build(): Map<string, TypeInfo> {
  const out = new Map<string, TypeInfo>();
  for (const [name, flagText, size, aliases, role] of CATALOG_ROWS) {
    const flags = new Set(flagText.split(/\s+/).filter((f) => f.length > 0));
    const has = (f: string): boolean => flags.has(f);
    const receptacle: ReceptacleKind | null = has('container') ? 'container' : has('surface') ? 'surface' : null;
    const defaultState: EntityState = {};
    if (has('open')) defaultState.open = false;
    if (has('toggle')) defaultState.on = false;
    if (has('clean') || has('wash')) defaultState.clean = !has('wash');
    if (has('heat') || has('cool')) defaultState.temperature = 'room';
    if (has('slice')) defaultState.sliced = false;
    if (has('fill')) defaultState.filled = false;
    out.set(name, {
      name,
      family: /^[a-z]/.test(name) ? 'libero' : 'ai2thor',
      pickupable: has('pick'),
      movableReceptacle: has('pick') && receptacle !== null,
      receptacle,
      openable: has('open'),
      toggleable: has('toggle'),
      sliceable: has('slice'),
      cleanable: has('clean') || has('wash'),
      heatable: has('heat'),
      coolable: has('cool'),
      fillable: has('fill'),
      lightSource: has('light'),
      transparent: has('transparent'),
      role: role ?? null,
      defaultSize: { w: size[0], d: size[1], h: size[2] },
      defaultState,
      aliases: aliases.map((a) => a.toLowerCase()),
    });
  }
  return out;
}

const CATALOG: ReadonlyMap<string, TypeInfo> = build();

export function typeInfo(name: string): TypeInfo | undefined {
  return CATALOG.get(name);
}

export function allTypes(): readonly TypeInfo[] {
  return [...CATALOG.values()];
}

export function isKnownType(name: string): boolean {
  return CATALOG.has(name);
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
}

const ALIAS_INDEX: ReadonlyMap<string, readonly string[]> = (() => {
  const index = new Map<string, string[]>();
  const add = (key: string, type: string): void => {
    const list = index.get(key) ?? [];
    if (!list.includes(type)) list.push(type);
    index.set(key, list);
  };
  for (const t of CATALOG.values()) {
    add(normalise(t.name.replace(/([a-z])([A-Z])/g, '$1 $2')), t.name);
    for (const a of t.aliases) add(normalise(a), t.name);
  }
  return index;
})();

/**
 * Types an everyday name may refer to ("night stand" → SideTable, "stove" → StoveBurner and
 * flat_stove). Case, underscores and plural "s" are ignored. Empty when nothing matches.
 */
export function typesForName(name: string): readonly string[] {
  const key = normalise(name);
  const direct = ALIAS_INDEX.get(key);
  if (direct) return direct;
  const singular = key.replace(/(ies)$/, 'y').replace(/(ches|shes|xes|ses)$/, (m) => m.slice(0, -2)).replace(/s$/, '');
  return ALIAS_INDEX.get(singular) ?? [];
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] ?? 0;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] ?? 0;
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      prev[j] = Math.min(up + 1, (prev[j - 1] ?? 0) + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length] ?? 0;
}

/** The closest known type name to a misspelt one, for error messages. */
export function suggestType(name: string): string | undefined {
  const viaAlias = typesForName(name)[0];
  if (viaAlias) return viaAlias;
  let best: string | undefined;
  let bestScore = Infinity;
  for (const t of CATALOG.keys()) {
    const score = editDistance(name.toLowerCase(), t.toLowerCase());
    if (score < bestScore) {
      bestScore = score;
      best = t;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
