import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { runCli } from '../../src/cli/cli.js';
import type { RunResult } from '../../src/cli/run-result.js';
import { captureIo, fakeDeps } from '../../src/cli/testing/io.js';

/** Turns of the event loop: the fast clock, the machines and the graph all get theirs. No wall time. */
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function orca(): Promise<Orchestrator> {
  // A short budget: the old fast clock spent it in a few hundred turns while the prompt waited.
  const o = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 1, clock: 'fast', persistWorld: false, maxMissionSeconds: 60 });
  open.push(o);
  return o;
}

describe('orca run on a terminal, against the real orchestrator', () => {
  it('keeps the simulated clock still while the person reads an approval, then carries on with the answer', async () => {
    const o = await orca();
    const clockWhileAsked: number[] = [];
    const io = captureIo({
      interactive: true,
      answer: async () => {
        const missionId = o.pendingRequests()[0]!.missionId;
        clockWhileAsked.push(o.getMission(missionId)!.simTime);
        await turns(400);
        clockWhileAsked.push(o.getMission(missionId)!.simTime);
        return 'y';
      },
    });
    const code = await runCli(['run', 'heat the potato', '--json', '--quiet'], io, fakeDeps(o));
    const result = JSON.parse(io.out.join('')) as RunResult;
    expect(io.asked.length).toBeGreaterThan(0);
    expect(io.asked[0]).toMatch(/^approve: /);
    expect(clockWhileAsked[1]).toBe(clockWhileAsked[0]);
    expect(result.reason ?? '').not.toMatch(/no outcome within/);
    expect(result.status).toBe('succeeded');
    expect(code).toBe(0);
  });

  it('takes the prompt down with a notice when Ctrl-C cancels the mission while the person is asked', async () => {
    const o = await orca();
    const deps = fakeDeps(o);
    let aborted = false;
    const io = captureIo({
      interactive: true,
      answer: (_q, signal) =>
        new Promise((resolve) => {
          signal?.addEventListener('abort', () => {
            aborted = true;
            resolve(null);
          });
          deps.signal('SIGINT');
          // Without a signal to close it, the prompt would take whatever the person types next.
          if (!signal) resolve('y');
        }),
    });
    const code = await runCli(['run', 'heat the potato', '--json', '--quiet'], io, deps);
    const result = JSON.parse(io.out.join('')) as RunResult;
    expect(aborted).toBe(true);
    expect(io.err.join('')).toMatch(/the approval ".*" is closed: mission m-0001 cancelled: interrupted from the terminal/);
    expect(result.status).toBe('cancelled');
    expect(code).toBe(1);
  });
});
