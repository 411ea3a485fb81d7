import type { MessageIntent } from '../../provider.js';
import { analyse } from '../nlp.js';

export type MissionStatus = 'interpreting' | 'asking' | 'planning' | 'running' | 'paused' | 'estopped' | 'succeeded' | 'failed' | 'cancelled';
export type SubgoalStatus = 'pending' | 'running' | 'done' | 'failed' | 'skipped' | 'delegated';

/** Plain facts about a mission, gathered from its trace by the caller; all the explainer needs. */
export interface MissionFacts {
  instruction: string;
  status: MissionStatus;
  subgoals: { instruction: string; robot: string | null; status: SubgoalStatus; attempts: number }[];
  lastFailure?: { code: string; message: string; subgoal?: string } | null;
  lastReflection?: { decision: string; why: string } | null;
  /** Why the mission is paused or emergency-stopped. */
  haltReason?: string | null;
  /** The clarification question waiting for an answer. */
  pendingQuestion?: string | null;
  outcome?: { success: boolean; reason: string } | null;
  /** Believed locations by everyday name ("apple" → "on the kitchen counter"). */
  locations?: { name: string; where: string }[];
}

export type QuestionIntent = Extract<MessageIntent, { kind: 'question' }>;

const lc = (s: string): string => (s.length > 0 ? s[0]!.toLowerCase() + s.slice(1) : s);
const sentence = (s: string): string => s.replace(/[.\s]+$/, '');

function progress(f: MissionFacts): string {
  const total = f.subgoals.length;
  if (total === 0) return '';
  const done = f.subgoals.filter((s) => s.status === 'done' || s.status === 'skipped' || s.status === 'delegated').length;
  return `${done} of ${total} step${total === 1 ? '' : 's'} done`;
}

function current(f: MissionFacts): MissionFacts['subgoals'][number] | undefined {
  return f.subgoals.find((s) => s.status === 'running') ?? f.subgoals.find((s) => s.status === 'pending');
}

function failureText(f: MissionFacts): string {
  const fail = f.lastFailure;
  if (!fail) return '';
  const where = fail.subgoal ? ` while trying to ${lc(sentence(fail.subgoal))}` : '';
  return `${sentence(fail.message)}${where} (${fail.code.replace(/_/g, ' ')})`;
}

function reflectionText(f: MissionFacts): string {
  const r = f.lastReflection;
  return r ? ` I decided to ${r.decision.replace(/_/g, ' ')}: ${lc(sentence(r.why))}.` : '';
}

function doing(f: MissionFacts): string {
  switch (f.status) {
    case 'interpreting': return `I'm working out what you meant by "${f.instruction}".`;
    case 'asking': return `I'm waiting for your answer${f.pendingQuestion ? `: ${f.pendingQuestion}` : ''} before I go on with "${f.instruction}".`;
    case 'planning': return `I'm planning how to ${lc(sentence(f.instruction))}.`;
    case 'paused': return `I'm paused${f.haltReason ? ` (${sentence(f.haltReason)})` : ''}. Say "continue" when you want me to go on.`;
    case 'estopped': return `I'm stopped by an emergency stop${f.haltReason ? ` (${sentence(f.haltReason)})` : ''}; nothing moves until it is released.`;
    case 'succeeded': case 'failed': case 'cancelled': return finished(f);
    case 'running': {
      const now = current(f);
      if (!now) return `I'm finishing "${f.instruction}".`;
      const who = now.robot ? `${now.robot} is` : "I'm";
      const retry = now.attempts > 1 ? ` (attempt ${now.attempts})` : '';
      const p = progress(f);
      return `${who} ${now.status === 'running' ? 'working on' : 'about to'} ${now.status === 'running' ? `"${sentence(now.instruction)}"` : lc(sentence(now.instruction))}${retry}, for "${f.instruction}"${p ? ` — ${p}` : ''}.`;
    }
  }
}

function finished(f: MissionFacts): string {
  if (f.status === 'succeeded') return `I finished "${f.instruction}"${f.outcome?.reason ? `: ${lc(sentence(f.outcome.reason))}` : ''}.`;
  if (f.status === 'cancelled') return `I stopped "${f.instruction}" because you asked me to${f.outcome?.reason ? ` (${sentence(f.outcome.reason)})` : ''}.`;
  const why = f.outcome?.reason ?? failureText(f);
  return `I could not finish "${f.instruction}"${why ? `: ${lc(sentence(why))}` : ''}.${reflectionText(f)}`;
}

function whyStopped(f: MissionFacts): string {
  switch (f.status) {
    case 'estopped': return `Someone pressed the emergency stop${f.haltReason ? `: ${lc(sentence(f.haltReason))}` : ''}. I'll stay still until it is released.`;
    case 'paused': return `I paused${f.haltReason ? ` because ${lc(sentence(f.haltReason))}` : ' because I was asked to'}. Say "continue" to go on.`;
    case 'asking': return `I stopped to ask you something${f.pendingQuestion ? `: ${f.pendingQuestion}` : ''}.`;
    case 'succeeded': case 'failed': case 'cancelled': return finished(f);
    default: {
      const fail = failureText(f);
      if (fail) return `I haven't stopped, but something went wrong: ${lc(fail)}.${reflectionText(f)}`;
      return `I haven't stopped. ${doing(f)}`;
    }
  }
}

function status(f: MissionFacts): string {
  const p = progress(f);
  const head = { interpreting: 'Reading your request', asking: 'Waiting for your answer', planning: 'Planning', running: 'Running', paused: 'Paused', estopped: 'Emergency-stopped', succeeded: 'Done', failed: 'Failed', cancelled: 'Cancelled' }[f.status];
  const failing = f.subgoals.filter((s) => s.status === 'failed').length;
  const extra = failing > 0 ? `; ${failing} step${failing === 1 ? '' : 's'} failed` : '';
  return `${head}: "${f.instruction}"${p ? ` — ${p}` : ''}${extra}.${f.status === 'running' || f.status === 'paused' ? ` ${doing(f)}` : ''}`;
}

/** The believed location whose name shares the most words with the question ("where is the red mug?"). */
function where(text: string, f: MissionFacts): string {
  const words = analyse(text).filter((t) => t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'ADJ').map((t) => t.lemma);
  const ask = words.join(' ') || 'that';
  let best: { name: string; where: string } | undefined;
  let score = 0;
  for (const loc of f.locations ?? []) {
    const nameWords = analyse(loc.name).map((t) => t.lemma);
    const s = words.filter((w) => nameWords.includes(w)).length;
    if (s > score) { best = loc; score = s; }
  }
  return best ? `I last saw the ${best.name} ${sentence(best.where)}.` : `I don't know where the ${ask} is; I haven't seen one yet.`;
}

/** Answers a question about the running mission from its facts, in a friendly sentence. */
export function explain(question: QuestionIntent, facts: MissionFacts): string {
  switch (question.about) {
    case 'doing': return doing(facts);
    case 'why_stopped': return whyStopped(facts);
    case 'status': return status(facts);
    case 'where': return where(question.text.replace(/^\s*where('s| is| are)?\s*/i, ''), facts);
    case 'other': return `I can tell you what I'm doing, why I stopped, or where things are. ${status(facts)}`;
  }
}
