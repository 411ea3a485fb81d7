import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uiStaticDir } from './index.js';
import { layerSubgoals, positionLayers } from './public/js/layout.js';
import { parseSseChunk } from './public/js/sse-parse.js';
import { splitMissionText } from './public/js/compose.js';
import { reflectionParts, summarize } from './public/js/trace-summary.js';

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

describe('trace summaries', () => {
  it('shows verdict kind, score and failure code', () => {
    expect(summarize({ kind: 'verdict', data: { kind: 'false_completion', score: 0.25, code: 'object_not_at_goal' } })).toBe('false_completion score 0.25 (object_not_at_goal)');
  });

  it('reads cause and decision from agent and execution reflections', () => {
    expect(reflectionParts({ failure: { code: 'grasp_failed', message: 'slipped' }, choice: { kind: 'retry', why: 'transient' } })).toEqual({
      cause: 'grasp_failed slipped',
      decision: 'retry',
      why: 'transient',
    });
    expect(reflectionParts({ type: 'recovery_decided', decision: { kind: 'delegate', person: 'alex' } }).decision).toBe('delegate: alex');
  });

  it('summarises plans by their calls and outcomes by status and reason', () => {
    expect(summarize({ kind: 'plan', data: { version: 2, calls: [{ skill: 'pick', args: { object: 'mug_red' } }, { skill: 'place', args: { target: 'table' } }] } })).toBe('plan v2: pick(mug_red) → place(table)');
    expect(summarize({ kind: 'answer', data: { requestId: 'r1', response: { type: 'respond', text: 'the red one' } } })).toBe('the red one');
    expect(summarize({ kind: 'outcome', data: { status: 'succeeded', reason: 'all goals hold' } })).toBe('succeeded: all goals hold');
    expect(summarize({ kind: 'instruction', data: { text: 'put the apple on the table', steps: ['Pick up the apple.', 'Chill it.'] } })).toBe('put the apple on the table — steps: Pick up the apple. | Chill it.');
  });
});
