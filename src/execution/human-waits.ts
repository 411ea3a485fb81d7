import type { ExecutionEvent, SubgoalStateName } from './events.js';

/** Subgoal states in which the mission waits for a person's answer (an approval, a task, a question). */
const WAITING_FOR_PEOPLE: ReadonlySet<SubgoalStateName> = new Set(['awaiting_human', 'awaiting_approval']);

/**
 * Subgoal states that need the clock to move: a robot is dispatched or working, a claim or a
 * person's report is being checked, a stop is awaited, or reflection is deciding.
 */
const NEEDS_THE_CLOCK: ReadonlySet<SubgoalStateName> = new Set(['dispatching', 'executing', 'verifying', 'stopping', 'cancelling', 'reflecting']);

/**
 * Measures, from a runner's events, the simulated time its mission spends waiting for people.
 *
 * A mission's time budget is for the work of its robots: a person who takes an hour to answer must
 * not use it up, whatever pace simulated time runs at. The meter also says whether anything in the
 * mission needs the clock, so a fleet can let simulated time stand still while its missions only
 * wait for people.
 *
 * @example
 * const meter = new HumanWaitMeter();
 * runner.subscribe((e) => meter.observe(e));
 * const spent = ticker.simTime - startedAt - meter.waitedSeconds(ticker.simTime);
 */
export class HumanWaitMeter {
  private readonly states = new Map<string, SubgoalStateName>();
  private waitingSince: number | null = null;
  private waitedBefore = 0;

  observe(e: ExecutionEvent): void {
    if (e.type === 'subgoal_state') this.states.set(e.subgoalId, e.to);
    else if (e.type === 'plan_changed' && e.kind === 'replan') this.retireAllBut(new Set(e.subgoals));
    else if (e.type === 'mission_outcome') this.states.clear();
    this.account(e.simTime);
  }

  /** A person has been asked something and has not answered yet. */
  get waitingForPeople(): boolean {
    for (const s of this.states.values()) if (WAITING_FOR_PEOPLE.has(s)) return true;
    return false;
  }

  /** Some subgoal is being worked on, checked, stopped or reflected on: simulated time must run. */
  get needsTheClock(): boolean {
    for (const s of this.states.values()) if (NEEDS_THE_CLOCK.has(s)) return true;
    return false;
  }

  /** Simulated seconds spent waiting for people up to `simTime`, an open wait included. */
  waitedSeconds(simTime: number): number {
    return this.waitedBefore + (this.waitingSince === null ? 0 : Math.max(0, simTime - this.waitingSince));
  }

  /** Subgoals a replan retired send no more reports: forget them, keeping what succeeded. */
  private retireAllBut(incoming: ReadonlySet<string>): void {
    for (const [id, state] of [...this.states]) if (!incoming.has(id) && state !== 'succeeded') this.states.delete(id);
  }

  private account(simTime: number): void {
    const waiting = this.waitingForPeople;
    if (waiting && this.waitingSince === null) this.waitingSince = simTime;
    else if (!waiting && this.waitingSince !== null) {
      this.waitedBefore += Math.max(0, simTime - this.waitingSince);
      this.waitingSince = null;
    }
  }
}
