import { describe, expect, it } from 'vitest';
import type { ExecutionEvent, MissionOutcome, MissionRunner } from '../execution/index.js';
import { MissionDriver } from './mission-driver.js';
import type { Pacer } from './mission-driver.js';

/** A runner that only ends when told to; the driver needs nothing else of it. */
function runner(): { runner: MissionRunner; end: () => void; cancelled: string[] } {
  let end: (o: MissionOutcome) => void = () => undefined;
  const done = new Promise<MissionOutcome>((r) => (end = r));
  const cancelled: string[] = [];
  const listeners = new Set<(e: ExecutionEvent) => void>();
  const r = {
    done,
    subscribe: (l: (e: ExecutionEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    cancel: (reason?: string) => cancelled.push(reason ?? ''),
    dispose: () => undefined,
  } as unknown as MissionRunner;
  return { runner: r, end: () => end({ outcome: 'succeeded' } as MissionOutcome), cancelled };
}

function recordingPacer(onStep: () => void): Pacer & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    step: async () => {
      log.push('step');
      onStep();
      await new Promise<void>((r) => setImmediate(r));
    },
    resume: () => void log.push('resume'),
  };
}

describe('MissionDriver', () => {
  it('restarts the pacing each time time starts moving again, so a quiet spell is never made up in a burst', async () => {
    let simTime = 0;
    const pacer = recordingPacer(() => (simTime += 1));
    const driver = new MissionDriver({ simTime: () => simTime, maxMissionSeconds: 1000, pacer });
    const first = runner();
    driver.track(first.runner);
    driver.drive(first.runner);
    await new Promise<void>((r) => setImmediate(r));
    first.end();
    await new Promise<void>((r) => setTimeout(r, 5));
    const second = runner();
    driver.track(second.runner);
    driver.drive(second.runner);
    await new Promise<void>((r) => setImmediate(r));
    second.end();
    await new Promise<void>((r) => setTimeout(r, 5));
    const starts = pacer.log.flatMap((e, i) => (e === 'resume' ? [pacer.log[i + 1]] : []));
    expect(pacer.log[0]).toBe('resume');
    expect(pacer.log.filter((e) => e === 'resume')).toHaveLength(2);
    expect(starts).toEqual(['step', 'step']);
    driver.close();
  });

  it('cancels a mission whose robots worked past the budget', async () => {
    let simTime = 0;
    const pacer = recordingPacer(() => (simTime += 10));
    const driver = new MissionDriver({ simTime: () => simTime, maxMissionSeconds: 25, pacer });
    const r = runner();
    driver.track(r.runner);
    driver.drive(r.runner);
    for (let i = 0; i < 10 && r.cancelled.length === 0; i++) await new Promise<void>((res) => setImmediate(res));
    expect(r.cancelled).toEqual(['no outcome within 25 simulated seconds of work (time spent waiting for people does not count)']);
    r.end();
    driver.close();
  });
});
