import { Annotation } from '@langchain/langgraph';
import type { Goal, Grounding, PendingClarification } from '../../src/reasoning/goal.js';
import type { ProposedCall } from '../../src/reasoning/provider.js';
import type { Escalation } from './live.js';
import type { HumanRequestView, HumanResponse, QuestionRecord } from './types.js';

const last = <T>(initial: () => T) => Annotation<T>({ reducer: (_a: T, b: T) => b, default: initial });

/** What the mission graph checkpoints after every node: plain JSON, so a restarted process can resume it. */
export const MissionState = Annotation.Root({
  missionId: last<string>(() => ''),
  instruction: last<string>(() => ''),
  speaker: last<string>(() => ''),
  scene: last<string>(() => ''),
  onlyRobots: last<string[] | null>(() => null),
  /** The text being interpreted: the instruction, or a new goal sent during the mission. */
  text: last<string>(() => ''),
  mode: last<'initial' | 'merge' | 'replace'>(() => 'initial'),
  /** Step-by-step directions given with the instruction; read with it, not with later messages. */
  steps: last<string[]>(() => []),
  choices: last<Record<string, string[]>>(() => ({})),
  clarification: last<PendingClarification | null>(() => null),
  askAttempts: last<number>(() => 0),
  /** A request orca could not understand and asked about once (what it did not understand, what it can do). */
  unclear: last<{ text: string; reason: string } | null>(() => null),
  questions: last<QuestionRecord[]>(() => []),
  goal: last<Goal | null>(() => null),
  /** The sentences the current goal was read from, in order, and what their phrases were grounded to. */
  goalTexts: last<string[]>(() => []),
  groundings: last<Grounding[]>(() => []),
  /** The running plan was paused while a person answers a question about a change to it. */
  heldForAnswer: last<boolean>(() => false),
  /** While looking for something not yet seen: the type and the containers still to look into. */
  search: last<{ type: string; containers: string[]; looked: string[] } | null>(() => null),
  calls: last<ProposedCall[]>(() => []),
  planVersion: last<number>(() => 0),
  planSource: last<string>(() => ''),
  /** Set when a plan is ready for the execute node to install (a first plan or a replacement). */
  planPending: last<boolean>(() => false),
  escalation: last<Escalation | null>(() => null),
  request: last<HumanRequestView | null>(() => null),
  response: last<HumanResponse | null>(() => null),
  requestSeq: last<number>(() => 0),
  outcome: last<{ status: 'succeeded' | 'failed' | 'cancelled'; reason: string | null } | null>(() => null),
  /** Times the plan ran again because a placement it achieved was undone before the end. */
  goalRechecks: last<number>(() => 0),
  next: last<string>(() => ''),
});

export type MissionStateValue = typeof MissionState.State;
export type MissionStateUpdate = typeof MissionState.Update;
