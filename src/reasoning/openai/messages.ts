import type { ProposedCall, ReflectionInput } from '../provider.js';

/** The user turn of a reflection: the failed call, why, what was tried, and what is left. */

export function describeCall(c: ProposedCall): string {
  const args = Object.entries(c.args)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${c.id}: ${c.skill}(${args}) by ${c.assignee.kind} ${c.assignee.id}${c.dependsOn.length ? ` after ${c.dependsOn.join(', ')}` : ''}`;
}

export function reflectionMessage(input: ReflectionInput, goal: string): string {
  const attempts = input.attempts.length
    ? input.attempts.map((a, i) => `${i + 1}. ${a.result}${a.failureCode ? ` (${a.failureCode})` : ''} by ${a.assignee}`).join('\n')
    : 'none before this one';
  return [
    `Failed call: ${describeCall(input.call)}`,
    `Failure: ${input.failure.code}: ${input.failure.message}${input.failure.diagnosis ? ` (diagnosed: ${input.failure.diagnosis})` : ''}`,
    ...(input.hint ? [`Hint from the skill file: ${input.hint}`] : []),
    `Earlier attempts:\n${attempts}`,
    `Retry-like decisions still allowed: ${input.remainingRetries}`,
    `Calls still to run after it:\n${input.remaining.length ? input.remaining.map(describeCall).join('\n') : 'none'}`,
    `Goal:\n${goal}`,
  ].join('\n');
}
