import { OrchestratorError, TERMINAL_STATUSES } from '../../agents/orchestrator/types.js';
import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';

/**
 * Whether a mission keeps its scene's robots from a new one. The orchestrator refuses a start (or
 * queues it) while a mission on the scene has not ended, unless a restart interrupted it.
 */
export function holdsRobots(m: MissionView): boolean {
  return !TERMINAL_STATUSES.includes(m.status) && m.status !== 'interrupted';
}

/** What a mission is doing or waiting for, in words. */
export function describeHold(m: MissionView): string {
  const asked = m.pending[0];
  switch (m.status) {
    case 'awaiting_human':
      return asked ? `waiting for an answer to the ${asked.kind} "${asked.question}"` : 'waiting for a person';
    case 'planning':
      return m.reason?.startsWith('queued') ? m.reason : 'planning';
    case 'running':
      return 'running';
    case 'paused':
      return m.reason ? `paused (${m.reason})` : 'paused';
    case 'interrupted':
      return 'interrupted by a restart (holds no robots; resume or cancel it)';
    default:
      return m.reason ? `${m.status}: ${m.reason}` : m.status;
  }
}

/** The mission a busy refusal names, if the orchestrator still knows it. */
export function holderOf(o: Orchestrator, error: unknown): MissionView | null {
  if (!(error instanceof OrchestratorError) || error.code !== 'busy') return null;
  const id = error.detail['missionId'];
  return typeof id === 'string' ? o.getMission(id) : null;
}

/** `--db PATH` when the command was given one, so the advice can be pasted as it is. */
export function dbFlag(db: string | undefined): string {
  return db === undefined ? '' : ` --db ${/^[\w./:-]+$/.test(db) ? db : JSON.stringify(db)}`;
}

/** The refusal `orca run` prints: which mission holds the robots, what it waits for, how to release them. */
export function busyAdvice(holder: MissionView, db: string | undefined): string {
  return [
    `the robots of ${holder.scene} are held by mission ${holder.id} ("${holder.instruction}"), ${describeHold(holder)}`,
    `  release them: orca missions cancel ${holder.id}${dbFlag(db)}`,
    `  or run again with --force, which cancels the holding mission first`,
    `  unfinished missions: orca missions${dbFlag(db)}`,
  ].join('\n');
}
