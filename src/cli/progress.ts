import type { MissionView, OrchestratorEvent } from '../../agents/orchestrator/types.js';
import { statusColor } from './ansi.js';
import type { Style } from './ansi.js';

/** Trace kinds worth a live line; steps, transitions and progress samples would drown the rest. */
const LIVE_TRACE_KINDS = new Set(['dispatch', 'verdict', 'reflection', 'delegation', 'correction', 'estop', 'error', 'outcome', 'validation']);

/**
 * Live progress of `orca run` on a terminal: the plan when it (re)appears, each subgoal's status
 * changes and the trace's notable events. Returns the lines for one event (often none).
 */
export class ProgressRenderer {
  private planVersion = -1;
  private readonly statuses = new Map<string, string>();

  constructor(private readonly s: Style) {}

  lines(e: OrchestratorEvent): string[] {
    switch (e.type) {
      case 'mission':
        return this.mission(e.mission);
      case 'trace':
        if (!LIVE_TRACE_KINDS.has(e.kind) || (e.kind === 'verdict' && /\bprogress\b/.test(e.summary))) return [];
        return [`  ${this.s.dim(`${e.kind}`)}${e.subgoalId ? ` ${e.subgoalId}` : ''}: ${e.summary}`];
      case 'message':
        return e.from === 'orca' ? [`${this.s.cyan('orca')}: ${e.text}`] : [];
      case 'estop':
        return [this.s.red(e.latched ? `E-STOP latched${e.reason ? `: ${e.reason}` : ''}` : 'e-stop released')];
      default:
        return [];
    }
  }

  private mission(m: MissionView): string[] {
    const out: string[] = [];
    if (m.planVersion !== this.planVersion && m.subgoals.length > 0) {
      this.planVersion = m.planVersion;
      out.push(this.s.bold(`plan v${m.planVersion}:`));
      for (const sg of m.subgoals) {
        const after = sg.dependsOn.length ? this.s.dim(` after ${sg.dependsOn.join(', ')}`) : '';
        out.push(`  ${sg.id} [${sg.robot}] ${sg.skill}(${Object.values(sg.args).join(', ')})${after}`);
      }
    }
    for (const sg of m.subgoals) {
      if (this.statuses.get(sg.id) === sg.status) continue;
      const first = !this.statuses.has(sg.id);
      this.statuses.set(sg.id, sg.status);
      if (first && sg.status === 'pending') continue;
      const attempt = sg.attempts > 1 ? this.s.dim(` (attempt ${sg.attempts})`) : '';
      out.push(`${this.s.bold(sg.id)} ${statusColor(this.s, sg.status)}${attempt} — ${sg.instruction}`);
    }
    return out;
  }
}
