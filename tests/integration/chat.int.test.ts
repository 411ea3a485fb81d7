import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function orca(): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 11 });
  open.push(o);
  return o;
}

const placementOf = (o: Orchestrator, id: string) => o.worldObjects()!.find((x) => x.id === id)!.location;

describe('language during a mission', () => {
  it('pauses, explains, resumes and takes an added goal into the running plan', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
    expect(m.status).toBe('running');

    const paused = await o.sendMessage(m.id, 'wait');
    expect(paused.intent).toBe('pause');
    expect(paused.mission.status).toBe('paused');
    const t = paused.mission.simTime;
    await new Promise((r) => setTimeout(r, 100));
    // Paused means no subgoal moves on: the view is unchanged after a while.
    expect(o.getMission(m.id)!.subgoals.filter((s) => s.status === 'succeeded').length).toBe(paused.mission.subgoals.filter((s) => s.status === 'succeeded').length);
    expect(o.getMission(m.id)!.simTime).toBeGreaterThanOrEqual(t);

    const why = await o.sendMessage(m.id, 'why did you stop?');
    expect(why.intent).toBe('question');
    expect(why.reply).toMatch(/paused/);

    const resumed = await o.sendMessage(m.id, 'continue');
    expect(resumed.intent).toBe('resume');

    const more = await o.sendMessage(m.id, 'also put the tomato on the kitchen counter');
    expect(more.intent).toBe('new_goal');
    const done = await o.settled(m.id);
    expect(done.status).toBe('succeeded');
    expect(done.planVersion).toBeGreaterThan(1);
    expect(placementOf(o, 'potato_1').relation).toBe('on');
    expect(placementOf(o, 'tomato_1').relation).toBe('on');
    expect(placementOf(o, 'tomato_1').target).toBe(placementOf(o, 'potato_1').target);
  });

  it('stops at once on "stop", with a confirmed stop, and never asks a model about it', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
    const r = await o.sendMessage(m.id, 'stop!');
    expect(r.intent).toBe('stop');
    const v = await o.settled(m.id);
    expect(v.status).toBe('cancelled');
    const kinds = o.traces.events(m.id).map((e) => e.kind);
    expect(kinds).toContain('cancel');
  });

  it('answers a pending question typed into the chat', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'bring me the mug' });
    const r = await o.sendMessage(m.id, 'the red one');
    expect(r.intent).toBe('answer');
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(placementOf(o, 'mug_red')).toEqual({ relation: 'held_by', target: 'alex' });
  });

  it('takes a correction of the running subgoal ("no, the other mug") and finishes with the other one', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'bring me the red mug' });
    expect(m.status).toBe('running');
    const r = await o.sendMessage(m.id, 'no, the other mug');
    expect(r.intent).toBe('correction');
    expect(r.reply).toMatch(/mug_blue/);
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(placementOf(o, 'mug_blue')).toEqual({ relation: 'held_by', target: 'alex' });
    expect(placementOf(o, 'mug_red').relation).not.toBe('held_by');
  });

  it('latches every robot on e-stop, refuses to move on until released, then resumes to success', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'put the potato on the kitchen counter' });
    expect(m.status).toBe('running');
    o.estop('test');
    expect(o.estopLatched).toBe(true);
    expect(o.robots().every((r) => r.estopped)).toBe(true);
    expect(o.getMission(m.id)!.status).toBe('paused');
    await expect(o.resume(m.id)).rejects.toMatchObject({ code: 'estopped' });
    await expect(o.startMission({ instruction: 'bring me the mug' })).rejects.toMatchObject({ code: 'estopped' });
    o.releaseEstop();
    expect(o.robots().some((r) => r.estopped)).toBe(false);
    await o.resume(m.id);
    const v = await o.settled(m.id);
    expect(v.status).toBe('succeeded');
    expect(o.traces.events(m.id, { kinds: ['estop'] }).length).toBeGreaterThan(0);
  });
});
