import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiStaticDir } from './index.js';
import { layerSubgoals, positionLayers } from './public/js/layout.js';
import { parseSseChunk } from './public/js/sse-parse.js';
import { splitMissionText } from './public/js/compose.js';
import { missionHash, parseHash } from './public/js/hash-route.js';
import { rowMatches, sinceStart } from './public/js/trace-filter.js';
import { isBookkeeping, reflectionParts, sentence } from './public/js/trace-text.js';

describe('uiStaticDir', () => {
  it('is an absolute directory holding the page and every module it loads', () => {
    const dir = uiStaticDir();
    expect(dir.startsWith('/')).toBe(true);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"#][^"]*)"/g)].map((m) => m[1] ?? '');
    expect(refs).toContain('js/app.js');
    for (const ref of refs) expect(existsSync(join(dir, ref)), ref).toBe(true);
  });

  it('has no import that leaves the static dir or reaches the network', () => {
    const jsDir = join(uiStaticDir(), 'js');
    for (const file of readdirSync(jsDir).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(jsDir, file), 'utf8');
      for (const m of text.matchAll(/from '([^']+)'/g)) {
        const spec = m[1] ?? '';
        expect(spec.startsWith('./'), `${file} imports ${spec}`).toBe(true);
        expect(existsSync(join(dirname(join(jsDir, file)), spec)), `${file} imports ${spec}`).toBe(true);
      }
      expect(text.replaceAll('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    }
    expect(readFileSync(join(uiStaticDir(), 'styles.css'), 'utf8')).not.toMatch(/url\(\s*['"]?https?:/);
  });
});

describe('layerSubgoals', () => {
  it('puts each subgoal one layer after its deepest dependency, keeping plan order', () => {
    const layers = layerSubgoals([
      { id: 'a', dependsOn: [] },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: [] },
      { id: 'd', dependsOn: ['b', 'c'] },
      { id: 'e', dependsOn: ['a', 'ghost'] },
    ]);
    expect(layers).toEqual([['a', 'c'], ['b', 'e'], ['d']]);
  });

  it('still lays out a plan with a dependency cycle', () => {
    const layers = layerSubgoals([
      { id: 'x', dependsOn: ['y'] },
      { id: 'y', dependsOn: ['x'] },
    ]);
    expect(layers.flat().sort()).toEqual(['x', 'y']);
  });

  it('positions columns left to right without overlap', () => {
    const { pos, width, height } = positionLayers([['a', 'c'], ['b']]);
    const a = pos.get('a');
    const b = pos.get('b');
    const c = pos.get('c');
    expect(a && b && c).toBeTruthy();
    expect(b!.x).toBeGreaterThan(a!.x);
    expect(c!.y).toBeGreaterThan(a!.y);
    expect(width).toBeGreaterThan(b!.x);
    expect(height).toBeGreaterThan(c!.y);
  });
});

describe('positionLayers wrapping', () => {
  it('wraps a long chain into bands that fit the width, without overlap', () => {
    const layers = Array.from({ length: 14 }, (_, i) => [`n${i}`]);
    const { pos, width, bandTops } = positionLayers(layers, undefined, 603);
    expect(width).toBeLessThanOrEqual(603);
    expect(bandTops.length).toBe(7);
    const boxes = [...pos.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) expect(a.x === b.x && a.y === b.y).toBe(false);
    }
    expect(pos.get('n2')).toMatchObject({ band: 1, x: pos.get('n0')!.x });
    expect(pos.get('n2')!.y).toBeGreaterThan(pos.get('n1')!.y);
  });
});

describe('splitMissionText', () => {
  it('takes the first line as the instruction and each further line as a step, without list markers', () => {
    expect(splitMissionText('bring me the cup')).toEqual({ instruction: 'bring me the cup', steps: [] });
    expect(splitMissionText('Put the apple on the table\n1. Pick up the apple\n\n2) Chill it in the fridge\r\n- Put it on the table\n  * ')).toEqual({
      instruction: 'Put the apple on the table',
      steps: ['Pick up the apple', 'Chill it in the fridge', 'Put it on the table'],
    });
  });
});

describe('parseSseChunk', () => {
  it('returns complete events and keeps the partial tail', () => {
    const { events, rest } = parseSseChunk('retry: 2000\n\nid: 1\nevent: mission\ndata: {"a":1}\n\n: keep-alive\n\ndata: {"b"');
    expect(events).toEqual(['{"a":1}']);
    expect(rest).toBe('data: {"b"');
    const more = parseSseChunk(`${rest}:2}\r\n\r\n`);
    expect(more.events).toEqual(['{"b":2}']);
  });

  it('joins multi-line data', () => {
    expect(parseSseChunk('data: one\ndata: two\n\n').events).toEqual(['one\ntwo']);
  });
});

describe('trace sentences', () => {
  const criteria = [
    { predicate: 'near(rover, fridge_1)', truth: 'false', reason: 'fridge_1 seen (conf 0.9); rover at planar distance 3.05 m (threshold 0.85 m)' },
    { predicate: 'handEmpty(rover)', truth: 'true', reason: 'gripper is empty' },
  ];
  const observations = Array.from({ length: 41 }, (_, i) => ({ seq: i, simTime: 82.74999999999744 + i * 0.05 }));

  it('puts the reason first in a verdict, never the raw observations, and says a code once', () => {
    const text = sentence({ kind: 'verdict', data: { kind: 'false_completion', code: 'false_completion', evidence: { observations, criteria, consecutive: 0 } } });
    expect(text).toBe('not done though the robot said so: near(rover, fridge_1): fridge_1 seen (conf 0.9); rover at planar distance 3.05 m (threshold 0.85 m)');
    expect(text).not.toMatch(/false_completion|82\.74/);
    expect(sentence({ kind: 'verdict', data: { kind: 'failed', code: 'object_dropped', evidence: { criteria, note: 'the mug left the gripper away from its target' } } })).toBe(
      'failed (likely object dropped): near(rover, fridge_1): fridge_1 seen (conf 0.9); rover at planar distance 3.05 m (threshold 0.85 m); the mug left the gripper away from its target',
    );
    expect(sentence({ kind: 'verdict', data: { kind: 'progress', score: 0.4, evidence: { criteria } } })).toMatch(/^progress 40%: near\(rover, fridge_1\)/);
  });

  it('says goals and allocations in words rather than JSON', () => {
    const goal = sentence({ kind: 'goal', data: { goal: { steps: [{ conjuncts: [{ pred: 'isClean', args: ['mug_blue'] }, { pred: 'in', args: ['mug_blue', 'cabinet_1'] }] }, { conjuncts: [{ pred: 'heldBy', args: ['egg_1', 'alex'] }] }] }, groundings: [{ text: 'the egg', ids: ['egg_1'] }] } });
    expect(goal).toBe('goal: isClean(mug_blue) and in(mug_blue, cabinet_1), then heldBy(egg_1, alex) ("the egg" is egg_1)');
    expect(sentence({ kind: 'goal', data: { search: { type: 'Egg', containers: ['fridge_1', 'drawer_1', 'cabinet_1', 'cabinet_2', 'box_1', 'safe_1'] } } })).toBe('look for egg in fridge_1, drawer_1, cabinet_1, cabinet_2 and 2 more places');
    expect(sentence({ kind: 'allocation', data: { assignments: { a: 'rover', b: 'rover', c: 'kitchen_arm' } } })).toBe('rover does 2 steps; kitchen_arm does 1 step');
    expect(sentence({ kind: 'note', data: { lookedInto: 'fridge_1' } })).toBe('looked into fridge_1');
  });

  it('makes a reflection one sentence, cause then decision, and marks the runner\'s bookkeeping', () => {
    const d = { failure: { code: 'stalled', message: 'no progress towards the success criteria' }, choice: { kind: 'retry_reworded', instruction: 'grasp the mug by its body', why: 'the handle faces away' } };
    expect(sentence({ kind: 'reflection', data: d })).toBe('stalled: no progress towards the success criteria → retry reworded: grasp the mug by its body. the handle faces away');
    expect(reflectionParts({ type: 'recovery_decided', decision: { kind: 'delegate', person: 'alex' } }).decision).toBe('delegate: alex');
    expect(isBookkeeping({ kind: 'reflection', data: { type: 'reflection_requested', code: 'stalled' } }, null)).toBe(true);
    expect(isBookkeeping({ kind: 'reflection', data: { type: 'recovery_decided', decision: { kind: 'retry' } } }, null)).toBe(true);
    expect(isBookkeeping({ kind: 'reflection', data: d }, null)).toBe(false);
    const verdict = { kind: 'verdict', subgoalId: 's1', data: { kind: 'stalled' } };
    expect(isBookkeeping({ kind: 'error', subgoalId: 's1', data: { type: 'failure', code: 'stalled' } }, verdict)).toBe(true);
  });

  it('summarises plans by their calls and outcomes by status and reason', () => {
    expect(sentence({ kind: 'plan', data: { version: 2, calls: [{ skill: 'pick', args: { object: 'mug_red' } }, { skill: 'place', args: { target: 'table' } }] } })).toBe('plan v2, 2 steps: pick(mug_red) → place(table)');
    expect(sentence({ kind: 'answer', data: { requestId: 'r1', response: { type: 'respond', text: 'the red one' } } })).toBe('answered "the red one"');
    expect(sentence({ kind: 'outcome', data: { status: 'succeeded', reason: 'all goals hold' } })).toBe('succeeded: all goals hold');
  });
});

describe('trace filters and links', () => {
  it('measures times from the mission start, in simulated and wall seconds', () => {
    expect(sinceStart({ simTime: 112.5, wallTime: '2026-01-01T00:00:04.000Z' }, { sim: 100, wall: Date.parse('2026-01-01T00:00:00.000Z') })).toEqual({ sim: 12.5, wall: 4 });
    expect(sinceStart({ simTime: null, wallTime: 'x' }, { sim: 100, wall: 0 })).toEqual({ sim: null, wall: null });
  });

  it('keeps rows with every searched word inside the time range, hiding samples when asked', () => {
    const row = { text: 'verdict v2-pick_mug not done: the mug is on the counter', t: 42, kind: 'verdict', bookkeeping: false };
    const all = { query: '', from: null, to: null, hideSamples: true };
    expect(rowMatches(row, { ...all, query: 'Mug COUNTER' })).toBe(true);
    expect(rowMatches(row, { ...all, query: 'mug fridge' })).toBe(false);
    expect(rowMatches(row, { ...all, from: 40, to: 45 })).toBe(true);
    expect(rowMatches(row, { ...all, from: 43 })).toBe(false);
    expect(rowMatches({ ...row, verdict: 'progress' }, all)).toBe(false);
    expect(rowMatches({ ...row, kind: 'transition' }, all)).toBe(false);
    expect(rowMatches({ ...row, bookkeeping: true }, { ...all, hideSamples: false })).toBe(true);
  });

  it('reads and writes links to a moment or an event of a mission', () => {
    expect(missionHash('m-1', { t: 12.345, event: 42 })).toBe('#/missions/m-1?t=12.3&event=42');
    expect(parseHash('#/missions/m-1?t=12.3&event=42')).toEqual({ missionId: 'm-1', t: 12.3, event: 42 });
    expect(parseHash('#/missions/m%2F2')).toEqual({ missionId: 'm/2', t: null, event: null });
    expect(parseHash('#/elsewhere')).toEqual({ missionId: null, t: null, event: null });
  });
});
