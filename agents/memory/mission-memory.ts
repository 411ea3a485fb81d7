import type { FailureCode } from '../../src/domain/failures.js';
import type { BeliefState } from '../../src/reasoning/belief.js';
import { describeFromBelief } from '../../src/reasoning/builtin/reflect/index.js';
import type { Grounding } from '../../src/reasoning/goal.js';
import type { RecoveryHistory, RememberedReference, RobotToAvoid } from '../../src/reasoning/memory-prior.js';
import { normalisePhrase } from '../../src/reasoning/memory-prior.js';
import type { ProposedCall } from '../../src/reasoning/provider.js';
import type { TraceStore } from '../../src/traces/index.js';
import type { SiteMemory, StatsKey } from './site-memory.js';

/**
 * "Forget that" said on its own ("please forget that.", "forget what I told you"): a request to drop
 * what the mission remembered. Followed by anything else ("forget that, bring me the plate") it is a
 * change of goal, which the chat classifier reads instead; "forget it" alone means "never mind".
 */
const FORGET_THAT = /^\s*(?:please\s+|orca,?\s+)?forget\s+(?:that|this|what i (?:said|told you|answered)|my answer)(?:\s+please)?\s*[.!]*\s*$/i;

export const isForgetThat = (text: string): boolean => FORGET_THAT.test(text);

/** A recovery chosen after a failure, waiting to see whether the call then succeeds. */
interface PendingRecovery {
  key: StatsKey;
  code: FailureCode;
  recovery: string;
}

/** Words that only point: a phrase made of them alone ("it", "me", "this one") names nothing to remember. */
const POINTING = new Set(['it', 'them', 'me', 'you', 'him', 'her', 'us', 'one', 'ones', 'this', 'that', 'these', 'those', 'here', 'there']);
const hasContent = (text: string): boolean => normalisePhrase(text).split(' ').some((w) => w.length > 0 && !POINTING.has(w));

/** Calls are retried and replanned under new subgoal ids (`v2-…`); their outcome belongs to the call. */
const callOf = (subgoalId: string): string => subgoalId.replace(/^v\d+-/, '').replace(/-fix\d+-.*$/, '');

/**
 * The site memory as the mission graph uses it: every use, every thing learned, expired or dropped
 * is a `memory` event in the mission's trace, with the entry's id.
 */
export class MissionMemory {
  private readonly pending = new Map<string, PendingRecovery>();
  /** Entries each mission used, for "forget that". */
  private readonly used = new Map<string, Set<string>>();

  /** `enabled` false: nothing is read or learned (the benchmark's memory-off arm). */
  constructor(
    readonly site: SiteMemory,
    private readonly traces: TraceStore,
    readonly enabled = true,
  ) {}

  private trace(missionId: string, data: Record<string, unknown>, subgoalId?: string): void {
    const entryId = data['entryId'];
    if (typeof entryId === 'string' && data['event'] === 'used') this.used.set(missionId, new Set([...(this.used.get(missionId) ?? []), entryId]));
    this.traces.append({ missionId, actor: { kind: 'agent', id: 'memory' }, kind: 'memory', data, ...(subgoalId ? { subgoalId } : {}) });
  }

  private lastSeq(missionId: string, kind: 'answer' | 'error' | 'note', subgoalId?: string): number | null {
    return this.traces.events(missionId, { kinds: [kind], ...(subgoalId ? { subgoalId } : {}) }).at(-1)?.seq ?? null;
  }

  /** The references a mission's interpretation may use; what was dropped or expired on the way is traced. */
  references(missionId: string, site: string, speaker: string, belief: BeliefState): RememberedReference[] {
    if (!this.enabled) return [];
    const read = this.site.referencesFor(site, speaker, (id) => belief.get(id) !== undefined || belief.ownerOf(id) !== undefined);
    for (const d of read.dropped) this.trace(missionId, { event: 'dropped', entryId: d.id, reason: d.reason });
    for (const x of read.expired) this.trace(missionId, { event: 'expired', entryId: x.entry.id, phrase: x.entry.phrase, because: x.because });
    return read.prior;
  }

  /**
   * After a goal was read: a grounding that used a remembered reference is a use; one a person's
   * answer settled (its mention key was chosen in this mission) is remembered for that person.
   */
  afterGoal(missionId: string, site: string, speaker: string, groundings: readonly Grounding[], answered: Readonly<Record<string, string[]>>, prior: readonly RememberedReference[], belief: BeliefState): void {
    if (!this.enabled) return;
    for (const g of groundings) {
      const phrase = normalisePhrase(g.text);
      if (!hasContent(g.text) || g.ids.length === 0) continue;
      const memo = prior.find((m) => normalisePhrase(m.phrase) === phrase && m.ids.some((id) => g.ids.includes(id)));
      if (g.mentionKey && answered[g.mentionKey]) {
        const label = `the ${g.ids.map((id) => describeFromBelief(belief, id, true)).join(' and the ')}`;
        const r = this.site.rememberReference({ site, person: speaker, phrase: g.text, ids: [...g.ids], label, saidBy: speaker, evidence: { missionId, seq: this.lastSeq(missionId, 'answer') } });
        this.trace(missionId, { event: r.change === 'confirmed' ? 'confirmed' : 'learned', entryId: r.entry.id, phrase: g.text, ids: r.entry.ids, person: speaker, ...(r.replaced ? { replaced: r.replaced.id } : {}) });
      } else if (memo) {
        this.trace(missionId, { event: 'used', use: 'grounding', entryId: memo.entryId, phrase: g.text, ids: [...g.ids] });
      }
    }
  }

  /**
   * Groundings a person corrected while the mission ran: their own reference when the grounding was
   * their answer (the old entry expires), else a fact about the site for everyone (`person` null).
   */
  corrected(missionId: string, site: string, by: string, corrections: readonly { grounding: Grounding; person: string | null }[], belief: BeliefState): void {
    if (!this.enabled) return;
    for (const { grounding: g, person } of corrections.filter((c) => hasContent(c.grounding.text) && c.grounding.ids.length > 0)) {
      const label = `the ${g.ids.map((id) => describeFromBelief(belief, id, true)).join(' and the ')}`;
      const r = this.site.rememberReference({ site, person, phrase: g.text, ids: [...g.ids], label, saidBy: by, evidence: { missionId, seq: this.lastSeq(missionId, 'note') } });
      this.trace(missionId, { event: r.change === 'confirmed' ? 'confirmed' : 'learned', entryId: r.entry.id, phrase: g.text, ids: r.entry.ids, person, correction: true, ...(r.replaced ? { replaced: r.replaced.id } : {}) });
    }
  }

  avoidances(site: string): RobotToAvoid[] {
    return this.enabled ? this.site.avoidances(site) : [];
  }

  /** A plan drawn while memory said to avoid a robot: each call that went to another robot instead is a use. */
  afterPlan(missionId: string, calls: readonly ProposedCall[], avoid: readonly RobotToAvoid[], belief: BeliefState): void {
    for (const c of calls) {
      if (c.assignee.kind !== 'robot') continue;
      const types = Object.values(c.args).map((id) => belief.get(id)?.type);
      for (const a of avoid.filter((x) => x.skill === c.skill && types.includes(x.objectType) && x.robot !== c.assignee.id)) {
        this.trace(missionId, { event: 'used', use: 'allocation', entryId: a.entryId, callId: c.id, avoided: a.robot, chosen: c.assignee.id });
      }
    }
  }

  recoveryHistory(key: StatsKey, code: FailureCode): RecoveryHistory | undefined {
    return this.enabled ? this.site.recoveryHistory(key, code) : undefined;
  }

  /**
   * A failure was reflected on and a recovery chosen: the failure is counted, an earlier recovery of
   * the same call that led here counted as failed, and this one waits for the call's outcome.
   */
  reflected(missionId: string, subgoalId: string, key: StatsKey, code: FailureCode, recovery: string, history: RecoveryHistory | undefined): void {
    if (!this.enabled) return;
    const evidence = { missionId, seq: this.lastSeq(missionId, 'error', subgoalId) };
    const id = `${missionId}|${callOf(subgoalId)}`;
    const earlier = this.pending.get(id);
    if (earlier) this.site.recordRecovery(earlier.key, earlier.code, earlier.recovery, false, evidence);
    const stats = this.site.recordFailure(key, code, evidence);
    if (history) this.trace(missionId, { event: 'used', use: 'recovery', entryId: history.entryId, failure: code, chose: recovery, history: history.recoveries.map((r) => ({ ...r })) }, subgoalId);
    this.trace(missionId, { event: 'learned', entryId: stats.id, skill: key.skill, objectType: key.objectType, robot: key.robot, failure: code }, subgoalId);
    this.pending.set(id, { key, code, recovery });
  }

  /** A call's subgoal ended: a recovery waiting on it worked or failed. */
  subgoalEnded(missionId: string, subgoalId: string, succeeded: boolean): void {
    const id = `${missionId}|${callOf(subgoalId)}`;
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    const stats = this.site.recordRecovery(p.key, p.code, p.recovery, succeeded, { missionId, seq: this.traces.events(missionId, { subgoalId }).at(-1)?.seq ?? null });
    this.trace(missionId, { event: 'learned', entryId: stats.id, failure: p.code, recovery: p.recovery, worked: succeeded }, subgoalId);
  }

  /** "Forget that" in a mission's chat: what it learned or used is removed; a reply says what. */
  forget(missionId: string, person: string): string {
    const removed = this.site.forget(missionId, person, [...(this.used.get(missionId) ?? [])]);
    for (const e of removed) this.trace(missionId, { event: 'forgotten', entryId: e.id, phrase: e.phrase, by: person });
    if (removed.length === 0) return 'There is nothing I remember from this to forget.';
    return `I forgot ${removed.map((e) => `that "${e.phrase}" means ${e.label}`).join(' and ')}.`;
  }

  endMission(missionId: string): void {
    for (const k of [...this.pending.keys()]) if (k.startsWith(`${missionId}|`)) this.pending.delete(k);
  }
}
