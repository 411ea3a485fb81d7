import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView, Orchestrator, WorldObjectView } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';

/**
 * Whole missions on the simulated home at faults `default`, judged by ground truth (the world's
 * final state), not by orca's own report. Seeds are fixed; a run replays exactly.
 */
const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function run(instruction: string, seed: number, answer = 'either is fine'): Promise<{ o: Orchestrator; view: MissionView }> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed });
  open.push(o);
  let view = await o.settled((await o.startMission({ instruction })).id);
  for (let i = 0; view.status === 'awaiting_human' && i < 4; i++) {
    const req = view.pending[0]!;
    await o.answer(view.id, req.id, req.kind === 'clarification' ? { type: 'respond', text: answer } : { type: 'accept' });
    view = await o.settled(view.id);
  }
  return { o, view };
}

const truth = (o: Orchestrator, id: string): WorldObjectView => o.worldObjects()!.find((x) => x.id === id)!;
const restsOn = (o: Orchestrator, id: string, target: string) => {
  const l = truth(o, id).location;
  return l.relation === 'on' && (l.target === target || !!l.target?.startsWith(`${target}_`));
};
const restsIn = (o: Orchestrator, id: string, target: string) => {
  const l = truth(o, id).location;
  return l.relation === 'in' && (l.target === target || !!l.target?.startsWith(`${target}_`));
};

describe('whole missions on the simulated home (faults default)', () => {
  it('moves two objects onto the table', async () => {
    const { o, view } = await run('put the bread and the potato on the dining table', 1);
    expect(view.status).toBe('succeeded');
    expect(restsOn(o, 'bread_1', 'dining_table_1')).toBe(true);
    expect(restsOn(o, 'potato_1', 'dining_table_1')).toBe(true);
  });

  it('finds a utensil in the closed kitchen drawer and hands it over', async () => {
    const { o, view } = await run('bring me the spatula', 1);
    expect(view.status).toBe('succeeded');
    expect(truth(o, 'spatula_1').location).toEqual({ relation: 'held_by', target: 'alex' });
  });

  it('looks for a thing in the rooms no robot has been in once the closed containers are empty of it', async () => {
    const { o, view } = await run('put the watch in the cardboard box', 2);
    expect(view.status).toBe('succeeded');
    expect(restsIn(o, 'watch_1', 'box_1')).toBe(true);
    // Each search round runs its own plan; a goal id still names one attempt for the whole mission.
    const goals = o.traces.events(view.id, { kinds: ['dispatch'] }).map((e) => e.goalId);
    expect(goals.length).toBeGreaterThan(4);
    expect(new Set(goals).size).toBe(goals.length);
  });

  it('washes a dirty mug at the sink', async () => {
    const { o, view } = await run('wash the blue mug', 2);
    expect(view.status).toBe('succeeded');
    expect(truth(o, 'mug_blue').state['clean']).toBe(true);
  });

  it('heats food in the microwave and chills food in the fridge', async () => {
    const heat = await run('heat the potato in the microwave', 1);
    expect(heat.view.status).toBe('succeeded');
    expect(truth(heat.o, 'potato_1').state['temperature']).toBe('hot');
    const cool = await run('put the potato in the fridge', 1);
    expect(cool.view.status).toBe('succeeded');
    expect(restsIn(cool.o, 'potato_1', 'fridge_1')).toBe(true);
  });

  it('reads step-by-step directions with the instruction: the tomato is chilled on its way, as the steps say', async () => {
    const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 1 });
    open.push(o);
    const steps = ['Turn left and walk to the counter.', 'Pick up the tomato.', 'Open the fridge, put the tomato inside, close the door.', 'Open the fridge again and take the tomato out once it is cold.', 'Put it on the dining table.'];
    const view = await o.settled((await o.startMission({ instruction: 'Put the tomato on the dining table.', steps })).id);
    expect(view.status).toBe('succeeded');
    expect(restsOn(o, 'tomato_1', 'dining_table_1')).toBe(true);
    expect(truth(o, 'tomato_1').state['temperature']).toBe('cold');
    const [instruction] = o.traces.events(view.id, { kinds: ['instruction'] });
    expect(instruction?.data).toMatchObject({ text: 'Put the tomato on the dining table.', steps });
    const goal = o.traces.events(view.id, { kinds: ['goal'] })[0]?.data as { goal: { steps: { conjuncts: { pred: string; args: string[] }[] }[] } };
    expect(goal.goal.steps.flatMap((s) => s.conjuncts.map((p) => `${p.pred}(${p.args.join(',')})`)).sort()).toEqual(['isCold(tomato_1)', 'on(tomato_1,dining_table_1)']);
  });

  it('examines a book in the light of the floor lamp after asking which lamp', async () => {
    const { o, view } = await run('look at the book in the light of the lamp', 1, 'the floor lamp');
    expect(view.status).toBe('succeeded');
    expect(view.questions).toHaveLength(1);
    expect(truth(o, 'floor_lamp_1').state['on']).toBe(true);
  });

  it('recovers an object dropped on the way, and replays exactly given the seed', async () => {
    const instruction = 'put the bread and the potato on the dining table';
    const { o, view } = await run(instruction, 84);
    expect(view.status).toBe('succeeded');
    expect(restsOn(o, 'bread_1', 'dining_table_1')).toBe(true);
    expect(restsOn(o, 'potato_1', 'dining_table_1')).toBe(true);
    // The trace shows the drop, then the same subgoal (or its replacement) succeeding afterwards.
    const events = o.traces.events(view.id);
    const drop = events.find((e) => e.kind === 'error' && e.data['code'] === 'object_dropped');
    expect(drop).toBeDefined();
    const later = events.filter((e) => e.seq > drop!.seq);
    expect(later.some((e) => e.kind === 'reflection')).toBe(true);
    expect(later.some((e) => e.kind === 'verdict' && e.data['kind'] === 'succeeded' && /place/.test(String(e.subgoalId)))).toBe(true);
    expect(view.subgoals.some((s) => s.failureCodes.includes('object_dropped'))).toBe(true);

    const shape = (o2: Orchestrator, id: string) =>
      o2.traces
        .events(id)
        .filter((e) => ['dispatch', 'error', 'reflection', 'outcome'].includes(e.kind))
        .map((e) => `${e.kind}:${e.subgoalId ?? ''}:${String(e.data['code'] ?? e.data['type'] ?? '')}`);
    const again = await run(instruction, 84);
    expect(shape(again.o, again.view.id)).toEqual(shape(o, view.id));
  });
});
