import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import type { RunResult } from './run-result.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';

const which = { kind: 'clarification' as const, question: 'Which mug?', options: ['red mug', 'blue mug'] };

function json(out: string[]): RunResult {
  return JSON.parse(out.join('')) as RunResult;
}

describe('orca run', () => {
  it('answers a question from --answer and prints one JSON object with the documented fields', async () => {
    const o = new FakeOrchestrator({ requests: [which], world: [{ id: 'mug_1', type: 'Mug', attributes: { color: 'red' }, state: {}, location: { relation: 'in', target: 'sink_1' } }] });
    const io = captureIo();
    const code = await runCli(['run', 'put the mug in the sink', '--answer', '2', '--json', '--seed', '7', '--faults', 'harsh'], io, fakeDeps(o));
    expect(code).toBe(0);
    const r = json(io.out);
    expect(Object.keys(r).sort()).toEqual(
      ['missionId', 'status', 'reason', 'instruction', 'scene', 'questions', 'pending', 'goal', 'plan', 'subgoals', 'delegations', 'finalWorld', 'trace', 'timings'].sort(),
    );
    expect(r.status).toBe('succeeded');
    expect(r.instruction).toBe('put the mug in the sink');
    // "2" picks the second option.
    expect(o.responses).toEqual([{ type: 'respond', text: 'blue mug', by: 'cli' }]);
    expect(r.questions).toEqual([{ question: 'Which mug?', options: ['red mug', 'blue mug'], answer: 'blue mug' }]);
    expect(r.plan[1]).toEqual({ id: 's2', skill: 'put_in', args: { object: 'mug_1', receptacle: 'sink_1' }, robot: 'rover', dependsOn: ['s1'] });
    expect(r.subgoals.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
    expect(r.finalWorld?.[0]?.location).toEqual({ relation: 'in', target: 'sink_1' });
    expect(r.trace).toEqual({ db: './data/orca.sqlite', events: o.traces.count(r.missionId) });
    expect(r.trace.events).toBeGreaterThanOrEqual(4);
    expect(r.timings).toEqual({ wallMs: 250, simSeconds: 42.5 });
    expect(o.closed).toBe(true);
  });

  it('passes seed, faults, model and db to the orchestrator with the fast clock', async () => {
    const deps = fakeDeps(new FakeOrchestrator());
    const code = await runCli(['run', 'tidy up', '--seed', '7', '--faults', 'off', '--model', 'openai:gpt-4o-mini', '--db', ':memory:', '--json'], captureIo(), deps);
    expect(code).toBe(0);
    expect(deps.configs).toEqual([{ clock: 'fast', persistWorld: false, seed: 7, faults: 'off', reasoner: { kind: 'openai', model: 'gpt-4o-mini' }, db: ':memory:' }]);
  });

  it('passes each --step, in order, with the instruction', async () => {
    const o = new FakeOrchestrator();
    const code = await runCli(['run', 'put the apple on the table', '--step', 'Pick up the apple.', '--step', 'Chill it in the fridge.', '--json'], captureIo(), fakeDeps(o));
    expect(code).toBe(0);
    expect(o.started).toEqual([{ instruction: 'put the apple on the table', steps: ['Pick up the apple.', 'Chill it in the fridge.'] }]);
  });

  it('exits 3 with status needs_answer when a question has no answer', async () => {
    const o = new FakeOrchestrator({ requests: [which] });
    const io = captureIo();
    const code = await runCli(['run', 'bring me the mug', '--json'], io, fakeDeps(o));
    expect(code).toBe(3);
    const r = json(io.out);
    expect(r.status).toBe('needs_answer');
    expect(r.questions).toEqual([{ question: 'Which mug?', options: ['red mug', 'blue mug'], answer: null }]);
    expect(r.pending).toEqual([{ id: expect.any(String), kind: 'clarification', question: 'Which mug?', options: ['red mug', 'blue mug'] }]);
    expect(io.err.join('')).toMatch(/Which mug\?/);
  });

  it('uses the answers in order and exits 3 when they run out', async () => {
    const o = new FakeOrchestrator({ requests: [which, { kind: 'question', question: 'Which sink?', options: [] }, { kind: 'question', question: 'Now?' }] });
    const io = captureIo();
    expect(await runCli(['run', 'x', '--answer', 'red mug', '--answer', 'kitchen sink', '--json'], io, fakeDeps(o))).toBe(3);
    expect(json(io.out).questions.map((q) => q.answer)).toEqual(['red mug', 'kitchen sink', null]);
  });

  it('accepts approvals only with --approve-all when not on a terminal', async () => {
    const script = { requests: [{ kind: 'approval' as const, question: 'Heat mug_1 in the microwave?' }] };
    const without = captureIo();
    expect(await runCli(['run', 'heat the mug', '--answer', 'yes', '--json'], without, fakeDeps(new FakeOrchestrator(script)))).toBe(3);
    expect(without.err.join('')).toMatch(/--approve-all/);
    const o = new FakeOrchestrator(script);
    expect(await runCli(['run', 'heat the mug', '--approve-all', '--json'], captureIo(), fakeDeps(o))).toBe(0);
    expect(o.responses).toEqual([{ type: 'accept', by: 'cli' }]);
  });

  it('reports a delegated task as needs_answer unless --answer says done', async () => {
    const script = { requests: [{ kind: 'delegation' as const, question: 'alex: please open the fridge' }] };
    const io = captureIo();
    expect(await runCli(['run', 'get milk', '--json'], io, fakeDeps(new FakeOrchestrator(script)))).toBe(3);
    expect(json(io.out).delegations).toEqual([{ subgoalId: 's1', person: 'alex', instruction: 'alex: please open the fridge', status: 'pending' }]);
    const o = new FakeOrchestrator(script);
    expect(await runCli(['run', 'get milk', '--answer', 'done', '--json'], captureIo(), fakeDeps(o))).toBe(0);
    expect(o.responses).toEqual([{ type: 'accept', by: 'cli' }]);
  });

  it('exits 1 when the mission fails, and shows failure codes', async () => {
    const o = new FakeOrchestrator({ finish: () => ({ status: 'failed', reason: 'mug not found' }) });
    const io = captureIo();
    expect(await runCli(['run', 'find the mug', '--json'], io, fakeDeps(o))).toBe(1);
    const r = json(io.out);
    expect(r).toMatchObject({ status: 'failed', reason: 'mug not found' });
    expect(r.subgoals[0]).toEqual({ id: 's1', status: 'failed', attempts: 2, failureCodes: ['grasp_failed'] });
  });

  it('asks at the prompt on a terminal, re-asking when the reply does not fit', async () => {
    const o = new FakeOrchestrator({ requests: [{ kind: 'approval', question: 'Slice the bread?' }], finish: (rs) => ({ status: rs[0]?.type === 'accept' ? 'succeeded' : 'cancelled' }) });
    const io = captureIo({ interactive: true, replies: ['maybe', 'y'] });
    expect(await runCli(['run', 'slice the bread'], io, fakeDeps(o))).toBe(0);
    expect(io.asked).toHaveLength(2);
    expect(io.asked[0]).toMatch(/Slice the bread\?/);
    expect(io.out.join('')).toMatch(/mission m1: succeeded/);
  });

  it('takes the prompt down with a notice when the mission ends while the person is asked', async () => {
    const o = new FakeOrchestrator({ requests: [{ kind: 'delegation', question: 'alex: please open the fridge' }] });
    let aborted = false;
    const io = captureIo({
      interactive: true,
      answer: async (_q, signal) => {
        await o.cancel('m1', 'cancelled by operator');
        aborted = signal?.aborted === true;
        // A person typing after the mission ended must not be taken as an answer.
        return 'done';
      },
    });
    expect(await runCli(['run', 'get milk', '--json'], io, fakeDeps(o))).toBe(1);
    expect(aborted).toBe(true);
    expect(o.responses).toEqual([]);
    expect(io.err.join('')).toMatch(/the delegation "alex: please open the fridge" is closed: mission m1 cancelled: cancelled by operator/);
    expect(io.err.join('')).not.toMatch(/answered delegation/);
    expect(json(io.out).status).toBe('cancelled');
  });

  it('registers --scene-file with the orchestrator and runs in it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-cli-'));
    const path = join(dir, 'flat.yaml');
    writeFileSync(path, 'name: my_flat\nkind: house\n');
    const o = new FakeOrchestrator();
    expect(await runCli(['run', 'x', '--scene-file', path, '--json'], captureIo(), fakeDeps(o))).toBe(0);
    expect(o.started).toEqual([{ instruction: 'x', scene: 'my_flat' }]);
  });

  it('exits 2 on bad input, with the reason on stderr and nothing on stdout', async () => {
    const cases: [string[], RegExp][] = [
      [['run'], /needs an instruction/],
      [['run', 'x', '--faults', 'extreme'], /--faults must be one of off, default, harsh/],
      [['run', 'x', '--model', 'gpt'], /--model must be/],
      [['run', 'x', '--scene', 'mars'], /unknown scene "mars" \(known: home\)/],
      [['run', 'x', '--scene-file', '/nonexistent/scene.yaml'], /cannot read scene file/],
      [['run', 'x', '--scene', 'home', '--scene-file', 'a.yaml'], /not both/],
      [['run', 'x', '--frobnicate'], /Unknown option '--frobnicate'/],
      [['run', 'x', '--seed'], /argument missing|--seed/],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await runCli(argv, io, fakeDeps(new FakeOrchestrator())), argv.join(' ')).toBe(2);
      expect(io.err.join(''), argv.join(' ')).toMatch(message);
      expect(io.out).toEqual([]);
    }
  });

  it('exits 2 for a scene file the orchestrator rejects, and for an answer that does not fit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-cli-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'kind: house\n');
    const io = captureIo();
    expect(await runCli(['run', 'x', '--scene-file', path], io, fakeDeps(new FakeOrchestrator()))).toBe(2);
    expect(io.err.join('')).toMatch(/bad scene file: name: required/);
    const o = new FakeOrchestrator({ requests: [{ kind: 'approval', question: 'ok?', allowed: ['accept'] }] });
    const io2 = captureIo({ interactive: true, replies: [] });
    expect(await runCli(['run', 'x', '--answer', 'purple'], io2, fakeDeps(o))).toBe(2);
    expect(io2.err.join('')).toMatch(/does not fit/);
  });
});
