import type { TraceEvent } from '../traces/index.js';
import { brief, statusColor } from './ansi.js';
import type { Style } from './ansi.js';

type Data = TraceEvent['data'];

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface TimelineOptions {
  style: Style;
  /** Also steps, state transitions and progress samples. */
  all?: boolean;
}

/** Events hidden by default: they are many and say little a reviewer needs. */
function isNoise(e: TraceEvent): boolean {
  if (e.kind === 'step' || e.kind === 'transition') return true;
  return e.kind === 'verdict' && e.data['kind'] === 'progress';
}

/**
 * A readable timeline of one mission: one line (or a few) per notable event, then a per-subgoal
 * account of its attempts. Known payloads (the lead's agent events and the execution events) are
 * rendered by kind; anything else falls back to its kind and compact JSON.
 */
export function renderTimeline(events: readonly TraceEvent[], opts: TimelineOptions): string[] {
  const s = opts.style;
  const first = events[0];
  if (!first) return ['(no events)'];
  const lines = [s.bold(`mission ${first.missionId}`) + s.dim(` — ${events.length} events, ${first.wallTime} … ${events[events.length - 1]?.wallTime ?? ''}`)];
  for (const e of events) {
    if (!opts.all && isNoise(e)) continue;
    const when = s.dim(e.simTime === null ? `[${e.wallTime.slice(11, 19)}]` : `[${e.simTime.toFixed(1).padStart(7)}s]`);
    const who = e.subgoalId ? `${s.bold(e.subgoalId)} ` : '';
    const [head, ...more] = describe(e, s);
    lines.push(`${when} ${s.dim(e.kind.padEnd(13))} ${who}${head ?? ''}`);
    for (const m of more) lines.push(`${' '.repeat(25)}${m}`);
  }
  lines.push('', ...subgoalSummary(events, s));
  return lines;
}

function describe(e: TraceEvent, s: Style): string[] {
  const d = e.data;
  const type = str(d['type']);
  switch (e.kind) {
    case 'instruction':
      return [`${str(d['speaker']) ?? 'someone'}: "${str(d['text']) ?? brief(d)}"`, ...arr(d['steps']).map((step, i) => s.dim(`  ${i + 1}. ${String(step)}`))];
    case 'question':
      if (type === 'human_request') return [`${str(d['kind']) ?? 'request'}${d['person'] ? ` to ${String(d['person'])}` : ''}: ${str(d['text']) ?? ''}`];
      return [`${s.yellow('?')} ${str(d['question']) ?? brief(d)}${arr(d['options']).length ? s.dim(` [${arr(d['options']).map(String).join(' | ')}]`) : ''}`];
    case 'answer':
      if (type === 'human_response') return [`${statusColor(s, str(d['kind']) ?? 'answered')}${d['detail'] ? `: ${String(d['detail'])}` : ''}`];
      return [`${s.green('→')} ${responseText(d['response'])}`];
    case 'goal':
      return [brief(d['goal'] ?? d, 200)];
    case 'plan':
      return planLines(d, s);
    case 'validation':
      return d['ok'] === true ? [s.green('plan valid')] : [s.red('plan invalid'), ...arr(d['issues']).map((i) => `- ${brief(i)}`)];
    case 'allocation':
      return [brief(d['assignments'] ?? d)];
    case 'dispatch':
      return [`attempt ${num(d['attempt']) ?? '?'} → ${str(d['robotId']) ?? '?'}: "${str(d['instruction']) ?? ''}"${e.goalId ? s.dim(` (${e.goalId})`) : ''}`];
    case 'verdict': {
      const kind = str(d['kind']) ?? 'verdict';
      const score = num(d['score']);
      const code = str(d['code']);
      const head = `${statusColor(s, kind)}${code && code !== kind ? ` (likely ${code})` : ''}${score !== undefined ? s.dim(` score ${score.toFixed(2)}`) : ''}`;
      return d['evidence'] === undefined || d['evidence'] === null ? [head] : [head, s.dim(`evidence: ${evidenceText(d['evidence'])}`)];
    }
    case 'error':
      return [`${s.red(str(d['code']) ?? 'error')}: ${str(d['message']) ?? brief(d)}${d['diagnosis'] ? ` (likely ${String(d['diagnosis'])})` : ''}`];
    case 'reflection':
      return reflectionLines(d, s);
    case 'delegation':
      if (type === 'human_request') return [`${str(d['kind']) ?? 'task'} for ${str(d['person']) ?? 'a person'}: ${str(d['text']) ?? ''}`];
      return [brief(d)];
    case 'correction':
      return [`"${str(d['instruction']) ?? str(d['text']) ?? brief(d)}"`];
    case 'estop':
      return [s.red(`E-STOP${d['reason'] ? `: ${String(d['reason'])}` : ''}`)];
    case 'outcome': {
      const status = str(d['status']) ?? str(d['outcome']) ?? 'unknown';
      return [`${s.bold(statusColor(s, status))}${d['reason'] ? ` — ${String(d['reason'])}` : ''}`];
    }
    case 'estop_release':
      return [s.green('e-stop released')];
    case 'pause':
    case 'resume':
    case 'cancel':
      return [str(d['reason']) ?? ''];
    case 'note':
      return [str(d['text']) ?? brief(d)];
    case 'transition':
      if (type === 'subgoal_state' || type === 'mission_state') return [`${String(d['from'] ?? '∅')} → ${statusColor(s, String(d['to']))}`];
      return [brief(d)];
    default: {
      const { type: _type, ...rest } = d;
      return [Object.keys(rest).length ? brief(rest) : ''];
    }
  }
}

/**
 * The verifier's reasons, not its observation stamps: for each criterion that did not hold (or, when
 * all did, each one) its predicate and why; other evidence as compact JSON without the observations.
 */
function evidenceText(evidence: unknown): string {
  const e = obj(evidence);
  if (!e) return brief(evidence, 200);
  const criteria = arr(e['criteria']).map((c) => obj(c) ?? {});
  const open = criteria.filter((c) => c['truth'] !== 'true');
  const shown = (open.length > 0 ? open : criteria).map((c) => `${String(c['predicate'] ?? '?')}: ${str(c['reason']) ?? String(c['truth'] ?? '')}`);
  const note = str(e['note']);
  if (shown.length > 0 || note) return brief([...shown, ...(note ? [note] : [])].join('; '), 240);
  const { observations: _observations, ...rest } = e;
  return brief(rest, 200);
}

function responseText(r: unknown): string {
  const o = obj(r);
  if (!o) return brief(r ?? '(no response)');
  const t = str(o['type']);
  if (t === 'respond' || t === 'edit') return `"${str(o['text']) ?? ''}"`;
  if (t === 'ignore') return `ignored${o['reason'] ? `: ${String(o['reason'])}` : ''}`;
  return t ?? brief(o);
}

function planLines(d: Data, s: Style): string[] {
  const type = str(d['type']);
  if (type === 'mission_started') return [`started plan ${str(d['planId']) ?? ''}: ${arr(d['subgoals']).map(String).join(', ')}`];
  if (type === 'plan_changed') return [`${str(d['kind']) ?? 'change'} by ${str(d['bySubgoal']) ?? '?'}: ${arr(d['subgoals']).map(String).join(', ')}`];
  const calls = arr(d['calls']);
  if (!calls.length) return [brief(d)];
  const head = `${s.bold(`plan v${num(d['version']) ?? '?'}`)}${d['source'] ? s.dim(` (${String(d['source'])})`) : ''}`;
  return [
    head,
    ...calls.map((c) => {
      const call = obj(c) ?? {};
      const args = Object.values(obj(call['args']) ?? {}).map(String).join(', ');
      const after = arr(call['dependsOn']).length ? s.dim(` after ${arr(call['dependsOn']).map(String).join(', ')}`) : '';
      const assignee = obj(call['assignee']);
      const who = assignee ? `${assignee['kind'] === 'person' ? 'person:' : ''}${String(assignee['id'] ?? '?')}` : String(call['assignee'] ?? call['robot'] ?? '?');
      return `${String(call['id'] ?? '?')} [${who}] ${String(call['skill'] ?? '?')}(${args})${after}`;
    }),
  ];
}

function reflectionLines(d: Data, s: Style): string[] {
  const type = str(d['type']);
  if (type === 'reflection_requested') return [`reflecting on ${s.red(str(d['code']) ?? '?')} (attempt ${num(d['attempt']) ?? '?'}, ${num(d['remainingRetries']) ?? '?'} retries left)`];
  if (type === 'recovery_decided') {
    const dec = obj(d['decision']) ?? {};
    const detail = str(dec['instruction']) ?? str(dec['person']) ?? str(dec['question']) ?? str(dec['reason']);
    return [`decision: ${s.magenta(str(dec['kind']) ?? '?')}${detail ? ` — ${detail}` : ''}${d['note'] ? s.dim(` (${String(d['note'])})`) : ''}`];
  }
  const failure = obj(d['failure']);
  const choice = obj(d['choice']);
  if (choice) {
    const cause = failure ? str(failure['code']) ?? brief(failure) : 'failure';
    return [`${s.red(cause)} → ${s.magenta(str(choice['kind']) ?? '?')}${choice['why'] ? `: ${String(choice['why'])}` : ''}`];
  }
  return [brief(d)];
}

interface Attempt {
  n: number;
  robot: string;
  goalId: string | undefined;
  verdicts: string[];
}

/** Per subgoal: each attempt (dispatch) with the verdicts and failures of its goal, then the final state. */
function subgoalSummary(events: readonly TraceEvent[], s: Style): string[] {
  const bySubgoal = new Map<string, { attempts: Attempt[]; final: string | null }>();
  const get = (id: string) => bySubgoal.get(id) ?? bySubgoal.set(id, { attempts: [], final: null }).get(id)!;
  for (const e of events) {
    if (!e.subgoalId) continue;
    const sg = get(e.subgoalId);
    const d = e.data;
    if (e.kind === 'dispatch') sg.attempts.push({ n: num(d['attempt']) ?? sg.attempts.length + 1, robot: str(d['robotId']) ?? '?', goalId: e.goalId, verdicts: [] });
    // A task handed to a person is an attempt too: by them, judged by their report.
    if (e.kind === 'delegation' && d['type'] === 'human_request') sg.attempts.push({ n: sg.attempts.length + 1, robot: `person:${str(d['person']) ?? '?'}`, goalId: undefined, verdicts: [] });
    const current = sg.attempts.find((a) => e.goalId !== undefined && a.goalId === e.goalId) ?? sg.attempts[sg.attempts.length - 1];
    if (e.kind === 'verdict' && d['kind'] !== 'progress') current?.verdicts.push(`${statusColor(s, String(d['kind']))}${d['code'] ? ` (${String(d['code'])})` : ''}`);
    if (e.kind === 'error') current?.verdicts.push(s.red(`failure ${String(d['code'])}`));
    if (e.kind === 'answer' && d['type'] === 'human_response') current?.verdicts.push(`reported ${statusColor(s, String(d['kind']))}`);
    if (e.kind === 'transition' && d['type'] === 'subgoal_state') sg.final = String(d['to']);
  }
  if (bySubgoal.size === 0) return [];
  const out = [s.bold('subgoals')];
  for (const [id, sg] of bySubgoal) {
    out.push(`  ${s.bold(id)} ${sg.final ? statusColor(s, sg.final) : s.dim('(no final state)')}, ${sg.attempts.length} attempt${sg.attempts.length === 1 ? '' : 's'}`);
    for (const a of sg.attempts) out.push(`    #${a.n} ${a.robot}: ${a.verdicts.length ? a.verdicts.join(', ') : s.dim('no verdict')}`);
  }
  return out;
}
