import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteMemoryStore } from '../../agents/memory/index.js';
import type { FailureStatsEntry } from '../../agents/memory/index.js';
import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';

const open: Orchestrator[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function orca(opts: Parameters<typeof createOrchestrator>[0] = {}): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'off', noise: 'off', seed: 7, persistWorld: false, ...opts });
  open.push(o);
  return o;
}

const holder = (o: Orchestrator, id: string) => o.worldObjects()!.find((x) => x.id === id)!.location;
const memoryEvents = (o: Orchestrator, missionId: string) => o.traces.events(missionId, { kinds: ['memory'] }).map((e) => e.data);

/** Runs a mission to its end, answering a clarification with `answer` and accepting every other request (a person does the task). */
async function runMission(o: Orchestrator, instruction: string, answer = 'the blue one'): Promise<MissionView> {
  let v = await o.settled((await o.startMission({ instruction })).id);
  for (let i = 0; i < 8 && v.status === 'awaiting_human'; i++) {
    const req = v.pending[0]!;
    await o.answer(v.id, req.id, req.kind === 'clarification' ? { type: 'respond', text: answer } : { type: 'accept' });
    v = await o.settled(v.id);
  }
  return v;
}

describe('site memory on the simulated household', () => {
  it('the second "bring me my mug" in a new mission asks nothing and brings the one chosen before', async () => {
    const o = await orca();
    const first = await runMission(o, 'bring me my mug', 'the blue one');
    expect(first.status).toBe('succeeded');
    expect(first.questions).toHaveLength(1);
    expect(memoryEvents(o, first.id)).toContainEqual(expect.objectContaining({ event: 'learned', phrase: 'my mug', ids: ['mug_blue'], person: 'alex' }));
    const [entry] = o.memory.list({ kind: 'reference' }).entries;
    expect(entry).toMatchObject({ kind: 'reference', person: 'alex', phrase: 'my mug', ids: ['mug_blue'], saidBy: 'alex' });
    expect(entry!.evidence[0]).toMatchObject({ missionId: first.id });
    expect(o.traces.events(first.id).find((e) => e.seq === entry!.evidence[0]!.seq)?.kind).toBe('answer');

    o.resetWorld();
    const second = await runMission(o, 'bring me my mug', 'the red one');
    expect(second.status).toBe('succeeded');
    expect(second.questions).toEqual([]);
    expect(o.traces.events(second.id, { kinds: ['question'] })).toHaveLength(0);
    expect(holder(o, 'mug_blue')).toEqual({ relation: 'held_by', target: 'alex' });
    expect(second.messages.map((m) => m.text).join('\n')).toMatch(/For "my mug" I took the blue one.*you chose it last time/);
    expect(memoryEvents(o, second.id)).toContainEqual(expect.objectContaining({ event: 'used', use: 'grounding', entryId: entry!.id, ids: ['mug_blue'] }));
  });

  it('"forget that" removes the entry and the question comes back', async () => {
    const o = await orca();
    await runMission(o, 'bring me my mug', 'the blue one');
    o.resetWorld();
    const second = await runMission(o, 'bring me my mug');
    expect(second.questions).toEqual([]);
    const reply = await o.sendMessage(second.id, 'forget that');
    expect(reply.intent).toBe('forget');
    expect(reply.reply).toMatch(/forgot that "my mug" means the blue mug/);
    expect(o.memory.list({ kind: 'reference', includeExpired: true }).entries).toEqual([]);
    expect(memoryEvents(o, second.id)).toContainEqual(expect.objectContaining({ event: 'forgotten', phrase: 'my mug', by: 'alex' }));
    o.resetWorld();
    const third = await o.startMission({ instruction: 'bring me my mug' });
    expect(third.status).toBe('awaiting_human');
    expect(third.pending[0]!.question).toMatch(/red one.*blue one/);
  });

  it('a correction of an answered choice replaces the person\'s entry, and the old one expires', async () => {
    const o = await orca();
    const m = await o.startMission({ instruction: 'bring me my mug' });
    const running = await o.answer(m.id, m.pending[0]!.id, { type: 'respond', text: 'the red one' });
    expect(running.status).toBe('running');
    expect((await o.sendMessage(m.id, 'no, the other mug')).intent).toBe('correction');
    expect((await o.settled(m.id)).status).toBe('succeeded');
    const all = o.memory.list({ kind: 'reference', includeExpired: true }).entries;
    expect(all.filter((e) => !e.expired)).toEqual([expect.objectContaining({ person: 'alex', phrase: 'my mug', ids: ['mug_blue'] })]);
    expect(all.find((e) => e.expired)?.expired?.because).toMatch(/alex chose the blue mug instead/);
    expect(memoryEvents(o, m.id)).toContainEqual(expect.objectContaining({ event: 'learned', correction: true, ids: ['mug_blue'] }));

    o.resetWorld();
    const next = await runMission(o, 'bring me my mug', 'the red one');
    expect(next.questions).toEqual([]);
    expect(holder(o, 'mug_blue')).toEqual({ relation: 'held_by', target: 'alex' });
  });

  it('a forced persistent grasp failure makes the next mission choose the recovery that worked', async () => {
    const faults = { graspMiss: 1, drop: 0, wrongObject: 0, stall: 0, falseDone: 0, outOfTemplateMultiplier: 1, persistence: 1 };
    const o = await orca({ faults });
    const first = await runMission(o, 'bring me the red mug');
    expect(first.status).toBe('succeeded');
    const choices = (id: string) => o.traces.events(id, { kinds: ['reflection'], subgoalId: 'v1-pick_mug_red' }).flatMap((e) => (e.data['choice'] ? [(e.data['choice'] as { kind: string }).kind] : []));
    // Retries fail the same way until a person picks the mug up.
    expect(choices(first.id)).toEqual(['retry', 'retry', 'delegate']);
    const stats = o.memory.list({ kind: 'failure_stats' }).entries.find((e): e is FailureStatsEntry => e.kind === 'failure_stats' && e.skill === 'pick');
    expect(stats).toMatchObject({ objectType: 'Mug', robot: 'rover', saidBy: 'orca', failures: { grasp_failed: 3 }, recoveries: { grasp_failed: { retry: { worked: 0, failed: 2 }, delegate: { worked: 1, failed: 0 } } } });

    o.resetWorld();
    const second = await runMission(o, 'bring me the red mug');
    expect(second.status).toBe('succeeded');
    expect(choices(second.id)).toEqual(['delegate']);
    expect(memoryEvents(o, second.id)).toContainEqual(expect.objectContaining({ event: 'used', use: 'recovery', entryId: stats!.id, chose: 'delegate' }));
    expect(holder(o, 'mug_red')).toEqual({ relation: 'held_by', target: 'alex' });
  });

  it('drops a corrupted entry with a trace event, and still asks rather than guessing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-memory-'));
    dirs.push(dir);
    const db = join(dir, 'orca.sqlite');
    const raw = new SqliteMemoryStore(db);
    raw.putRawForTest('mem-broken', JSON.stringify({ id: 'mem-broken', kind: 'reference', site: 'home', person: 'alex', phrase: 'my mug', ids: 'mug_blue' }));
    raw.close();
    const o = await orca({ db });
    const m = await o.startMission({ instruction: 'bring me my mug' });
    expect(m.status).toBe('awaiting_human');
    expect(memoryEvents(o, m.id)).toContainEqual(expect.objectContaining({ event: 'dropped', entryId: 'mem-broken' }));
    expect(o.memory.list({ includeExpired: true }).entries).toEqual([]);
  });
});
