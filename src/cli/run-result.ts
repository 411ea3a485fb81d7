import type { HumanRequestView, MissionView, QuestionRecord, WorldObjectView } from '../../agents/orchestrator/types.js';

export type RunStatus = 'succeeded' | 'failed' | 'cancelled' | 'needs_answer';

/** The one JSON object `orca run --json` prints. */
export interface RunResult {
  missionId: string;
  status: RunStatus;
  reason: string | null;
  instruction: string;
  scene: string;
  questions: QuestionRecord[];
  /** What is still waiting for a person (set when status is `needs_answer`). */
  pending: { id: string; kind: HumanRequestView['kind']; question: string; options: string[] }[];
  goal: unknown;
  plan: { id: string; skill: string; args: Record<string, string>; robot: string; dependsOn: string[] }[];
  subgoals: { id: string; status: string; attempts: number; failureCodes: string[] }[];
  delegations: MissionView['delegations'];
  finalWorld: WorldObjectView[] | null;
  trace: { db: string; events: number };
  timings: { wallMs: number; simSeconds: number };
}

export function exitCodeOf(status: RunStatus): number {
  return status === 'succeeded' ? 0 : status === 'needs_answer' ? 3 : 1;
}

export interface ResultInputs {
  mission: MissionView;
  status: RunStatus;
  reason: string | null;
  pending: readonly HumanRequestView[];
  finalWorld: WorldObjectView[] | null;
  trace: { db: string; events: number };
  wallMs: number;
}

export function buildRunResult(i: ResultInputs): RunResult {
  const m = i.mission;
  const questions = m.questions.map((q) => ({ question: q.question, options: [...q.options], answer: q.answer }));
  // A question still pending may not be in the mission's record yet; the result must show it was asked.
  for (const p of i.pending) {
    if ((p.kind === 'clarification' || p.kind === 'question') && !questions.some((q) => q.question === p.question && q.answer === null)) {
      questions.push({ question: p.question, options: [...p.options], answer: null });
    }
  }
  return {
    missionId: m.id,
    status: i.status,
    reason: i.reason,
    instruction: m.instruction,
    scene: m.scene,
    questions,
    pending: i.pending.map((p) => ({ id: p.id, kind: p.kind, question: p.question, options: [...p.options] })),
    goal: m.goal,
    plan: m.subgoals.map((s) => ({ id: s.id, skill: s.skill, args: { ...s.args }, robot: s.robot, dependsOn: [...s.dependsOn] })),
    subgoals: m.subgoals.map((s) => ({ id: s.id, status: s.status, attempts: s.attempts, failureCodes: [...s.failureCodes] })),
    delegations: m.delegations.map((d) => ({ ...d })),
    finalWorld: i.finalWorld,
    trace: i.trace,
    timings: { wallMs: i.wallMs, simSeconds: m.simTime },
  };
}

/** The human-readable end of a run without --json. */
export function summaryLines(r: RunResult): string[] {
  const lines = [`mission ${r.missionId}: ${r.status}${r.reason ? ` (${r.reason})` : ''}`];
  for (const s of r.subgoals) {
    const plan = r.plan.find((p) => p.id === s.id);
    const call = plan ? `${plan.skill}(${Object.values(plan.args).join(', ')}) [${plan.robot}]` : '';
    const codes = s.failureCodes.length ? ` failures: ${s.failureCodes.join(', ')}` : '';
    lines.push(`  ${s.id} ${call} ${s.status}, ${s.attempts} attempt${s.attempts === 1 ? '' : 's'}${codes}`);
  }
  for (const p of r.pending) lines.push(`  waiting: ${p.kind} — ${p.question}`);
  lines.push(`trace: orca trace ${r.missionId} --db ${r.trace.db}  (${r.trace.events} events, ${r.timings.simSeconds.toFixed(1)} sim s, ${r.timings.wallMs} ms)`);
  return lines;
}
