import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { createBuiltinReasoner } from '../../src/reasoning/builtin/reasoner.js';
import type { Reasoner } from '../../src/reasoning/provider.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function orca(opts: Parameters<typeof createOrchestrator>[0] = {}, reasoner?: Reasoner): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 5, ...opts }, reasoner ? { reasoner } : {});
  open.push(o);
  return o;
}

/** Ground truth of the simulated home, for checking what orca reports; orca never reads it. */
const truthOf = (o: Orchestrator, id: string) => o.worldObjects()!.find((x) => x.id === id)!;
const lastSaid = (v: MissionView): string => v.messages.filter((m) => m.from === 'orca').at(-1)?.text ?? '';

/** Waits (on the simulated clock, which runs fast) until the mission's view satisfies `ready`. */
async function until(o: Orchestrator, id: string, ready: (v: MissionView) => boolean): Promise<MissionView> {
  for (;;) {
    const v = o.getMission(id)!;
    if (ready(v)) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Answers whatever a person is asked with `accept` until the mission ends. */
async function acceptAll(o: Orchestrator, id: string): Promise<MissionView> {
  let v = await o.settled(id);
  for (let i = 0; i < 12 && v.pending.length > 0; i++) {
    await o.answer(id, v.pending[0]!.id, { type: 'accept' });
    v = await o.settled(id);
  }
  return v;
}

describe('produce can be washed, as in AI2-THOR and ALFRED', () => {
  it('rinses a potato and puts it in the fridge, and the world agrees', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'rinse the potato and then put it in the fridge' });
    const v = await o.settled(m.id);
    expect(v.status, v.reason ?? '').toBe('succeeded');
    expect(v.subgoals.map((s) => s.skill)).toContain('clean');
    expect(truthOf(o, 'potato_1').state.clean).toBe(true);
    expect(truthOf(o, 'potato_1').location).toEqual({ relation: 'in', target: 'fridge_1' });
  });
});

describe('a mission reports the goal that is current, checked against what the robots saw', () => {
  it('names the goal a correction set, not the instruction it replaced', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
    const r = await o.sendMessage(m.id, 'no, put the red apple on the counter instead');
    expect(r.intent).toBe('new_goal');
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(v.reason).toMatch(/red apple is on the kitchen counter/);
    expect(lastSaid(v)).toMatch(/^Done: .*red apple/);
    expect(lastSaid(v)).not.toMatch(/potato/);
    expect(truthOf(o, 'apple_1').location).toEqual({ relation: 'on', target: 'counter_1' });
  });

  it('keeps what a goal added mid-mission was added to, when the added part needed a search', async () => {
    const o = await orca({ seed: 11 });
    const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
    await o.sendMessage(m.id, 'also bring me the egg');
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(v.reason).toMatch(/potato is on the kitchen counter/);
    expect(v.reason).toMatch(/Alex has the white egg/);
    expect(truthOf(o, 'potato_1').location).toEqual({ relation: 'on', target: 'counter_1' });
    expect(truthOf(o, 'egg_1').location).toEqual({ relation: 'held_by', target: 'alex' });
  });

  it('grounds a descriptive correction again and looks for the thing it describes', async () => {
    const o = await orca({ seed: 11 });
    const m = await o.startMission({ instruction: 'put the red apple on the dining table' });
    const r = await o.sendMessage(m.id, 'actually, the green one');
    expect(r.intent).toBe('correction');
    expect(r.reply).not.toMatch(/name it/);
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(v.reason).toMatch(/green apple is on the .*dining table/);
    expect(truthOf(o, 'apple_2').location).toEqual({ relation: 'on', target: 'dining_table_1' });
  });

  it('asks with a question card which one a correction means when several fit, and the robots wait for the answer', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'put the tomato in the fridge' });
    // Once the fridge is open both apples are in view.
    await until(o, m.id, (v) => v.subgoals.some((s) => s.skill === 'open' && s.status === 'succeeded'));
    await o.sendMessage(m.id, 'actually, the apple');
    const asked = await o.settled(m.id);
    expect(asked.status).toBe('awaiting_human');
    const card = asked.pending[0]!;
    expect(card.kind).toBe('clarification');
    expect(card.options.join(' | ')).toMatch(/red.*\|.*green|green.*\|.*red/);
    const dispatched = o.traces.events(m.id, { kinds: ['dispatch'] }).length;
    await until(o, m.id, (v) => v.simTime > asked.simTime + 30);
    expect(o.traces.events(m.id, { kinds: ['dispatch'] }).length).toBe(dispatched);
    await o.answer(m.id, card.id, { type: 'respond', text: 'the red one' });
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(v.reason).toMatch(/red apple is in the .*fridge/);
    expect(truthOf(o, 'apple_1').location).toEqual({ relation: 'in', target: 'fridge_1' });
    expect(truthOf(o, 'tomato_1').location).not.toEqual({ relation: 'in', target: 'fridge_1' });
  });
});

describe("a person's \"done\" never fails the mission", () => {
  // Every robot claim comes early: the rover's grasp is never confirmed, so the pick goes to the person.
  const earlyClaims = { graspMiss: 0, drop: 0, wrongObject: 0, stall: 0, falseDone: 1, outOfTemplateMultiplier: 1 };

  it('ends with success when the replan after the hand-off is empty because the goal already holds', async () => {
    const o = await orca({ faults: earlyClaims, seed: 1 });
    const m = await o.startMission({ instruction: 'could you bring me the tomato' });
    const v = await acceptAll(o, m.id);
    expect(v.status, v.reason ?? '').toBe('succeeded');
    expect(v.reason).toMatch(/Alex has the .*tomato/);
    const notes = o.traces.events(m.id, { kinds: ['reflection'] }).map((e) => String(e.data['note'] ?? ''));
    expect(notes.some((n) => /empty replan: the goal already holds/.test(n))).toBe(true);
    expect(truthOf(o, 'tomato_1').location).toEqual({ relation: 'held_by', target: 'alex' });
  });

  it('asks a person when a recovery comes back malformed, instead of failing on the schema', async () => {
    const builtin = createBuiltinReasoner();
    let malformed = 1;
    const sloppy: Reasoner = {
      ...builtin,
      name: 'sloppy',
      reflect: async (input) => (malformed-- > 0 ? { kind: 'retry_reworded', instruction: '', why: 'a reworded attempt with no words' } : builtin.reflect(input)),
    };
    const o = await orca({ faults: earlyClaims, seed: 1 }, sloppy);
    const m = await o.startMission({ instruction: 'could you bring me the tomato' });
    const first = await o.settled(m.id);
    expect(first.pending[0]?.kind).toBe('question');
    expect(first.pending[0]?.question).toMatch(/could not work out how to recover/);
    const v = await acceptAll(o, m.id);
    expect(v.reason ?? '').not.toMatch(/invalid decision/);
    expect(v.status).toBe('succeeded');
  });
});

describe('a request orca cannot understand is asked about once, never in a loop', () => {
  it('says what it did not understand and what it can do, then ends with a reason when the answer does not help', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'please juggle the oranges' });
    expect(m.status).toBe('awaiting_human');
    const card = m.pending[0]!;
    expect(card.question).toMatch(/"juggle"/);
    expect(card.question).toMatch(/pick up something/);
    expect(card.question).not.toMatch(/what would you like me to do/i);
    await o.answer(m.id, card.id, { type: 'respond', text: 'sure' });
    const v = await o.settled(m.id);
    expect(v.status).toBe('failed');
    expect(v.reason).toMatch(/did not understand "please juggle the oranges".*nor the answer "sure"/);
    expect(v.questions).toHaveLength(1);
    expect(o.traces.events(m.id, { kinds: ['dispatch'] })).toHaveLength(0);
  });

  it('goes on with an answer it understands', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'whistle a tune for me' });
    await o.answer(m.id, m.pending[0]!.id, { type: 'respond', text: 'then just put the potato in the sink' });
    const v = await o.settled(m.id);
    expect(v.status, v.reason ?? '').toBe('succeeded');
    expect(truthOf(o, 'potato_1').location.target).toMatch(/^sink_basin/);
  });
});
