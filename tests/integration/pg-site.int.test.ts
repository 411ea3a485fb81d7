import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator, OrchestratorEvent } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { SiteLatch } from '../../src/domain/estop.js';
import { PG_MISSING, PG_URL, freshPgDatabase } from '../support/pg.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function orca(db: string): Promise<Orchestrator> {
  const o = await createOrchestrator({ db, faults: 'off', seed: 2, clock: 'realtime', speed: 4 });
  open.push(o);
  return o;
}

function nextEvent(o: Orchestrator, pred: (e: OrchestratorEvent) => boolean): Promise<OrchestratorEvent> {
  return new Promise((resolve) => {
    const off = o.subscribe((e) => {
      if (!pred(e)) return;
      off();
      resolve(e);
    });
  });
}

describe.skipIf(!PG_URL)(`processes sharing one PostgreSQL${PG_URL ? '' : ` (skipped: ${PG_MISSING})`}`, () => {
  it("an e-stop pressed in one process latches the other's robots from the watcher thread and pauses its mission; a release reaches it too", async () => {
    const db = freshPgDatabase();
    const a = await orca(db);
    const b = await orca(db);
    const m = await b.startMission({ instruction: 'put the potato on the kitchen counter' });
    await new Promise<void>((resolve) => {
      const check = () => b.getMission(m.id)?.subgoals.some((s) => s.status === 'running');
      if (check()) return resolve();
      const off = b.subscribe(() => {
        if (!check()) return;
        off();
        resolve();
      });
    });
    const latchOfB = SiteLatch.from(b.estopChannel().latch);
    const cells = new Int32Array(b.estopChannel().latch, 0, 2);
    const paused = nextEvent(b, (e) => e.type === 'mission' && e.missionId === m.id && e.mission.status === 'paused');
    a.estop('a person in the hallway', { by: 'kim' });
    // B's main thread is blocked here: only B's watcher thread can set B's latch.
    const deadline = Date.now() + 10_000;
    while (!latchOfB.latched && Date.now() < deadline) Atomics.wait(cells, 0, 0, 50);
    expect(latchOfB.latched).toBe(true);
    await paused;
    expect(b.estopLatched).toBe(true);
    expect(b.getMission(m.id)?.status).toBe('paused');
    expect(b.robots().every((r) => r.estopped)).toBe(true);
    expect(b.estopState()).toMatchObject({ latched: true, by: 'kim', reason: 'a person in the hallway' });

    const released = nextEvent(a, (e) => e.type === 'estop' && !e.latched);
    b.releaseEstop('sam');
    await released;
    expect(a.estopLatched).toBe(false);
    expect(a.estopState()).toMatchObject({ latched: false, by: 'sam' });
  }, 60_000);

  it('a process started while the site is latched comes up latched', async () => {
    const db = freshPgDatabase();
    const a = await orca(db);
    a.estop('maintenance', { by: 'kim' });
    const b = await orca(db);
    expect(b.estopLatched).toBe(true);
    expect(b.robots().every((r) => r.estopped)).toBe(true);
  }, 60_000);
});

describe.skipIf(!PG_URL)(`mission ids and ownership on one PostgreSQL${PG_URL ? '' : ` (skipped: ${PG_MISSING})`}`, () => {
  it('a process started beside a running mission leaves it running, lists it, and takes a fresh id for its own', async () => {
    const db = freshPgDatabase();
    const a = await orca(db);
    const first = await a.startMission({ instruction: 'put the potato on the kitchen counter' });
    expect(first.status).toBe('running');
    const b = await orca(db);
    // Before leases, a second process took every unfinished mission for its own and interrupted it.
    expect(b.getMission(first.id)?.status).not.toBe('interrupted');
    expect(a.getMission(first.id)?.status).not.toBe('interrupted');
    const second = await b.startMission({ instruction: 'put the red mug in the sink', scene: 'home' });
    expect(second.id).not.toBe(first.id);
    await a.settled(first.id);
    await b.settled(second.id);
    expect(a.getMission(first.id)?.status).toBe('succeeded');
    expect(b.getMission(second.id)?.status).toBe('succeeded');
  }, 120_000);
});
