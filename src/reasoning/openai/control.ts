import type { MessageIntent } from '../provider.js';

/**
 * Stop, e-stop, pause and resume are safety commands: they are read here, deterministically and
 * before any model is asked, so a slow, down or confused endpoint can never delay or miss them.
 */

type Control = Extract<MessageIntent, { kind: 'stop' | 'estop' | 'pause' | 'resume' }>;

const FILLER = '(?:\\s+(?:it|that|this|now|right now|everything|all|the mission|the task|please|robot|robots|(?:for )?a (?:moment|second|sec|minute|bit)|there))*';
const POLITE = '^(?:(?:hey|ok|okay|please|no|oh|robot|robots)[,\\s]+)*';

const RULES: { kind: Control['kind']; re: RegExp }[] = [
  // Anywhere in the message: an emergency wins over everything else said with it.
  { kind: 'estop', re: /\b(?:e-?stop|emergency(?:\s+stop)?|estop)\b/ },
  { kind: 'stop', re: new RegExp(`${POLITE}(?:stop|halt|cancel|abort|quit)${FILLER}[.!\\s]*$`) },
  { kind: 'stop', re: new RegExp(`${POLITE}stop[,!.]`) },
  { kind: 'pause', re: new RegExp(`${POLITE}(?:pause|wait|hold on|hang on|hold it|hold up|freeze|one (?:moment|second|sec))${FILLER}[.!\\s]*$`) },
  { kind: 'resume', re: new RegExp(`${POLITE}(?:resume|continue|go on|carry on|keep going|go ahead|proceed|unpause)${FILLER}[.!\\s]*$`) },
];

/** The control command this message is, or null when it is something else (for the classifier). */
export function detectControl(text: string): Control | null {
  const t = text.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
  for (const r of RULES) if (r.re.test(t)) return { kind: r.kind };
  return null;
}

export function isControl(intent: MessageIntent): intent is Control {
  return intent.kind === 'stop' || intent.kind === 'estop' || intent.kind === 'pause' || intent.kind === 'resume';
}
