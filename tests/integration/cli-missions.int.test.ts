import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrchestrator } from '../../src/app/index.js';
import { runCli } from '../../src/cli/cli.js';
import { realDeps } from '../../src/cli/deps.js';
import type { RunResult } from '../../src/cli/run-result.js';
import { captureIo } from '../../src/cli/testing/io.js';

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'orca-missions-'));
  db = join(dir, 'orca.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A server that asked a question and was stopped before anyone answered: its mission holds the robots. */
async function leaveAMissionWaiting(): Promise<{ id: string; question: string }> {
  const server = await createOrchestrator({ db, faults: 'off', seed: 1 });
  const m = await server.startMission({ instruction: 'bring me the mug' });
  const question = m.pending[0]!.question;
  await server.close();
  return { id: m.id, question };
}

async function cli(argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io, realDeps());
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe('a mission left waiting in the db', () => {
  it('makes orca run say which mission holds the robots, what it waits for, and how to release them', async () => {
    const held = await leaveAMissionWaiting();
    const run = await cli(['run', 'put the potato on the dining table', '--db', db, '--faults', 'off']);
    expect(run.code).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain(`held by mission ${held.id} ("bring me the mug")`);
    expect(run.err).toContain(`waiting for an answer to the clarification "${held.question}"`);
    expect(run.err).toContain(`orca missions cancel ${held.id} --db ${db}`);
    expect(run.err).toContain('--force');
    expect(run.err).not.toContain('whenBusy');
  });

  it('is listed by orca missions as holding the robots, and orca missions cancel releases them', async () => {
    const held = await leaveAMissionWaiting();
    const list = await cli(['missions', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.out).toContain(`${held.id}  awaiting_human  home`);
    expect(list.out).toContain(`holds the robots of home; waiting for an answer to the clarification "${held.question}"`);
    const listed = JSON.parse((await cli(['missions', '--db', db, '--json'])).out) as { id: string; holdsRobots: boolean; pending: { question: string }[] }[];
    expect(listed).toEqual([expect.objectContaining({ id: held.id, holdsRobots: true, pending: [expect.objectContaining({ question: held.question })] })]);

    const cancel = await cli(['missions', 'cancel', held.id, '--db', db, '--reason', 'nobody will answer it']);
    expect(cancel.code).toBe(0);
    expect(cancel.out).toBe(`${held.id}: cancelled (nobody will answer it)\n`);
    expect((await cli(['missions', '--db', db])).out).toBe('no unfinished missions\n');
    expect((await cli(['missions', 'cancel', held.id, '--db', db])).code).toBe(1);
    const run = await cli(['run', 'put the potato on the dining table', '--db', db, '--faults', 'off', '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as RunResult).status).toBe('succeeded');
  });

  it('is cancelled first by orca run --force, which says so', async () => {
    const held = await leaveAMissionWaiting();
    const run = await cli(['run', 'put the potato on the dining table', '--db', db, '--faults', 'off', '--force', '--json']);
    expect(run.code).toBe(0);
    expect(run.err).toContain(`--force cancelled mission ${held.id} ("bring me the mug"), which held the robots of home, waiting for an answer to the clarification "${held.question}"`);
    const result = JSON.parse(run.out) as RunResult;
    expect(result.missionId).not.toBe(held.id);
    expect(result.status).toBe('succeeded');
    const all = JSON.parse((await cli(['missions', '--all', '--db', db, '--json'])).out) as { id: string; status: string }[];
    expect(all.find((m) => m.id === held.id)?.status).toBe('cancelled');
  });

  it('refuses bad input with exit 2', async () => {
    await leaveAMissionWaiting();
    for (const [argv, message] of [
      [['missions', 'cancel', '--db', db], /needs a mission id/],
      [['missions', 'cancel', 'm-9999', '--db', db], /no mission m-9999/],
      [['missions', 'drop', '--db', db], /unknown subcommand "drop"/],
      [['missions', '--limit', '0', '--db', db], /--limit must be/],
    ] as const) {
      const r = await cli([...argv]);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(message);
    }
  });
});
