import type { Subgoal } from '../domain/plan.js';
import type { SubgoalStateName } from './events.js';

export const FINAL_STATES: ReadonlySet<SubgoalStateName> = new Set(['succeeded', 'failed', 'cancelled']);

/** States in which a subgoal holds its robot: no other subgoal may be dispatched to it meanwhile. */
const HOLDS_ROBOT: ReadonlySet<SubgoalStateName> = new Set([
  'awaiting_approval',
  'dispatching',
  'executing',
  'verifying',
  'stopping',
  'cancelling',
  'reflecting',
  'paused',
  'estopped',
]);

export interface ScheduleView {
  order: readonly string[];
  subgoals: Readonly<Record<string, Subgoal>>;
  states: Readonly<Record<string, SubgoalStateName>>;
  robots: Readonly<Record<string, string | null>>;
  goSent: Readonly<Record<string, boolean>>;
}

/**
 * Which pending subgoals may start now, in plan order: every dependency succeeded and, for robot
 * work, the robot is free (one subgoal per robot at a time; the rest queue). People are not queued.
 */
export function readySubgoals(v: ScheduleView): string[] {
  const busy = new Set<string>();
  for (const id of v.order) {
    const robot = v.robots[id];
    const st = v.states[id];
    if (robot && st && (HOLDS_ROBOT.has(st) || v.goSent[id])) busy.add(robot);
  }
  const ready: string[] = [];
  for (const id of v.order) {
    if (v.states[id] !== 'pending' || v.goSent[id]) continue;
    const sg = v.subgoals[id];
    if (!sg || !sg.dependsOn.every((d) => v.states[d] === 'succeeded')) continue;
    const robot = v.robots[id];
    if (robot) {
      if (busy.has(robot)) continue;
      busy.add(robot);
    }
    ready.push(id);
  }
  return ready;
}

export function allFinal(v: Pick<ScheduleView, 'order' | 'states'>): boolean {
  return v.order.every((id) => {
    const st = v.states[id];
    return st !== undefined && FINAL_STATES.has(st);
  });
}
