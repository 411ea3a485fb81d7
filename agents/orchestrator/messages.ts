import { readCorrection } from '../../src/reasoning/builtin/dialogue/index.js';
import type { Goal } from '../../src/reasoning/goal.js';
import type { MessageIntent, Reasoner } from '../../src/reasoning/provider.js';
import type { FleetProvider } from './fleet.js';
import type { LiveMission } from './live.js';
import type { MissionRecord } from './mission-record.js';
import type { MissionView, Orchestrator } from './types.js';
import { TERMINAL_STATUSES } from './types.js';

export interface MessageContext {
  rec: MissionRecord;
  live: LiveMission | null;
  reasoner: Reasoner;
  text: string;
  fleets: FleetProvider;
  /** Who sent it (the e-stop journal names them). */
  from?: string;
}

/**
 * Stop, e-stop, pause and resume are recognised without any model and acted on at once; the
 * reasoner's classifier is asked only about the rest (corrections, new goals, questions, answers).
 */
const IMMEDIATE: [RegExp, MessageIntent['kind']][] = [
  [/^\s*(e-?stop|emergency( stop)?|freeze|halt now)\b/i, 'estop'],
  [/^\s*(stop|cancel|abort|never ?mind|forget it)\b[\s!.]*$/i, 'stop'],
  [/^\s*(pause|wait|hold on|hang on|hold it)\b[\s!.]*$/i, 'pause'],
  [/^\s*(resume|continue|go on|carry on|keep going|go ahead)\b[\s!.]*$/i, 'resume'],
];

export function immediateIntent(text: string): MessageIntent | null {
  for (const [re, kind] of IMMEDIATE) if (re.test(text)) return { kind } as MessageIntent;
  return null;
}

export async function handleMessage(
  orca: Orchestrator,
  ctx: MessageContext,
): Promise<{ intent: string; reply: string; mission?: MissionView }> {
  const { rec, live, text } = ctx;
  const id = rec.view.id;
  const ended = TERMINAL_STATUSES.includes(rec.status);
  const pendingQuestion = [...rec.pending.values()].find((r) => r.kind === 'clarification' || r.kind === 'question') ?? null;
  const intent =
    immediateIntent(text) ?? (await ctx.reasoner.classify(text, { missionRunning: !ended && live !== null, pendingQuestion: pendingQuestion !== null }));
  switch (intent.kind) {
    case 'estop':
      orca.estop(`chat: ${text}`, { by: ctx.from ?? rec.view.speaker });
      return { intent: intent.kind, reply: 'E-stop latched: every robot is halted. Release it to go on.' };
    case 'stop':
      if (ended) return { intent: intent.kind, reply: `This mission has already ${rec.status}.` };
      await orca.cancel(id, `stopped from chat: ${text}`);
      return { intent: intent.kind, reply: 'Stopped. The robots confirmed the stop.' };
    case 'pause':
      if (ended) return { intent: intent.kind, reply: `This mission has already ${rec.status}.` };
      await orca.pause(id);
      return { intent: intent.kind, reply: 'Paused. Say "continue" to go on.' };
    case 'resume':
      if (ended) return { intent: intent.kind, reply: `This mission has already ${rec.status}.` };
      await orca.resume(id);
      return { intent: intent.kind, reply: 'Continuing.' };
    case 'answer': {
      const req = pendingQuestion ?? [...rec.pending.values()][0];
      if (!req) return { intent: intent.kind, reply: 'There is no open question to answer.' };
      const mission = await orca.answer(id, req.id, { type: 'respond', text });
      return { intent: intent.kind, reply: 'Thanks.', mission };
    }
    case 'correction': {
      if (!live || live.finished) return { intent: intent.kind, reply: 'Nothing is running to correct.' };
      const running = live.runner.snapshot().subgoals.find((s) => s.state === 'executing' || s.state === 'dispatching' || s.state === 'verifying');
      if (!running) return { intent: intent.kind, reply: 'No step is running right now; tell me again when one is.' };
      if (intent.referent === 'motion') {
        const ok = live.runner.correct(running.id, `${running.instruction}, ${text.replace(/^\s*(no|not that)[,!.\s]*/i, '')}`);
        return { intent: intent.kind, reply: ok ? `Adjusting ${running.id}: ${text}` : 'The step finished before I could adjust it.' };
      }
      const sub = rec.view.subgoals.find((x) => x.id === running.id);
      const goal = rec.view.goal as Goal | null;
      const belief = ctx.fleets.get(rec.view.scene).perceive();
      const reading = sub && goal ? readCorrection(text, { args: sub.args }, belief) : { kind: 'unknown' as const };
      if (reading.kind === 'nudge') {
        const ok = live.runner.correct(running.id, `${running.instruction}, ${text}`);
        return { intent: intent.kind, reply: ok ? `Adjusting ${running.id}: ${text}` : 'The step finished before I could adjust it.' };
      }
      if (reading.kind === 'describe') {
        // Not one thing the robots know of: the goal is grounded again with the description, so orca
        // looks for it, or asks which one with a question card while the robots wait.
        live.pushMessage(text, 'replace', undefined, { from: reading.from, phrase: reading.phrase });
        return { intent: intent.kind, reply: `Understood: ${reading.phrase} instead.` };
      }
      if (reading.kind !== 'rebind' || !sub || !goal) {
        return { intent: intent.kind, reply: `I could not tell what "${text}" describes, so nothing changes. Name the thing you want instead (for example "the blue mug"), or say the whole request again.` };
      }
      const from = sub.args[reading.param];
      const to = reading.ids[0];
      if (!from || !to) return { intent: intent.kind, reply: 'The step I would change has no such part, so nothing changes.' };
      const rebound: Goal = { steps: goal.steps.map((st) => ({ conjuncts: st.conjuncts.map((p) => ({ ...p, args: p.args.map((a) => (a === from ? to : a)) })) })) };
      live.pushMessage(text, 'replace', rebound);
      return { intent: intent.kind, reply: `Understood: ${to} instead of ${from}.` };
    }
    case 'new_goal': {
      if (ended || !live || live.finished) {
        const mission = await orca.startMission({ instruction: intent.text, scene: rec.view.scene, speaker: rec.view.speaker, whenBusy: 'queue' });
        return { intent: intent.kind, reply: `Started a new mission ${mission.id}.`, mission };
      }
      live.pushMessage(intent.text, intent.mode);
      return { intent: intent.kind, reply: intent.mode === 'merge' ? 'Adding that to the plan.' : 'Replacing the plan with that.' };
    }
    case 'question':
      return { intent: intent.kind, reply: explain(rec.view, intent.about) };
  }
}

/** Answers questions about the mission from what it recorded, never from a model. */
export function explain(v: MissionView, about: string): string {
  const running = v.subgoals.filter((s) => s.status === 'running' || s.status === 'verifying');
  const failedCodes = v.subgoals.flatMap((s) => s.failureCodes);
  switch (about) {
    case 'doing':
      if (running.length === 0) return `Nothing is moving right now; the mission is ${v.status}${v.reason ? ` (${v.reason})` : ''}.`;
      return `Now: ${running.map((s) => `${s.robot} is on "${s.instruction || s.skill}" (attempt ${s.attempts})`).join('; ')}.`;
    case 'why_stopped':
      if (v.reason) return `The mission is ${v.status} because ${v.reason}.`;
      if (failedCodes.length > 0) return `The last problem was ${failedCodes.at(-1)!.replace(/_/g, ' ')}.`;
      return `It has not stopped; it is ${v.status}.`;
    default: {
      const done = v.subgoals.filter((s) => s.status === 'succeeded').length;
      return `Mission ${v.status}: ${done} of ${v.subgoals.length} steps done${v.reason ? `; ${v.reason}` : ''}.`;
    }
  }
}
