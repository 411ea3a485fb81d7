import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HumanRequestView, MessageResult, MissionView, OrchestratorEvent } from '../../agents/orchestrator/types.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';
import { SseReader } from './testing/sse-reader.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

function parse(data: string): OrchestratorEvent {
  return JSON.parse(data) as OrchestratorEvent;
}

describe('a mission over HTTP and SSE', () => {
  it('asks a question, takes the answer over the API and runs to success, streaming every change', async () => {
    const created = await h.call('POST', '/api/missions', { body: { instruction: 'put the cup in the sink', robot: 'robot-1' } });
    expect(created.status).toBe(201);
    const mission = created.body as MissionView;
    expect(mission.status).toBe('awaiting_human');
    expect(created.headers.get('location')).toBe(`/api/missions/${mission.id}`);

    const stream = await fetch(`${h.url}/api/missions/${mission.id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    if (!stream.body) throw new Error('no body');
    const sse = new SseReader(stream.body);
    const first = await sse.next();
    expect(first?.event).toBe('mission');
    const snapshot = parse(first?.data ?? '{}');
    expect(snapshot.type === 'mission' && snapshot.mission.status).toBe('awaiting_human');

    const pending = await h.call('GET', `/api/requests?missionId=${mission.id}`);
    expect(pending.status).toBe(200);
    const [request] = pending.body as HumanRequestView[];
    if (!request) throw new Error('no pending request');
    expect(request.kind).toBe('clarification');
    expect(request.options).toContain('the red cup');

    const answered = await h.call('POST', `/api/missions/${mission.id}/requests/${request.id}`, { body: { type: 'respond', text: 'the red cup' } });
    expect(answered.status).toBe(200);
    expect((answered.body as MissionView).questions[0]?.answer).toBe('the red cup');

    const seen = await sse.until((m) => m.event === 'mission' && (parse(m.data) as { mission: MissionView }).mission.status === 'succeeded');
    const statuses = seen.filter((m) => m.event === 'mission').map((m) => (parse(m.data) as { mission: MissionView }).mission.status);
    expect(statuses).toContain('running');
    expect(seen.some((m) => m.event === 'trace' && (parse(m.data) as { kind: string }).kind === 'answer')).toBe(true);
    // Only this mission's events, with strictly increasing ids.
    expect(seen.every((m) => (parse(m.data) as { missionId?: string }).missionId === mission.id)).toBe(true);
    const ids = [first, ...seen].map((m) => Number(m?.id));
    for (let i = 1; i < ids.length; i += 1) expect(ids[i]).toBeGreaterThan(ids[i - 1] ?? Infinity);
    await sse.cancel();

    const final = await h.call('GET', `/api/missions/${mission.id}`);
    expect((final.body as MissionView).status).toBe('succeeded');
    expect((final.body as MissionView).subgoals.every((s) => s.status === 'succeeded')).toBe(true);
    expect((await h.call('GET', '/api/missions?status=succeeded&limit=5')).body).toHaveLength(1);
    expect((await h.call('GET', `/api/requests?missionId=${mission.id}`)).body).toEqual([]);
  });

  it('answers through a chat message, and a second answer to the same request is a conflict', async () => {
    const mission = (await h.call('POST', '/api/missions', { body: { instruction: 'bring the cup' } })).body as MissionView;
    const requestId = mission.pending[0]?.id ?? '';
    const msg = await h.call('POST', `/api/missions/${mission.id}/messages`, { body: { text: 'the blue cup' } });
    expect(msg.status).toBe(200);
    expect((msg.body as MessageResult).intent).toBe('answer');
    const again = await h.call('POST', `/api/missions/${mission.id}/requests/${requestId}`, { body: { type: 'respond', text: 'red' } });
    expect(again.status).toBe(409);
    expect((again.body as { error: { code: string } }).error.code).toBe('conflict');
  });

  it('pauses, resumes and cancels; control of an ended mission is a conflict', async () => {
    const mission = (await h.call('POST', '/api/missions', { body: { instruction: 'wipe the cup' } })).body as MissionView;
    expect((await h.call('POST', `/api/missions/${mission.id}/pause`)).body).toMatchObject({ status: 'paused' });
    const resumed = await h.call('POST', `/api/missions/${mission.id}/resume`, { body: {} });
    expect(resumed.status).toBe(200);
    const cancelled = await h.call('POST', `/api/missions/${mission.id}/cancel`, { body: { reason: 'changed my mind' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: 'changed my mind' });
    expect((await h.call('POST', `/api/missions/${mission.id}/pause`)).status).toBe(409);
  });

  it('the service stream carries events of every mission and resumes after Last-Event-ID', async () => {
    const res = await fetch(`${h.url}/api/events`);
    if (!res.body) throw new Error('no body');
    const sse = new SseReader(res.body);
    const estopState = await sse.next();
    expect(estopState?.event).toBe('estop');
    const a = (await h.call('POST', '/api/missions', { body: { instruction: 'open the door', robot: 'robot-1' } })).body as MissionView;
    const b = (await h.call('POST', '/api/missions', { body: { instruction: 'close the door', robot: 'robot-2' } })).body as MissionView;
    const seen = await sse.until((m) => m.event === 'mission' && (parse(m.data) as { missionId: string }).missionId === b.id);
    expect(seen.some((m) => (parse(m.data) as { missionId?: string }).missionId === a.id)).toBe(true);
    const resumeAfter = seen[0]?.id ?? '';
    await sse.cancel();

    const again = await fetch(`${h.url}/api/events`, { headers: { 'last-event-id': resumeAfter } });
    if (!again.body) throw new Error('no body');
    const replay = new SseReader(again.body);
    const firstReplayed = await replay.next();
    expect(Number(firstReplayed?.id)).toBe(Number(resumeAfter) + 1);
    await replay.cancel();
  });

  it('drops a stream\'s listener when its client goes away', async () => {
    const mission = (await h.call('POST', '/api/missions', { body: { instruction: 'find the cup' } })).body as MissionView;
    const streams = async () => ((await h.call('GET', '/healthz')).body as { streams: number }).streams;
    expect(await streams()).toBe(0);
    const res = await fetch(`${h.url}/api/missions/${mission.id}/events`);
    if (!res.body) throw new Error('no body');
    const sse = new SseReader(res.body);
    await sse.next();
    expect(await streams()).toBe(1);
    await sse.cancel();
    let open = 1;
    for (let i = 0; i < 200 && open > 0; i += 1) {
      await new Promise((r) => setTimeout(r, 5));
      open = await streams();
    }
    expect(open).toBe(0);
  });
});

describe('pending requests across missions', () => {
  it('lists every mission\'s pending requests, oldest first', async () => {
    await h.close();
    // A clock running backwards: the later mission's question is the older one.
    let t = Date.parse('2026-01-01T12:00:00Z');
    const { FakeOrchestrator } = await import('./testing/fake-orchestrator.js');
    h = await startHarness({ fake: new FakeOrchestrator({ now: () => (t -= 60_000) }) });
    const first = (await h.call('POST', '/api/missions', { body: { instruction: 'bring me the cup', scene: 'home' } })).body as MissionView;
    const second = (await h.call('POST', '/api/missions', { body: { instruction: 'find the cup', scene: 'table' } })).body as MissionView;
    const listed = (await h.call('GET', '/api/requests')).body as HumanRequestView[];
    expect(listed.map((r) => r.missionId)).toEqual([second.id, first.id]);
    expect(listed[0]!.createdAt < listed[1]!.createdAt).toBe(true);
  });
});
