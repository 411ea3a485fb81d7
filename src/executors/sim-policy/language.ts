import type { BesideRelation } from './beside-relation.js';

/**
 * The simulated policy's language front end: a matcher over the phrasings it was trained on, and a
 * looser keyword reading for everything else (which the fault model punishes, as real VLAs do).
 */
export type Relation = 'in' | 'on';

export type Intent =
  | { kind: 'goto'; target: string }
  | { kind: 'pick'; object: string }
  | { kind: 'place'; object: string; receptacle: string; relation: Relation }
  | { kind: 'open' | 'close' | 'look'; target: string }
  | { kind: 'toggle'; target: string; on: boolean }
  | { kind: 'slice'; object: string }
  | { kind: 'clean' | 'heat' | 'cool'; object: string; /** The sink (appliance) named, when one was. */ at?: string }
  | { kind: 'give'; object: string; person: string }
  | { kind: 'light'; object: string; lamp: string }
  | { kind: 'beside'; object: string; surface: string; anchors: string[]; relation: BesideRelation };

export interface ParsedInstruction {
  intents: Intent[];
  /** True when every clause matched a trained template. */
  inTemplate: boolean;
}

type Build = (s: Record<string, string>) => Intent;

const beside = (relation: BesideRelation): Build => (s) => ({ kind: 'beside', object: s.object ?? '', surface: s.surface ?? '', anchors: [s.anchor ?? s.first ?? '', ...(s.second ? [s.second] : [])], relation });

/** Placing beside things, before the plain "put … on …" phrasings that would swallow them. */
const BESIDE_TEMPLATES: readonly (readonly [string, Build])[] = (['set the {object} down on the {surface}', 'put the {object} on the {surface}'] as const).flatMap((head) => [
  [`${head} next to the {anchor}`, beside('nextTo')],
  [`${head} to the left of the {anchor}`, beside('leftOf')],
  [`${head} to the right of the {anchor}`, beside('rightOf')],
  [`${head} behind the {anchor}`, beside('behind')],
  [`${head} in front of the {anchor}`, beside('inFrontOf')],
  [`${head} between the {first} and the {second}`, beside('between')],
] as const);

const TEMPLATES: readonly (readonly [string, Build])[] = [
  ...BESIDE_TEMPLATES,
  ['go to the {target}', (s) => ({ kind: 'goto', target: s.target ?? '' })],
  ['pick up the {object}', (s) => ({ kind: 'pick', object: s.object ?? '' })],
  ['put the {object} in the {receptacle}', (s) => place(s, 'in')],
  ['put the {object} on the {receptacle}', (s) => place(s, 'on')],
  ['put the {object} to the right of the {receptacle}', (s) => ({ ...place(s, 'on'), receptacle: `right of the ${s.receptacle ?? ''}` })],
  ['put the {object} to the left of the {receptacle}', (s) => ({ ...place(s, 'on'), receptacle: `left of the ${s.receptacle ?? ''}` })],
  ['pick up the {object} and place it in the {receptacle}', (s) => place(s, 'in')],
  ['pick up the {object} and place it on the {receptacle}', (s) => place(s, 'on')],
  ['open the {target}', (s) => ({ kind: 'open', target: s.target ?? '' })],
  ['close the {target}', (s) => ({ kind: 'close', target: s.target ?? '' })],
  ['turn on the {target}', (s) => ({ kind: 'toggle', target: s.target ?? '', on: true })],
  ['turn off the {target}', (s) => ({ kind: 'toggle', target: s.target ?? '', on: false })],
  ['slice the {object}', (s) => ({ kind: 'slice', object: s.object ?? '' })],
  ['wash the {object} in the sink', (s) => ({ kind: 'clean', object: s.object ?? '' })],
  // The skill files name the appliance ("in the kitchen sink"); the policy was trained on those too.
  ['wash the {object} in the {sink}', (s) => ({ kind: 'clean', object: s.object ?? '', at: s.sink ?? '' })],
  ['heat the {object} in the {microwave}', (s) => ({ kind: 'heat', object: s.object ?? '' })],
  ['cool the {object} in the {fridge}', (s) => ({ kind: 'cool', object: s.object ?? '' })],
  ['hand the {object} to {person}', (s) => ({ kind: 'give', object: s.object ?? '', person: s.person ?? '' })],
  ['heat the {object} in the microwave', (s) => ({ kind: 'heat', object: s.object ?? '' })],
  ['chill the {object} in the fridge', (s) => ({ kind: 'cool', object: s.object ?? '' })],
  ['give the {object} to {person}', (s) => ({ kind: 'give', object: s.object ?? '', person: s.person ?? '' })],
  ['hold the {object} under the {lamp}', (s) => ({ kind: 'light', object: s.object ?? '', lamp: s.lamp ?? '' })],
  ['look at the {object} under the {lamp}', (s) => ({ kind: 'light', object: s.object ?? '', lamp: s.lamp ?? '' })],
  ['examine the {object} in the light of the {lamp}', (s) => ({ kind: 'light', object: s.object ?? '', lamp: s.lamp ?? '' })],
  ['look inside the {target}', (s) => ({ kind: 'look', target: s.target ?? '' })],
];

function place(s: Record<string, string>, relation: Relation): Intent {
  return { kind: 'place', object: s.object ?? '', receptacle: s.receptacle ?? '', relation };
}

/** Phrasings the simulated policy was trained on (skills render into these when they can). */
export const TRAINED_TEMPLATES: readonly string[] = [
  ...TEMPLATES.map(([t]) => t),
  'put the {object} in the {region}',
  'put the {object} in the {drawer} of the cabinet',
  'put the {object} on the stove',
  'turn on the stove',
  'close the {drawer} of the cabinet',
];

const COMPILED = TEMPLATES.map(([t, build]) => {
  const names: string[] = [];
  const body = t
    .split(/(\{[a-z]+\})/)
    .map((part) => {
      const m = /^\{([a-z]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\bthe /g, '(?:the |a |an )?');
      names.push(m[1] ?? '');
      return '(.+?)';
    })
    .join('');
  return { re: new RegExp(`^${body}$`), names, build };
});

export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/[.!?;]+$/g, '').replace(/[,]/g, ' ,').replace(/\s+/g, ' ').trim();
}

const VERBS =
  'put|place|pick|grab|take|get|turn|switch|open|close|shut|go|navigate|walk|head|move|slice|cut|chop|wash|clean|rinse|heat|warm|microwave|chill|cool|refrigerate|give|hand|bring|hold|look|check|inspect|search|drive';
const CLAUSE_SPLIT = new RegExp(`\\s*,?\\s*\\b(?:and then|then|and)\\s+(?=(?:${VERBS})\\b)`);

/** Parses an instruction into intents; null when the policy cannot make sense of it. */
export function parseInstruction(text: string): ParsedInstruction | null {
  const whole = normalizeText(text).replace(/ ,/g, ',');
  const single = matchTemplate(whole);
  if (single) return { intents: expandPlural(single), inTemplate: true };
  const clauses = whole
    .split(CLAUSE_SPLIT)
    .map((c) => c.replace(/^,\s*/, '').replace(/,$/, '').trim())
    .filter((c) => c.length > 0);
  if (clauses.length === 0) return null;
  const intents: Intent[] = [];
  let inTemplate = true;
  for (const clause of clauses) {
    let parsed = matchTemplate(clause);
    if (!parsed) {
      parsed = matchKeywords(clause);
      inTemplate = false;
    }
    if (!parsed) return null;
    const prev = intents[intents.length - 1];
    intents.push(...expandPlural(resolvePronoun(parsed, prev)));
  }
  return { intents, inTemplate };
}

export function matchTemplate(clause: string): Intent | null {
  for (const { re, names, build } of COMPILED) {
    const m = re.exec(clause);
    if (!m) continue;
    const slots: Record<string, string> = {};
    names.forEach((n, i) => (slots[n] = stripDeterminer(m[i + 1] ?? '')));
    // A slot that swallowed another clause ("the drawer and close it") is not a match.
    if (Object.values(slots).some((v) => v.length === 0 || CLAUSE_SPLIT.test(v))) continue;
    return build(slots);
  }
  return null;
}

function stripDeterminer(np: string): string {
  return np.replace(/^(?:the|a|an|some|my|your)\s+/, '').trim();
}

const KEYWORDS: readonly (readonly [RegExp, (rest: string, m?: RegExpExecArray) => Intent | null])[] = [
  [/\b(?:wash|clean|rinse)\b (.+)$/, (r) => ({ kind: 'clean', object: np(cutAt(r, /\b(?:in|with|at)\b/)) })],
  [/\b(?:heat|warm(?: up)?|microwave)\b (.+)$/, (r) => ({ kind: 'heat', object: np(cutAt(r, /\b(?:in|with|up)\b/)) })],
  [/\b(?:chill|cool(?: down)?|refrigerate)\b (.+)$/, (r) => ({ kind: 'cool', object: np(cutAt(r, /\b(?:in|with)\b/)) })],
  [/\b(?:slice|cut|chop)\b (?:up )?(.+)$/, (r) => ({ kind: 'slice', object: np(cutAt(r, /\b(?:with|using)\b/)) })],
  [/\b(?:give|hand)\b (.+)$/, (r) => splitTwo(r, /\b(?:to|over to)\b/, (a, b) => ({ kind: 'give', object: a, person: b }))],
  [/\b(?:open)\b (.+)$/, (r) => ({ kind: 'open', target: np(r) })],
  [/\b(?:close|shut)\b (.+)$/, (r) => ({ kind: 'close', target: np(r) })],
  [/\b(?:look at|examine|inspect|hold|view)\b (.+) (?:under|in the light of|by the light of|beneath) (.+)$/, (r, m) => ({ kind: 'light', object: np(m?.[1] ?? r), lamp: np(m?.[2] ?? '') })],
  [/\b(?:look|check|inspect|search)\b (?:inside |in |into )?(.+)$/, (r) => ({ kind: 'look', target: np(r) })],
  [/\b(?:put|place|set|move|bring|drop|stick)\b (.+)$/, (r) =>
    splitTwo(r, /\b(?:in|into|inside)\b/, (a, b) => ({ kind: 'place', object: a, receptacle: b, relation: 'in' })) ??
    splitTwo(r, /\b(?:on|onto|on top of)\b/, (a, b) => ({ kind: 'place', object: a, receptacle: b, relation: 'on' })),
  ],
  [/\b(?:pick up|pick|grab|take|get|lift|fetch)\b (?:up )?(.+)$/, (r) => ({ kind: 'pick', object: np(r.replace(/\bup\b$/, '')) })],
  [/\b(?:go|navigate|walk|head|move|drive)\b (?:over )?(?:to|towards|into) (.+)$/, (r) => ({ kind: 'goto', target: np(r) })],
];

function matchKeywords(clause: string): Intent | null {
  const onOff = /\b(?:switch|turn|power)\s+(on|off)\s+(.+)$/.exec(clause) ?? /\b(?:switch|turn|power)\s+(.+?)\s+(on|off)$/.exec(clause);
  if (onOff) {
    const on = (onOff[1] === 'on' || onOff[2] === 'on') && !(onOff[1] === 'off' || onOff[2] === 'off');
    const target = onOff[1] === 'on' || onOff[1] === 'off' ? onOff[2] : onOff[1];
    return target ? { kind: 'toggle', target: np(target), on } : null;
  }
  for (const [re, build] of KEYWORDS) {
    const m = re.exec(clause);
    if (!m) continue;
    const intent = build(m[m.length - 1] ?? '', m);
    if (intent && Object.values(intent).every((v) => typeof v !== 'string' || v.length > 0)) return intent;
  }
  return null;
}

function np(s: string): string {
  return stripDeterminer(s.replace(/\b(?:please|for me|now|carefully|quickly)\b/g, '').replace(/\s+/g, ' ').trim());
}

function cutAt(s: string, re: RegExp): string {
  const m = re.exec(s);
  return m ? s.slice(0, m.index) : s;
}

function splitTwo(s: string, re: RegExp, build: (a: string, b: string) => Intent): Intent | null {
  const m = re.exec(s);
  if (!m) return null;
  const a = np(s.slice(0, m.index));
  const b = np(s.slice(m.index + m[0].length));
  return a && b ? build(a, b) : null;
}

const SLOT_KEYS = ['object', 'target', 'receptacle', 'person', 'lamp', 'surface'] as const;

/** "it" refers to the last thing the previous clause acted on (its receptacle, else its object or target). */
function resolvePronoun(intent: Intent, prev: Intent | undefined): Intent {
  if (!prev) return intent;
  const p = prev as Record<string, unknown>;
  const referent = [p.receptacle, p.target, p.object].find((v): v is string => typeof v === 'string');
  if (!referent) return intent;
  const out: Record<string, unknown> = { ...intent };
  for (const k of SLOT_KEYS) if (out[k] === 'it' || out[k] === 'them') out[k] = referent;
  return out as Intent;
}

/** "both moka pots", "both the soup and the cheese" → one intent per object. */
function expandPlural(intent: Intent): Intent[] {
  if (intent.kind !== 'place' && intent.kind !== 'pick') return [intent];
  const m = /^both (.+)$/.exec(intent.object);
  if (!m) return [intent];
  const rest = m[1] ?? '';
  const pair = /^(.+?) and (?:the )?(.+)$/.exec(rest);
  if (pair && !/\b(?:white|yellow|red|black|blue|green)$/.test(pair[1] ?? '')) {
    return [{ ...intent, object: stripDeterminer(pair[1] ?? '') }, { ...intent, object: stripDeterminer(pair[2] ?? '') }];
  }
  const singular = stripDeterminer(rest).replace(/s$/, '');
  return [{ ...intent, object: singular }, { ...intent, object: singular }];
}
