import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MissionView } from '../../agents/orchestrator/types.js';
import { ReplayEncoder } from '../traces/index.js';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

let h: Harness;
let mission: MissionView;
beforeEach(async () => {
  h = await startHarness();
  mission = (await h.call('POST', '/api/missions', { body: { instruction: 'open the door' } })).body as MissionView;
  await h.fake.settled(mission.id);
  const start = h.fake.traces.events(mission.id).find((e) => e.simTime !== null)?.simTime ?? 0;
  const enc = new ReplayEncoder();
  for (const x of [0, 1, 2]) {
    const world = enc.frame({ robots: { rover: { x, y: 0, theta: 0, holding: null } }, objects: { cup_1: { x: 4, y: 1, where: 'on table_1' } } });
    h.fake.traces.append({ missionId: mission.id, actor: { kind: 'executor', id: 'rover' }, kind: 'step', subgoalId: 's1', simTime: start + x + 1, data: { robotId: 'rover', robot: { aperture: 0.5 }, world } });
  }
});
afterEach(async () => {
  await h.close();
});

describe('review routes', () => {
  it('GET /world?t= redraws the mission at a time since its start', async () => {
    const res = await h.call('GET', `/api/missions/${mission.id}/world?t=2.5`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ missionId: mission.id, t: 2.5, frameT: 2, robots: [{ id: 'rover', x: 1 }], objects: [{ id: 'cup_1', where: 'on table_1' }] });
  });

  it('refuses a missing, negative or non-numeric time with 400 and an unknown mission with 404', async () => {
    for (const q of ['', '?t=-1', '?t=soon', '?t=1&extra=2']) {
      const res = await h.call('GET', `/api/missions/${mission.id}/world${q}`);
      expect(res.status, q).toBe(400);
    }
    expect((await h.call('GET', '/api/missions/m-nope/world?t=1')).status).toBe(404);
    expect((await h.call('GET', '/api/missions/m-nope/plots')).status).toBe(404);
    expect((await h.call('GET', '/api/missions/m-nope/checkpoints')).status).toBe(404);
  });

  it('GET /plots gives per-subgoal series and GET /checkpoints the graph checkpoints', async () => {
    const plots = await h.call('GET', `/api/missions/${mission.id}/plots`);
    expect(plots.status).toBe(200);
    const s1 = (plots.body as { subgoals: { subgoalId: string; series: { aperture: unknown[] } }[] }).subgoals.find((p) => p.subgoalId === 's1');
    expect(s1?.series.aperture).toHaveLength(3);
    const cps = await h.call('GET', `/api/missions/${mission.id}/checkpoints`);
    expect(cps.status).toBe(200);
    expect(cps.body).toEqual({ checkpoints: [] });
  });
});
