import { describe, expect, it } from 'vitest';
import type { ProposedCall } from '../../src/reasoning/provider.js';
import { insertedCalls } from './nodes-reflect.js';

const call = (id: string, dependsOn: string[] = []): ProposedCall => ({ id, skill: 'navigate', args: { target: 'fridge_1' }, assignee: { kind: 'robot', id: 'rover' }, dependsOn });

describe('insertedCalls', () => {
  it('keeps long calls distinct and their dependencies pointing at the renamed calls', () => {
    const long = 'find_place_on_remote_control_1_';
    const calls = [call(`${long}go_to_fridge_1`), call(`${long}search_fridge_1`, [`${long}go_to_fridge_1`]), call(`${long}go_to_cabinet_1`), call(`${long}search_cabinet_1`, [`${long}go_to_cabinet_1`, 'outside_the_insert'])];
    const out = insertedCalls(calls, 'v1-place_on_remote_control_1', 500);
    const ids = out.map((c) => c.id);
    expect(new Set(ids).size).toBe(4);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(64);
    expect(out[1]!.dependsOn).toEqual([ids[0]]);
    expect(out[3]!.dependsOn).toEqual([ids[2]]);
    expect(ids.every((id) => id.startsWith('v1-place_on_remote_contr-fix500-'))).toBe(true);
  });
});
