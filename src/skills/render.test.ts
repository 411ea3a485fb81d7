import { describe, expect, it } from 'vitest';
import { loadSkillLibrary } from './library.js';
import { groundEffects, groundSubgoal } from './ground.js';
import { renderInstruction, renderInstructionDetailed } from './render.js';

const lib = loadSkillLibrary();
const names: Record<string, string> = {
  mug_2: 'red mug',
  sinkbasin_1: 'the sink',
  akita_black_bowl_1: 'black bowl',
  white_cabinet_1_bottom_region: 'bottom drawer of the cabinet',
  knife_1: 'knife',
  apple_1: 'apple',
};
const describe_ = (id: string): string => names[id] ?? id.replace(/_\d+$/, '').replace(/_/g, ' ');

describe('renderInstruction', () => {
  it('fills slots with natural descriptions using the canonical template by default', () => {
    expect(renderInstruction(lib.get('pick'), { object: 'mug_2' }, describe_)).toBe('pick up the red mug');
    // An article in a description is not doubled.
    expect(renderInstruction(lib.get('clean'), { object: 'mug_2', sink: 'sinkbasin_1' }, describe_)).toBe(
      'wash the red mug in the sink',
    );
  });

  it('prefers a phrasing the executor was trained on, whatever its slot names', () => {
    const args = { object: 'akita_black_bowl_1', container: 'white_cabinet_1_bottom_region' };
    const r = renderInstructionDetailed(lib.get('put_in'), args, describe_, {
      trainedTemplates: ['pick up the {obj} and place it in the {target}'],
    });
    expect(r).toEqual({
      text: 'pick up the black bowl and place it in the bottom drawer of the cabinet',
      template: 'pick up the {object} and place it in the {container}',
      trained: true,
    });
    // A literal trained instruction counts too.
    const literal = renderInstructionDetailed(lib.get('put_in'), args, describe_, {
      trainedTemplates: ['put the black bowl in the bottom drawer of the cabinet'],
    });
    expect(literal.text).toBe('put the black bowl in the bottom drawer of the cabinet');
    expect(literal.trained).toBe(true);
  });

  it('rewords by variant and falls back to all templates when none is trained', () => {
    const skill = lib.get('pick');
    const texts = [0, 1, 2].map((variant) => renderInstruction(skill, { object: 'apple_1' }, describe_, { variant, trainedTemplates: ['fly to the {x}'] }));
    expect(texts).toEqual(['pick up the apple', 'grab the apple', 'take the apple']);
    expect(() => renderInstruction(skill, {}, describe_)).toThrow(/missing argument "object"/);
  });
});

describe('groundSubgoal', () => {
  it('binds $robot to the assignee and copies timeout, retries and approval', () => {
    const sg = groundSubgoal(lib.get('slice'), {
      id: 's3',
      args: { object: 'apple_1', tool: 'knife_1' },
      assignee: { kind: 'robot', id: 'mm_1' },
      dependsOn: ['s2'],
      describe: describe_,
    });
    expect(sg.instruction).toBe('slice the apple with the knife');
    expect(sg.success.all).toEqual([
      { pred: 'isSliced', args: ['apple_1'] },
      { pred: 'holding', args: ['mm_1', 'knife_1'] },
    ]);
    expect(sg).toMatchObject({ id: 's3', skill: 'slice', dependsOn: ['s2'], requiresApproval: true, timeoutSeconds: 30, retries: 1 });
    expect(sg.success.consecutive).toBe(3);
  });

  it('rejects missing and unknown arguments', () => {
    const base = { id: 'x', assignee: { kind: 'robot', id: 'r' } as const, describe: describe_ };
    expect(() => groundSubgoal(lib.get('slice'), { ...base, args: { object: 'apple_1' } })).toThrow(/args\.tool: missing argument/);
    expect(() => groundSubgoal(lib.get('pick'), { ...base, args: { object: 'a', colour: 'red' } })).toThrow(/no parameter "colour"/);
  });

  it('grounds effects for planners, keeping wildcards', () => {
    const g = groundEffects(lib.get('pick'), { object: 'apple_1' }, 'mm_1');
    expect(g.preconditions).toContainEqual({ pred: 'handEmpty', args: ['mm_1'] });
    expect(g.del).toContainEqual({ pred: 'in', args: ['apple_1', '*'] });
  });
});

describe('proper names', () => {
  it('drops the article before a person\'s name', () => {
    const skill = loadSkillLibrary().get('navigate');
    expect(renderInstruction(skill, { target: 'alex' }, () => 'Alex')).toBe('go to Alex');
    expect(renderInstruction(skill, { target: 'fridge_1' }, () => 'white fridge')).toBe('go to the white fridge');
  });
});
