import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../../src/app/config.js';
import { createOrchestrator } from '../../src/app/index.js';

/**
 * The `repeat` suite: the same people give related instructions over a sequence of missions, on one
 * site, with the world put back between missions. Every sequence runs twice in the same run, with the
 * site memory on and off, so the difference is memory alone: questions per mission, robot attempts
 * and success.
 */

export const REPEAT_SUITE = 'repeat';

interface RepeatStep {
  instruction: string;
  /** The person's answer whenever orca asks which thing they mean. */
  answer: string;
}

interface RepeatSequence {
  id: string;
  speaker: string;
  /** Why the sequence is in the suite. */
  about: string;
  faults: OrchestratorConfigInput['faults'];
  steps: RepeatStep[];
}

const PERSISTENT_GRASP_MISS = { graspMiss: 1, drop: 0, wrongObject: 0, stall: 0, falseDone: 0, outOfTemplateMultiplier: 1, persistence: 1 };

export const SEQUENCES: readonly RepeatSequence[] = [
  {
    id: 'my-mug',
    speaker: 'alex',
    about: 'a possessive phrase with two candidates, answered once',
    faults: 'off',
    steps: [
      { instruction: 'bring me my mug', answer: 'the blue one' },
      { instruction: 'bring me my mug', answer: 'the blue one' },
      { instruction: 'put my mug on the dining table', answer: 'the blue one' },
    ],
  },
  {
    id: 'the-mug',
    speaker: 'alex',
    about: 'a definite phrase with two candidates, in different requests',
    faults: 'off',
    steps: [
      { instruction: 'put the mug on the dining table', answer: 'the red one' },
      { instruction: 'bring me the mug', answer: 'the red one' },
      { instruction: 'put the mug on the dining table', answer: 'the red one' },
    ],
  },
  {
    id: 'stubborn-grasp',
    speaker: 'alex',
    about: 'a grasp that fails the same way every time until a person steps in',
    faults: PERSISTENT_GRASP_MISS,
    steps: [
      { instruction: 'bring me the red mug', answer: 'the red one' },
      { instruction: 'bring me the red mug', answer: 'the red one' },
      { instruction: 'bring me the red mug', answer: 'the red one' },
    ],
  },
];

export interface RepeatMission {
  sequence: string;
  position: number;
  memory: boolean;
  seed: number;
  status: string;
  questions: number;
  /** Requests to a person besides questions (delegations, approvals). */
  personRequests: number;
  /** Robot attempts dispatched. */
  dispatches: number;
}

export interface RepeatArm {
  memory: boolean;
  missions: number;
  successRate: number;
  questionsPerMission: number;
  dispatchesPerMission: number;
  /** Questions per mission at each position in the sequences (the first mission is where memory starts empty). */
  questionsByPosition: number[];
}

export interface RepeatResults {
  wallSeconds: number;
  sequences: { id: string; about: string; missions: number }[];
  arms: RepeatArm[];
  missions: RepeatMission[];
}

/** Runs one mission to its end, answering as the sequence's person would. */
async function runOne(o: Orchestrator, speaker: string, step: RepeatStep): Promise<{ view: MissionView; personRequests: number }> {
  let view = await o.settled((await o.startMission({ instruction: step.instruction, speaker })).id);
  let personRequests = 0;
  for (let round = 0; round < 10 && view.status === 'awaiting_human'; round++) {
    const req = view.pending[0];
    if (!req) break;
    if (req.kind !== 'clarification') personRequests++;
    await o.answer(view.id, req.id, req.kind === 'clarification' ? { type: 'respond', text: step.answer } : { type: 'accept' });
    view = await o.settled(view.id);
  }
  if (view.status === 'awaiting_human') view = await o.cancel(view.id, 'the benchmark person stopped answering');
  return { view, personRequests };
}

async function runSequence(seq: RepeatSequence, memory: boolean, seed: number): Promise<RepeatMission[]> {
  const o = await createOrchestrator({ db: ':memory:', faults: seq.faults, seed, memory, persistWorld: false });
  const out: RepeatMission[] = [];
  try {
    for (const [position, step] of seq.steps.entries()) {
      if (position > 0) o.resetWorld();
      const { view, personRequests } = await runOne(o, seq.speaker, step);
      out.push({ sequence: seq.id, position, memory, seed, status: view.status, questions: view.questions.length, personRequests, dispatches: o.traces.events(view.id, { kinds: ['dispatch'] }).length });
    }
  } finally {
    await o.close();
  }
  return out;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

export function summariseRepeat(missions: readonly RepeatMission[]): RepeatArm[] {
  return [true, false].map((memory) => {
    const arm = missions.filter((m) => m.memory === memory);
    const positions = Math.max(0, ...arm.map((m) => m.position + 1));
    return {
      memory,
      missions: arm.length,
      successRate: mean(arm.map((m) => (m.status === 'succeeded' ? 1 : 0))),
      questionsPerMission: mean(arm.map((m) => m.questions)),
      dispatchesPerMission: mean(arm.map((m) => m.dispatches)),
      questionsByPosition: Array.from({ length: positions }, (_, p) => mean(arm.filter((m) => m.position === p).map((m) => m.questions))),
    };
  });
}

export async function runRepeatSuite(seeds: readonly number[], log: (s: string) => void): Promise<RepeatResults> {
  const t0 = performance.now();
  const missions: RepeatMission[] = [];
  for (const seed of seeds)
    for (const seq of SEQUENCES)
      for (const memory of [true, false]) {
        missions.push(...(await runSequence(seq, memory, seed)));
        log(`repeat ${seq.id} seed ${seed} memory ${memory ? 'on' : 'off'}: done`);
      }
  const arms = summariseRepeat(missions);
  for (const a of arms) log(`repeat memory ${a.memory ? 'on' : 'off'}: ${a.questionsPerMission.toFixed(2)} questions per mission, ${(a.successRate * 100).toFixed(0)} % succeeded`);
  return { wallSeconds: (performance.now() - t0) / 1000, sequences: SEQUENCES.map((s) => ({ id: s.id, about: s.about, missions: s.steps.length })), arms, missions };
}

/** The `repeat` section of docs/benchmarks.md. */
export function repeatMarkdown(r: RepeatResults | undefined): string[] {
  if (!r) return [];
  const L = ['## Memory: `repeat`', ''];
  L.push(`Sequences of related missions by the same person on the simulated home, the world put back between missions, each run with the site memory on and off in the same run (bench/repeat/suite.ts; ${r.wallSeconds.toFixed(1)} s): ${r.sequences.map((s) => `\`${s.id}\` (${s.about}, ${s.missions} missions)`).join('; ')}.`, '');
  L.push('| memory | missions | questions per mission | by position in the sequence | robot attempts per mission | succeeded |', '|---|---|---|---|---|---|');
  for (const a of r.arms) L.push(`| ${a.memory ? 'on' : 'off'} | ${a.missions} | ${a.questionsPerMission.toFixed(2)} | ${a.questionsByPosition.map((q) => q.toFixed(2)).join(' → ')} | ${a.dispatchesPerMission.toFixed(1)} | ${(a.successRate * 100).toFixed(0)} % |`);
  L.push('');
  return L;
}
