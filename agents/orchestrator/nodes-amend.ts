import type { Grounding } from '../../src/reasoning/goal.js';
import type { GraphDeps } from './deps.js';
import type { Reground } from './live.js';
import type { MissionStateUpdate, MissionStateValue } from './state.js';

type Node = (s: MissionStateValue) => Promise<MissionStateUpdate> | MissionStateUpdate;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The goal's sentences with one mention said differently ("the red apple" → "the green apple"), read
 * again as one request, and the mention's earlier clarification choice dropped. Null when no
 * sentence of the goal mentions what is being corrected.
 */
export function regroundedText(texts: readonly string[], groundings: readonly Grounding[], choices: Readonly<Record<string, string[]>>, r: Reground): { text: string; choices: Record<string, string[]> } | null {
  const mention = groundings.find((g) => g.ids.includes(r.from));
  if (!mention) return null;
  const at = texts.findIndex((t) => new RegExp(`\\b${escape(mention.text)}\\b`, 'i').test(t));
  if (at < 0) return null;
  const edited = texts.map((t, i) => (i === at ? t.replace(new RegExp(`\\b${escape(mention.text)}\\b`, 'i'), r.phrase) : t));
  const kept = Object.fromEntries(Object.entries(choices).filter(([key]) => key !== mention.mentionKey));
  return { text: edited.map((t) => t.replace(/[.!\s]+$/, '')).join(', then '), choices: kept };
}

/**
 * A message sent while the mission runs: a new goal is interpreted, merged or replacing, and handed
 * over as a replan; a rebinding replaces the goal as it is; a description of the thing wanted
 * instead grounds the goal again from its sentences, so the interpreter finds it, looks for it or
 * asks which one is meant.
 */
export function amendNode(deps: GraphDeps): Node {
  return (s) => {
    const e = s.escalation;
    if (e?.kind !== 'message') return { next: 'execute' };
    if (e.goal) {
      const from = new Map<string, string>();
      e.goal.steps.forEach((st, i) => st.conjuncts.forEach((p, j) => p.args.forEach((a, k) => {
        const before = s.goal?.steps[i]?.conjuncts[j]?.args[k];
        if (before !== undefined && before !== a) from.set(before, a);
      })));
      const groundings = s.groundings.map((g) => ({ ...g, ids: g.ids.map((id) => from.get(id) ?? id) }));
      // A corrected answer changes the person's own reference; a corrected choice orca made among
      // several without asking is a fact about the site, for everyone.
      const corrected = groundings
        .filter((g, i) => g.ids.some((id, k) => id !== s.groundings[i]?.ids[k]))
        .map((g) => ({ grounding: g, person: g.mentionKey && s.choices[g.mentionKey] ? s.speaker : null }))
        .filter((c) => c.person !== null || (c.grounding.confidence ?? 1) < 1);
      if (corrected.length > 0) deps.memory.corrected(s.missionId, s.scene, s.speaker, corrected, deps.fleet(s.scene).perceive());
      return { goal: e.goal, groundings, mode: 'replace', search: null, next: 'plan' };
    }
    if (e.reground) {
      const texts = s.goalTexts.length > 0 ? s.goalTexts : [s.text];
      const again = regroundedText(texts, s.groundings, s.choices, e.reground);
      if (!again) {
        deps.say(s.missionId, `Nothing in "${texts.join('; ')}" is what "${e.text}" replaces, so the plan stays as it is. Say the whole request with it to change it.`);
        return { next: 'execute' };
      }
      deps.trace(s.missionId, 'note', 'amend', { correction: e.text, reground: e.reground, text: again.text });
      return { text: again.text, choices: again.choices, mode: 'replace', search: null, next: 'interpret' };
    }
    return { text: e.text, mode: e.mode, search: null, next: 'interpret' };
  };
}
