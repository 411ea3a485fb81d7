import { randomUUID } from 'node:crypto';
import type { FailureCode } from '../../src/domain/failures.js';
import type { RecoveryHistory, RememberedReference, RobotToAvoid } from '../../src/reasoning/memory-prior.js';
import { normalisePhrase } from '../../src/reasoning/memory-prior.js';
import { MAX_EVIDENCE, MemoryEditSchema, MemoryEntrySchema } from './schema.js';
import type { Evidence, FailureStatsEntry, MemoryEdit, MemoryEntry, MemoryFilter, ReferenceEntry } from './schema.js';
import type { DroppedRow, MemoryRead, MemoryStore } from './store.js';

/** A robot "keeps failing" a skill on a type of object after this many failures… */
export const AVOID_MIN_FAILURES = 3;
/** …making up at least this share of the attempts orca saw. */
export const AVOID_FAILURE_RATE = 0.6;

/**
 * Failures that say something about how a robot does a skill on a type of object. A missing
 * precondition, a thing not found, a refused action or a stop are about the situation, not the robot.
 */
export const ROBOT_FAILURES: ReadonlySet<FailureCode> = new Set<FailureCode>(['grasp_failed', 'object_dropped', 'wrong_object', 'false_completion', 'stalled', 'timeout', 'executor_error']);

/** Recoveries that try the same robot again: when one works, that robot's attempt succeeded. */
const SAME_ROBOT = new Set(['retry', 'retry_reworded', 'insert']);

export interface StatsKey {
  site: string;
  skill: string;
  objectType: string;
  robot: string;
}

/** What reading the references for a mission found besides them: rows dropped, entries expired. */
export interface ReferenceRead {
  prior: RememberedReference[];
  dropped: DroppedRow[];
  expired: { entry: ReferenceEntry; because: string }[];
}

const withEvidence = (old: readonly Evidence[], add: Evidence): Evidence[] => [...old.filter((e) => e.missionId !== add.missionId || e.seq !== add.seq), add].slice(-MAX_EVIDENCE);

/**
 * The site memory's rules over a `MemoryStore`: what is remembered from answers and failures, when an
 * entry is confirmed, replaced or expired, and what the reasoners are given from it.
 */
export class SiteMemory {
  constructor(
    private readonly store: MemoryStore,
    private readonly now: () => string,
  ) {}

  list(filter: MemoryFilter = {}): MemoryRead {
    return this.store.list(filter);
  }

  get(id: string): MemoryEntry | null {
    return this.store.get(id);
  }

  remove(id: string): boolean {
    return this.store.remove(id);
  }

  /** A person's edit of a reference; null when there is no such entry. Throws on an edit the schema refuses. */
  edit(id: string, patch: MemoryEdit): MemoryEntry | null {
    const edit = MemoryEditSchema.parse(patch);
    const e = this.store.get(id);
    if (!e) return null;
    if (e.kind !== 'reference') throw new TypeError('failure statistics are what orca observed; delete the entry instead of editing it');
    const next = MemoryEntrySchema.parse({ ...e, ...edit, confirmedAt: this.now(), expired: null });
    this.store.put(next);
    return next;
  }

  /**
   * The references that apply to a speaker at a site. An entry none of whose things the robots
   * believe in any more is expired (contradicted by observation); of two entries for the same phrase
   * only the newest is kept (the older is expired as contradicted).
   */
  referencesFor(site: string, speaker: string, believed: (id: string) => boolean): ReferenceRead {
    const read = this.store.list({ site, kind: 'reference' });
    const expired: ReferenceRead['expired'] = [];
    const seen = new Set<string>();
    const prior: RememberedReference[] = [];
    for (const e of read.entries) {
      if (e.kind !== 'reference' || (e.person !== null && e.person !== speaker)) continue;
      const key = `${e.person ?? '*'}|${normalisePhrase(e.phrase)}`;
      const because = seen.has(key) ? 'a newer entry says otherwise' : e.ids.every((id) => !believed(id)) ? `the robots no longer see ${e.ids.join(', ')}` : null;
      if (because) {
        expired.push({ entry: this.expire(e, because), because });
        continue;
      }
      seen.add(key);
      prior.push({ entryId: e.id, phrase: e.phrase, ids: e.ids, label: e.label, person: e.person });
    }
    return { prior, dropped: read.dropped, expired };
  }

  /** A phrase a person's answer settled: confirmed when memory agreed, else remembered (an older, different entry expires). */
  rememberReference(input: { site: string; person: string | null; phrase: string; ids: string[]; label: string; saidBy: string; evidence: Evidence }): { entry: ReferenceEntry; change: 'created' | 'confirmed' | 'replaced'; replaced?: ReferenceEntry } {
    const key = normalisePhrase(input.phrase);
    const same = this.store.list({ site: input.site, kind: 'reference' }).entries.filter((e): e is ReferenceEntry => e.kind === 'reference' && e.person === input.person && normalisePhrase(e.phrase) === key);
    const agreeing = same.find((e) => e.ids.length === input.ids.length && e.ids.every((id) => input.ids.includes(id)));
    const now = this.now();
    if (agreeing) {
      const entry = MemoryEntrySchema.parse({ ...agreeing, confirmedAt: now, saidBy: input.saidBy, evidence: withEvidence(agreeing.evidence, input.evidence) }) as ReferenceEntry;
      this.store.put(entry);
      return { entry, change: 'confirmed' };
    }
    const replaced = same[0] ? this.expire(same[0], `${input.saidBy} chose ${input.label} instead`) : undefined;
    const entry: ReferenceEntry = { id: `mem-${randomUUID().slice(0, 8)}`, kind: 'reference', site: input.site, person: input.person, phrase: input.phrase, ids: input.ids, label: input.label, saidBy: input.saidBy, evidence: [input.evidence], createdAt: now, confirmedAt: now, expired: null };
    this.store.put(MemoryEntrySchema.parse(entry));
    return replaced ? { entry, change: 'replaced', replaced } : { entry, change: 'created' };
  }

  /** An attempt that ended in a failure orca saw. */
  recordFailure(key: StatsKey, code: FailureCode, evidence: Evidence): FailureStatsEntry {
    return this.updateStats(key, evidence, (e) => ({ ...e, attempts: e.attempts + 1, failures: { ...e.failures, [code]: (e.failures[code] ?? 0) + 1 } }));
  }

  /** How a recovery chosen after `code` ended; a recovery that worked is also an attempt that succeeded. */
  recordRecovery(key: StatsKey, code: FailureCode, recovery: string, worked: boolean, evidence: Evidence): FailureStatsEntry {
    return this.updateStats(key, evidence, (e) => {
      const byCode = e.recoveries[code] ?? {};
      const counts = byCode[recovery] ?? { worked: 0, failed: 0 };
      const next = worked ? { ...counts, worked: counts.worked + 1 } : { ...counts, failed: counts.failed + 1 };
      return { ...e, attempts: e.attempts + (worked && SAME_ROBOT.has(recovery) ? 1 : 0), recoveries: { ...e.recoveries, [code]: { ...byCode, [recovery]: next } } };
    });
  }

  recoveryHistory(key: StatsKey, code: FailureCode): RecoveryHistory | undefined {
    const e = this.stats(key);
    const byCode = e?.recoveries[code];
    if (!e || !byCode) return undefined;
    const recoveries = Object.entries(byCode).map(([recovery, c]) => ({ recovery, worked: c.worked, failed: c.failed }));
    return { entryId: e.id, skill: e.skill, objectType: e.objectType, robot: e.robot, failure: code, recoveries };
  }

  /** Robots that keep failing a skill on a type of object at a site. */
  avoidances(site: string): RobotToAvoid[] {
    return this.store
      .list({ site, kind: 'failure_stats' })
      .entries.filter((e): e is FailureStatsEntry => e.kind === 'failure_stats')
      .filter((e) => {
        const failed = Object.values(e.failures).reduce((a, b) => a + (b ?? 0), 0);
        return failed >= AVOID_MIN_FAILURES && failed / Math.max(1, e.attempts) >= AVOID_FAILURE_RATE;
      })
      .map((e) => ({ entryId: e.id, skill: e.skill, objectType: e.objectType, robot: e.robot }));
  }

  /** "Forget that": the references a mission learned or used, else the person's newest one. */
  forget(missionId: string, person: string, usedInMission: readonly string[]): ReferenceEntry[] {
    const refs = this.store.list({ kind: 'reference' }).entries.filter((e): e is ReferenceEntry => e.kind === 'reference');
    const fromMission = refs.filter((e) => usedInMission.includes(e.id) || e.evidence.some((ev) => ev.missionId === missionId));
    const targets = fromMission.length > 0 ? fromMission : refs.filter((e) => e.person === person || e.saidBy === person).slice(0, 1);
    return targets.filter((e) => this.store.remove(e.id));
  }

  private stats(key: StatsKey): FailureStatsEntry | undefined {
    return this.store
      .list({ site: key.site, kind: 'failure_stats' })
      .entries.find((e): e is FailureStatsEntry => e.kind === 'failure_stats' && e.skill === key.skill && e.objectType === key.objectType && e.robot === key.robot);
  }

  private updateStats(key: StatsKey, evidence: Evidence, change: (e: FailureStatsEntry) => FailureStatsEntry): FailureStatsEntry {
    const now = this.now();
    const old = this.stats(key) ?? { id: `mem-${randomUUID().slice(0, 8)}`, kind: 'failure_stats' as const, ...key, saidBy: 'orca', evidence: [evidence], createdAt: now, confirmedAt: now, expired: null, attempts: 0, failures: {}, recoveries: {} };
    const next = MemoryEntrySchema.parse({ ...change(old), confirmedAt: now, evidence: withEvidence(old.evidence, evidence) }) as FailureStatsEntry;
    this.store.put(next);
    return next;
  }

  private expire(e: ReferenceEntry, because: string): ReferenceEntry {
    const next = { ...e, expired: { at: this.now(), because: because.slice(0, 500) } };
    this.store.put(next);
    return next;
  }
}
