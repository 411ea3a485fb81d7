import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import type { OrchestratorConfigInput } from '../../src/app/index.js';
import { startServer } from '../../src/server/index.js';

/**
 * Uploaded scenes, world resets and the mission queue on the real orchestrator: what a restart
 * keeps, what a reset puts back (the world and the robots' belief of it), and what is refused.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function orca(config: OrchestratorConfigInput = {}): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 1, ...config });
  cleanups.push(() => o.close());
  return o;
}

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-scenes-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'orca.sqlite');
}

const HOME = readFileSync(new URL('../../config/scenes/home.yaml', import.meta.url), 'utf8');
const homeNamed = (name: string): string => HOME.replace(/^name: .*$/m, `name: ${name}`);
const where = (o: Orchestrator, id: string, scene?: string) => o.worldObjects(scene)?.find((x) => x.id === id)?.location;
const dispatches = (o: Orchestrator, id: string) => o.traces.events(id, { kinds: ['dispatch'] }).length;

async function untilSettled(o: Orchestrator, view: MissionView): Promise<MissionView> {
  let v = await o.settled(view.id);
  for (let i = 0; v.status === 'awaiting_human' && i < 4; i++) {
    const req = v.pending[0]!;
    await o.answer(v.id, req.id, req.kind === 'clarification' ? { type: 'respond', text: 'either is fine' } : { type: 'accept' });
    v = await o.settled(v.id);
  }
  return v;
}

describe('scene upload over HTTP', () => {
  it('400 naming the field for absurd numbers and unsafe names; 409 for a name already uploaded', async () => {
    const o = await orca();
    const server = await startServer({ orchestrator: o, port: 0, tokens: [], allowedHosts: [] });
    cleanups.push(() => server.close());
    const upload = (text: string) => fetch(`${server.url}/api/scenes`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: text });
    const issuesOf = async (res: Response) => ((await res.json()) as { error: { issues?: { path: string }[] } }).error.issues?.map((i) => i.path) ?? [];

    const huge = await upload(homeNamed('huge').replace(/rect: \{ x: 0, y: 0, w: [\d.]+/, 'rect: { x: 0, y: 0, w: 1e308'));
    expect(huge.status).toBe(400);
    expect((await issuesOf(huge)).some((p) => /^rooms\[\d+\]\.rect\.w$/.test(p))).toBe(true);
    for (const name of ['"a/b"', '"../etc"', `"${'n'.repeat(201)}"`, '"two\\nlines"', '"nul\\u0000"']) {
      const res = await upload(homeNamed(name));
      expect(res.status, name).toBe(400);
      expect(await issuesOf(res), name).toContain('name');
    }
    expect((await upload(homeNamed('flat'))).status).toBe(201);
    const again = await upload(homeNamed('flat'));
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toMatch(/already uploaded/);
    expect(o.scenes().filter((s) => s.source === 'uploaded').map((s) => s.name)).toEqual(['flat']);
  });
});

describe('uploaded scenes across a restart', () => {
  it('a mission on an uploaded scene resumes in a new process on the same database', async () => {
    const db = tempDb();
    const first = await createOrchestrator({ db, faults: 'off', seed: 1 });
    first.addScene(homeNamed('flat'));
    const m = await first.startMission({ instruction: 'put the bread on the dining table', scene: 'flat' });
    expect(['running', 'planning']).toContain(m.status);
    await first.close();

    const second = await orca({ db });
    expect(second.scenes().find((s) => s.name === 'flat')?.source).toBe('uploaded');
    expect(second.getMission(m.id)?.status).toBe('interrupted');
    await second.resume(m.id);
    const done = await untilSettled(second, second.getMission(m.id)!);
    expect(done.status).toBe('succeeded');
    expect(where(second, 'bread_1', 'flat')).toEqual({ relation: 'on', target: 'dining_table_1' });
    // The name stays taken across the restart.
    expect(() => second.addScene(homeNamed('flat'))).toThrow(/already uploaded/);
  });
});

describe('world reset', () => {
  it('puts the world and the belief back: the same goal is carried out again, not taken as done', async () => {
    const o = await orca();
    const first = await untilSettled(o, await o.startMission({ instruction: 'put the bread on the dining table' }));
    expect(first.status).toBe('succeeded');
    expect(where(o, 'bread_1')).toEqual({ relation: 'on', target: 'dining_table_1' });

    o.resetWorld('home');
    expect(where(o, 'bread_1')).toEqual({ relation: 'on', target: 'counter_1' });
    const second = await untilSettled(o, await o.startMission({ instruction: 'put the bread on the dining table' }));
    expect(second.status).toBe('succeeded');
    expect(dispatches(o, second.id)).toBeGreaterThan(0);
    expect(where(o, 'bread_1')).toEqual({ relation: 'on', target: 'dining_table_1' });
  });

  it('is refused while a mission on the scene has not ended, and allowed once it has', async () => {
    const o = await orca();
    o.addScene(homeNamed('flat'));
    const m = await o.startMission({ instruction: 'bring me the mug' });
    expect(m.status).toBe('awaiting_human');
    const refusal = (() => {
      try {
        o.resetWorld('home');
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(OrchestratorError);
    expect((refusal as OrchestratorError).code).toBe('conflict');
    expect((refusal as OrchestratorError).message).toContain(m.id);
    // Another scene is not held by it.
    expect(o.resetWorld('flat').name).toBe('flat');
    await o.cancel(m.id);
    expect(o.resetWorld('home').name).toBe('home');
    expect(() => o.resetWorld('nowhere')).toThrow(/unknown scene/);
  });

  it('forgets the saved world, so a restart also starts from the scene file', async () => {
    const db = tempDb();
    const first = await createOrchestrator({ db, faults: 'off', seed: 1 });
    expect((await untilSettled(first, await first.startMission({ instruction: 'put the bread on the dining table' }))).status).toBe('succeeded');
    first.resetWorld('home');
    await first.close();
    const second = await orca({ db });
    expect(where(second, 'bread_1')).toEqual({ relation: 'on', target: 'counter_1' });
  });

  it('keeps a latched e-stop on the rebuilt robots', async () => {
    const o = await orca();
    o.estop('test');
    o.resetWorld('home');
    expect(o.robots().every((r) => r.estopped)).toBe(true);
  });
});

describe('the mission queue', () => {
  it('refuses one mission past the limit; a mission cancelled while queued never starts', async () => {
    const o = await orca({ maxQueuedMissions: 1 });
    const holder = await o.startMission({ instruction: 'bring me the mug' });
    expect(holder.status).toBe('awaiting_human');
    const queued = await o.startMission({ instruction: 'put the bread on the dining table', whenBusy: 'queue' });
    expect(queued.reason).toMatch(/queued/);
    const refusal = await o.startMission({ instruction: 'open the fridge', whenBusy: 'queue' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(OrchestratorError);
    expect((refusal as OrchestratorError).code).toBe('queue_full');
    expect((refusal as OrchestratorError).message).toMatch(/already queued \(the limit is 1\)/);
    expect(o.listMissions()).toHaveLength(2);

    expect((await o.cancel(queued.id)).status).toBe('cancelled');
    const next = await o.startMission({ instruction: 'open the fridge', whenBusy: 'queue' });
    await o.cancel(holder.id);
    expect((await untilSettled(o, next)).status).toBe('succeeded');
    expect(o.getMission(queued.id)?.status).toBe('cancelled');
    expect(dispatches(o, queued.id)).toBe(0);
    expect(o.traces.events(queued.id, { kinds: ['plan'] })).toHaveLength(0);
  });
});
