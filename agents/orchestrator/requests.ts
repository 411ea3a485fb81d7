import type { HumanRequest, RecoveryDecision } from '../../src/execution/index.js';
import type { MissionStateValue } from './state.js';
import type { HumanRequestView, HumanResponse } from './types.js';

/** The one human-request shape for what the executive tier needs from a person. */
export function humanRequestView(req: HumanRequest, s: MissionStateValue, now: string): HumanRequestView {
  const base = { id: `${s.missionId}-r${s.requestSeq + 1}`, missionId: s.missionId, subgoalId: req.subgoalId, createdAt: now };
  switch (req.kind) {
    case 'approval':
      return {
        ...base,
        kind: 'approval',
        question: `May ${req.robotId ?? 'the robot'} ${req.instruction}? (${req.skill} needs approval)`,
        options: ['Approve', 'Reject'],
        allowed: ['accept', 'ignore', 'respond'],
        assignedTo: null,
      };
    case 'task':
    case 'delegation':
      return {
        ...base,
        kind: 'delegation',
        question:
          req.kind === 'delegation' && req.failure
            ? `${req.person}, the robot could not ${req.instruction} (${req.failure.message}). Could you do it, then press done?`
            : `${req.person}, please ${req.instruction}, then press done.`,
        options: ['Done', 'I could not do it'],
        allowed: ['accept', 'respond', 'ignore'],
        assignedTo: req.person,
      };
    case 'question':
      return {
        ...base,
        kind: 'question',
        question: req.question,
        options: ['Try again', 'Skip it'],
        allowed: ['accept', 'respond', 'ignore'],
        assignedTo: null,
      };
  }
}

export type HumanAction =
  | { kind: 'approve'; by?: string }
  | { kind: 'reject'; reason: string }
  | { kind: 'done'; report?: string }
  | { kind: 'failed'; message: string }
  | { kind: 'answer'; decision: RecoveryDecision };

const NEGATIVE = /^\s*(no|nope|reject|deny|don'?t|do not|stop|skip|cancel|i could not|couldn'?t|can'?t|failed|unable)\b/i;
const POSITIVE = /^\s*(yes|yep|ok|okay|sure|approve|go ahead|do it|done|finished|did it|all set|try again|retry)\b/i;

/** What a person's answer means for the request it answers. Free text is read for yes/no first. */
export function responseToAction(req: HumanRequest, r: HumanResponse): HumanAction {
  const text = r.type === 'respond' || r.type === 'edit' ? r.text : '';
  const option = text.trim().toLowerCase();
  const yes = r.type === 'accept' || POSITIVE.test(text) || option === 'approve' || option === 'done';
  const no = r.type === 'ignore' || NEGATIVE.test(text) || option === 'reject' || option === 'i could not do it' || option === 'skip it';
  switch (req.kind) {
    case 'approval':
      return yes && !no ? { kind: 'approve', ...(r.by ? { by: r.by } : {}) } : { kind: 'reject', reason: text || (r.type === 'ignore' ? (r.reason ?? 'rejected') : 'rejected') };
    case 'task':
    case 'delegation':
      if (no) return { kind: 'failed', message: text || (r.type === 'ignore' ? (r.reason ?? 'declined') : 'declined') };
      return { kind: 'done', ...(text ? { report: text } : {}) };
    case 'question':
      if (no) return { kind: 'answer', decision: { kind: 'abort', reason: text || 'the person chose to skip it' } };
      // Free text is advice for the person reading the trace, not a policy instruction: a VLA given
      // "either is fine" as its task would only fail. An explicit edit rewords the instruction.
      if (r.type === 'edit') return { kind: 'answer', decision: { kind: 'retry_reworded', instruction: text } };
      return { kind: 'answer', decision: { kind: 'retry' } };
  }
}
