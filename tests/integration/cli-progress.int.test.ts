import { afterEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { runCli } from '../../src/cli/cli.js';
import { captureIo, fakeDeps } from '../../src/cli/testing/io.js';

const open: Orchestrator[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

/** `orca run`'s own defaults: the default faults on seed 0. */
async function orca(): Promise<Orchestrator> {
  const o = await createOrchestrator({ db: ':memory:', faults: 'default', seed: 0, clock: 'fast', persistWorld: false });
  open.push(o);
  return o;
}

function progressLines(err: readonly string[]): string[] {
  return err.join('').split('\n').filter((l) => l.trim().length > 0);
}

describe('orca run progress on a terminal, against the real orchestrator', () => {
  it('says a two-part mission with a search in at most 25 lines, one per meaningful change', async () => {
    const io = captureIo({ interactive: true, replies: [] });
    const code = await runCli(['run', 'put a washed mug in the cabinet, then bring me the egg'], io, fakeDeps(await orca()));
    expect(code).toBe(0);
    const lines = progressLines(io.err);
    expect(lines.length).toBeLessThanOrEqual(25);
    expect(lines.filter((l) => /^plan v\d/.test(l)).length).toBeGreaterThanOrEqual(1);
    expect(lines.filter((l) => l.includes('✓')).length).toBeGreaterThanOrEqual(10);
    expect(lines.at(-1)).toMatch(/^succeeded: .*egg/);
    // Sampled verdicts and the runner's bookkeeping stay out of it.
    expect(lines.join('\n')).not.toMatch(/dispatch_recorded|verdict|mission_outcome/);
  });

  it('prints the question once, the prompt carrying only its options, and the chosen option in words', async () => {
    const io = captureIo({ interactive: true, replies: ['1'] });
    const code = await runCli(['run', 'bring me the mug'], io, fakeDeps(await orca()));
    expect(code).toBe(0);
    const question = progressLines(io.err).find((l) => l.startsWith('orca: Which mug'))?.slice('orca: '.length) ?? '';
    expect(question).not.toBe('');
    const everything = [...io.err, ...io.asked].join('');
    expect(everything.split(question).length - 1).toBe(1);
    expect(io.asked[0]).toMatch(/^ {2}1\) .+\n {2}2\) .+\n> $/);
    const firstOption = /1\) (.+)\n/.exec(io.asked[0] ?? '')?.[1] ?? '';
    expect(progressLines(io.err)).toContain(`  → ${firstOption}`);
  });

  it('with --verbose shows the dispatches and verdicts too', async () => {
    const io = captureIo({ interactive: true, replies: ['1'] });
    const code = await runCli(['run', 'bring me the mug', '--verbose'], io, fakeDeps(await orca()));
    expect(code).toBe(0);
    const lines = progressLines(io.err);
    expect(lines.some((l) => /^ {2}dispatch v1-\S+: rover attempt 1: /.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}verdict v1-\S+: succeeded/.test(l))).toBe(true);
  });
});
