import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectControl } from './control.js';
import { PROMPT_NAMES, fillPrompt, loadPrompts } from './prompts.js';

function promptDir(overrides: Record<string, string> = {}, skip: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'orca-prompts-'));
  for (const n of PROMPT_NAMES) if (!skip.includes(n)) writeFileSync(join(dir, `${n}.md`), overrides[n] ?? `${n} {belief}`);
  return dir;
}

describe('prompts', () => {
  it('loads every template of the repository', () => {
    const p = loadPrompts();
    expect(Object.keys(p).sort()).toEqual([...PROMPT_NAMES].sort());
    expect(p.plan).toContain('{skills}');
    expect(p.repair).toContain('{issues}');
  });

  it('rejects an unknown placeholder and a missing file when loading', () => {
    expect(() => loadPrompts(promptDir({ plan: 'use {skils}' }))).toThrow(/unknown placeholder \{skils\}/);
    expect(() => loadPrompts(promptDir({}, ['reflect']))).toThrow(/reflect\.md is missing/);
  });

  it('fills known slots, marks empty ones and leaves JSON braces alone', () => {
    expect(fillPrompt('a {belief} b {people} {"kind": "goal"} {unknown}', { belief: 'X' })).toBe('a X b (none) {"kind": "goal"} {unknown}');
  });
});

describe('control words', () => {
  it('leaves messages that only mention stopping or waiting to the classifier', () => {
    for (const t of ['stop the stove', "don't stop", 'wait for the kettle to boil', 'continue with the red mug instead', 'put the apple in the fridge']) {
      expect(detectControl(t)).toBeNull();
    }
  });
  it('reads an emergency anywhere in the message', () => {
    expect(detectControl('the dog is in the way, emergency stop!')).toEqual({ kind: 'estop' });
    expect(detectControl('stop, that is the wrong mug')).toEqual({ kind: 'stop' });
  });
});
