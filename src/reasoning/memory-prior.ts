import type { FailureCode } from '../domain/failures.js';

/**
 * What the site's memory tells a reasoner, as plain data: the agents read the memory store and pass
 * this in, so a reasoner never reads a store (or the world) itself. Every item names the memory entry
 * it came from, so a use of it can be put in the mission's trace.
 */

/** A phrase a person (or the site, for everyone) used before for particular things: "my mug" → mug_red. */
export interface RememberedReference {
  entryId: string;
  phrase: string;
  ids: readonly string[];
  /** How the thing was described when it was chosen ("the red one on the kitchen counter"). */
  label: string;
  /** Whose phrase it is; null for a fact about the site that holds for everyone. */
  person: string | null;
}

/** What memory says about one recovery after one kind of failure of a skill on a type of object. */
export interface RecoveryRecord {
  /** A reflection choice's kind: retry, retry_reworded, insert, replan, delegate. */
  recovery: string;
  worked: number;
  failed: number;
}

export interface RecoveryHistory {
  entryId: string;
  skill: string;
  objectType: string;
  robot: string;
  failure: FailureCode;
  recoveries: readonly RecoveryRecord[];
}

/** A robot that keeps failing a skill on a type of object: the planner prefers another that can do it. */
export interface RobotToAvoid {
  entryId: string;
  skill: string;
  objectType: string;
  robot: string;
}

const ARTICLES = new Set(['the', 'a', 'an', 'that', 'this']);

/** A phrase as memory keys it: lower case, words only, without articles ("The  mug!" → "mug"; "my mug" stays). */
export function normalisePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, 's')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !ARTICLES.has(w))
    .join(' ');
}

/**
 * The remembered reference for a phrase among candidates: the speaker's own phrase before a site-wide
 * one, and only when something it names is still a candidate (a thing no longer believed is no
 * evidence). Null when memory says nothing about it.
 */
export function recallReference(phrase: string, candidateIds: readonly string[], memory: readonly RememberedReference[] | undefined, speaker: string): RememberedReference | null {
  if (!memory || memory.length === 0) return null;
  const key = normalisePhrase(phrase);
  if (key.length === 0) return null;
  const fits = memory.filter((m) => normalisePhrase(m.phrase) === key && m.ids.some((id) => candidateIds.includes(id)) && (m.person === null || m.person === speaker));
  return fits.find((m) => m.person === speaker) ?? fits[0] ?? null;
}

/** Recoveries memory says keep failing (twice or more, never worked) and the one that worked most, for one failure. */
export function recoveryAdvice(history: RecoveryHistory | undefined): { preferred: string | null; skip: Set<string> } {
  if (!history) return { preferred: null, skip: new Set() };
  const skip = new Set(history.recoveries.filter((r) => r.worked === 0 && r.failed >= 2).map((r) => r.recovery));
  const worked = history.recoveries.filter((r) => r.worked > 0 && r.worked >= r.failed).sort((a, b) => b.worked - a.worked || a.failed - b.failed);
  return { preferred: worked[0]?.recovery ?? null, skip };
}
