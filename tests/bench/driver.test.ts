import { describe, expect, it } from 'vitest';
import { worldSeed } from '../../bench/driver.js';
import { loadSuites } from '../../bench/tasks.js';

describe('bench driver seeds', () => {
  it('gives every task its own world and fault seed for a run seed, the same in every configuration', () => {
    const tasks = loadSuites(['household', 'libero10']).flatMap((s) => s.tasks);
    const seeds = new Set(tasks.map((task) => worldSeed({ task, seed: 3 })));
    expect(seeds.size).toBe(tasks.length);
    const [a] = tasks;
    expect(worldSeed({ task: a!, seed: 3 })).toBe(worldSeed({ task: a!, seed: 3 }));
    expect(worldSeed({ task: a!, seed: 3 })).not.toBe(worldSeed({ task: a!, seed: 4 }));
  });
});
