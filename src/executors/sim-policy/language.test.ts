import { describe, expect, it } from 'vitest';
import { parseInstruction, TRAINED_TEMPLATES } from './language.js';

describe('instruction parsing', () => {
  it('matches trained templates', () => {
    expect(parseInstruction('Put the red mug in the microwave.')).toEqual({
      intents: [{ kind: 'place', object: 'red mug', receptacle: 'microwave', relation: 'in' }],
      inTemplate: true,
    });
    expect(parseInstruction('turn off the desk lamp')?.intents).toEqual([{ kind: 'toggle', target: 'desk lamp', on: false }]);
    expect(parseInstruction('give the apple to Alex')?.intents).toEqual([{ kind: 'give', object: 'apple', person: 'alex' }]);
    expect(parseInstruction('heat the potato in the microwave')?.intents).toEqual([{ kind: 'heat', object: 'potato' }]);
    expect(TRAINED_TEMPLATES).toContain('put the {object} on the {receptacle}');
  });

  it('reads setting things down beside others, before the plain "put … on …" phrasing', () => {
    expect(parseInstruction('set the apple down on the table next to the coke can')?.intents).toEqual([
      { kind: 'beside', object: 'apple', surface: 'table', anchors: ['coke can'], relation: 'nextTo' },
    ]);
    expect(parseInstruction('put the apple on the table to the left of the plate')?.intents).toEqual([
      { kind: 'beside', object: 'apple', surface: 'table', anchors: ['plate'], relation: 'leftOf' },
    ]);
    expect(parseInstruction('set the pear down on the counter between the kettle and the toaster')?.intents).toEqual([
      { kind: 'beside', object: 'pear', surface: 'counter', anchors: ['kettle', 'toaster'], relation: 'between' },
    ]);
  });

  it('splits LIBERO compound instructions and resolves "it" to the previous clause', () => {
    expect(parseInstruction('turn on the stove and put the moka pot on it')?.intents).toEqual([
      { kind: 'toggle', target: 'stove', on: true },
      { kind: 'place', object: 'moka pot', receptacle: 'stove', relation: 'on' },
    ]);
    expect(parseInstruction('put the black bowl in the bottom drawer of the cabinet and close it')?.intents).toEqual([
      { kind: 'place', object: 'black bowl', receptacle: 'bottom drawer of the cabinet', relation: 'in' },
      { kind: 'close', target: 'bottom drawer of the cabinet' },
    ]);
    // "yellow and white" is one noun phrase, not two clauses.
    expect(parseInstruction('put the yellow and white mug in the microwave and close it')?.intents[0]).toMatchObject({ object: 'yellow and white mug' });
    expect(parseInstruction('pick up the book and place it in the back compartment of the caddy')?.intents).toEqual([
      { kind: 'place', object: 'book', receptacle: 'back compartment of the caddy', relation: 'in' },
    ]);
  });

  it('expands "both" into one intent per object', () => {
    expect(parseInstruction('put both moka pots on the stove')?.intents).toEqual([
      { kind: 'place', object: 'moka pot', receptacle: 'stove', relation: 'on' },
      { kind: 'place', object: 'moka pot', receptacle: 'stove', relation: 'on' },
    ]);
    expect(parseInstruction('put both the alphabet soup and the cream cheese box in the basket')?.intents.map((i) => (i.kind === 'place' ? i.object : ''))).toEqual([
      'alphabet soup',
      'cream cheese box',
    ]);
  });

  it('reads out-of-template phrasings by keywords and says so', () => {
    expect(parseInstruction('could you grab the red mug please')).toEqual({ intents: [{ kind: 'pick', object: 'red mug' }], inTemplate: false });
    expect(parseInstruction('switch the lamp on')).toEqual({ intents: [{ kind: 'toggle', target: 'lamp', on: true }], inTemplate: false });
    expect(parseInstruction('place the apple into the fridge')).toEqual({
      intents: [{ kind: 'place', object: 'apple', receptacle: 'fridge', relation: 'in' }],
      inTemplate: false,
    });
  });

  it('gives up on unintelligible text', () => {
    expect(parseInstruction('frobnicate the whatsit')).toBeNull();
    expect(parseInstruction('   ')).toBeNull();
  });
});

describe('looking at things in a lamp\'s light', () => {
  it('parses the skill file\'s phrasings as trained templates and free phrasings by keywords', () => {
    expect(parseInstruction('look at the blue book under the white floor lamp')).toEqual({ intents: [{ kind: 'light', object: 'blue book', lamp: 'white floor lamp' }], inTemplate: true });
    expect(parseInstruction('examine the alarm clock in the light of the desk lamp')?.intents).toEqual([{ kind: 'light', object: 'alarm clock', lamp: 'desk lamp' }]);
    const free = parseInstruction('please inspect the watch beneath the lamp');
    expect(free?.inTemplate).toBe(false);
    expect(free?.intents).toEqual([{ kind: 'light', object: 'watch', lamp: 'lamp' }]);
  });
});
