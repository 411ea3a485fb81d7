import type { MissionView, OrchestratorEvent, SubgoalView } from '../../agents/orchestrator/types.js';
import type { TraceEvent } from '../traces/index.js';
import { statusColor } from './ansi.js';
import type { Style } from './ansi.js';

export interface ProgressOptions {
  /** Also dispatches, verdicts, every status change, validation and the runner's own bookkeeping. */
  verbose?: boolean;
}

/** Subgoal statuses worth a line by default: where a step ended up, not every state it passed through. */
const SETTLED = new Set<SubgoalView['status']>(['succeeded', 'failed']);
const ENDED = new Set<SubgoalView['status']>(['succeeded', 'failed', 'cancelled']);

/** Below this length a text is too generic to decide that two lines say the same thing. */
const MIN_SAME_TEXT = 12;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
const obj = (v: unknown): Record<string, unknown> | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/**
 * Live progress of `orca run` on a terminal: one line per meaningful change (the plan, where each
 * step ended up, questions, reflections, the outcome), each said once; `verbose` adds the rest.
 * Mission, message and e-stop events come through `lines`, the mission's trace through `traceLines`.
 */
export class ProgressRenderer {
  private planVersion = -1;
  private readonly statuses = new Map<string, string>();
  /** Texts already on the terminal, so a question or outcome said twice is printed once. */
  private readonly said: string[] = [];
  private readonly verbose: boolean;

  constructor(private readonly s: Style, opts: ProgressOptions = {}) {
    this.verbose = opts.verbose === true;
  }

  /** True when `text` (a question, an outcome) is already on the terminal. */
  hasSaid(text: string): boolean {
    return this.said.some((t) => t.includes(text));
  }

  lines(e: OrchestratorEvent): string[] {
    switch (e.type) {
      case 'mission':
        return this.mission(e.mission);
      case 'message':
        return e.from === 'orca' ? this.once(e.text, `${this.s.cyan('orca')}: ${e.text}`) : [];
      case 'estop':
        return [this.s.red(e.latched ? `E-STOP latched${e.reason ? `: ${e.reason}` : ''}` : 'e-stop released')];
      default:
        return [];
    }
  }

  traceLines(e: TraceEvent): string[] {
    const d = e.data;
    const type = str(d['type']);
    const where = e.subgoalId ? ` ${e.subgoalId}` : '';
    switch (e.kind) {
      case 'reflection': {
        const choice = obj(d['choice']);
        if (choice) return [`  ${this.s.yellow('reflection')}${where}: ${reflectionSentence(d, choice)}`];
        return this.verbose ? [this.s.dim(`  reflection${where}: ${type ?? ''} ${str(d['code']) ?? ''}`.trimEnd())] : [];
      }
      case 'outcome': {
        const status = str(d['status']);
        if (!status) return this.verbose ? [this.s.dim(`  outcome: ${str(d['outcome']) ?? ''}`)] : [];
        const reason = str(d['reason']);
        // Always said: it is the one line with the mission's status; orca's own wording of it is then left out.
        this.said.push(reason ?? status);
        return [`${this.s.bold(statusColor(this.s, status))}${reason ? `: ${reason}` : ''}`];
      }
      case 'estop':
        return [];
      case 'error':
        if (type === 'failure' && !this.verbose) return [];
        return [`  ${this.s.red(str(d['code']) ?? 'error')}${where}: ${str(d['message']) ?? ''}`];
      default:
        return this.verbose ? this.verboseTrace(e) : [];
    }
  }

  private verboseTrace(e: TraceEvent): string[] {
    const d = e.data;
    const where = e.subgoalId ? ` ${e.subgoalId}` : '';
    if (e.kind === 'dispatch') return [this.s.dim(`  dispatch${where}: ${str(d['robotId']) ?? '?'} attempt ${String(d['attempt'] ?? '?')}: ${str(d['instruction']) ?? ''}`)];
    if (e.kind === 'verdict' && d['kind'] !== 'progress') return [this.s.dim(`  verdict${where}: ${String(d['kind'])}${str(d['code']) ? ` (${String(d['code'])})` : ''}`)];
    if (e.kind === 'validation') return [this.s.dim(`  validation: ${d['ok'] === true ? 'plan valid' : 'plan invalid'}`)];
    if (e.kind === 'delegation' || e.kind === 'correction') return [this.s.dim(`  ${e.kind}${where}: ${str(d['text']) ?? str(d['instruction']) ?? ''}`)];
    if (e.kind === 'plan' && str(d['type']) === 'plan_changed') return [this.s.dim(`  plan ${str(d['kind']) ?? 'changed'}: ${Array.isArray(d['subgoals']) ? d['subgoals'].join(', ') : ''}`)];
    return [];
  }

  private mission(m: MissionView): string[] {
    const out: string[] = [];
    if (m.planVersion !== this.planVersion && m.subgoals.length > 0) {
      this.planVersion = m.planVersion;
      out.push(...this.planLines(m));
    }
    for (const sg of m.subgoals) {
      if (this.statuses.get(sg.id) === sg.status) continue;
      const first = !this.statuses.has(sg.id);
      this.statuses.set(sg.id, sg.status);
      if (first && sg.status === 'pending') continue;
      if (!this.verbose && !SETTLED.has(sg.status)) continue;
      out.push(this.subgoalLine(sg));
    }
    return out;
  }

  private planLines(m: MissionView): string[] {
    const head = this.s.bold(`plan v${m.planVersion}`);
    if (this.verbose) {
      return [
        `${head}:`,
        ...m.subgoals.map((sg) => `  ${sg.id} [${sg.robot}] ${call(sg)}${sg.dependsOn.length ? this.s.dim(` after ${sg.dependsOn.join(', ')}`) : ''}`),
      ];
    }
    // Steps an earlier plan already ended stay in the list; the line says what is left to do.
    const todo = m.subgoals.filter((sg) => !ENDED.has(sg.status));
    if (todo.length === 0) return [];
    const steps = todo.map(call).join(' → ');
    const robots = [...new Set(todo.map((sg) => sg.robot))].join(', ');
    return this.once(steps, `${head} (${todo.length} step${todo.length === 1 ? '' : 's'}, ${robots}): ${steps}`);
  }

  private subgoalLine(sg: SubgoalView): string {
    const attempt = sg.attempts > 1 ? this.s.dim(` (attempt ${sg.attempts})`) : '';
    if (this.verbose) return `${this.s.bold(sg.id)} ${statusColor(this.s, sg.status)}${attempt} — ${sg.instruction}`;
    const mark = sg.status === 'succeeded' ? this.s.green('✓') : this.s.red('✗');
    const why = sg.status === 'failed' && sg.failureCodes.length ? ` — ${sg.failureCodes.at(-1)}` : '';
    return `  ${mark} ${sg.instruction}${attempt}${why}`;
  }

  /** The line, unless what it says (`key`) is already on the terminal, or already said more fully. */
  private once(key: string, line: string): string[] {
    const same = (a: string, b: string) => a.length >= MIN_SAME_TEXT && b.includes(a);
    if (this.said.some((t) => same(key, t) || same(t, key))) return [];
    this.said.push(key);
    return [line];
  }
}

function call(sg: SubgoalView): string {
  return `${sg.skill}(${Object.values(sg.args).join(', ')})`;
}

/** "stalled (no progress towards the success criteria) → retry: a fresh attempt often succeeds…" */
function reflectionSentence(d: Record<string, unknown>, choice: Record<string, unknown>): string {
  const failure = obj(d['failure']);
  const code = str(failure?.['code']) ?? str(d['code']) ?? 'failure';
  const message = str(failure?.['message']);
  const cause = message && !message.includes(code) ? `${code} (${message})` : message ?? code;
  const kind = str(choice['kind']) ?? '?';
  const detail = str(choice['instruction']) ?? str(choice['person']) ?? str(choice['question']);
  return `${cause} → ${kind}${detail ? `: ${detail}` : ''}`;
}
