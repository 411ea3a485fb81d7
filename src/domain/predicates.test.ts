import { describe, expect, it } from 'vitest';
import { bindPredicate, formatPredicate, parsePredicate } from './predicates.js';

describe('predicates', () => {
  it('parses the compact skill-file form and binds parameters', () => {
    const p = parsePredicate('not in($object, fridge_1)');
    expect(p).toEqual({ pred: 'in', args: ['$object', 'fridge_1'], neg: true });
    expect(formatPredicate(bindPredicate(p, { object: 'apple_1' }))).toBe('not in(apple_1, fridge_1)');
  });

  it('names the problem in malformed predicates', () => {
    expect(() => parsePredicate('inside(a, b)')).toThrow(/unknown predicate "inside"/);
    expect(() => parsePredicate('isOpen(a, b)')).toThrow(/takes 1 argument/);
    expect(() => parsePredicate('holding')).toThrow(/not a predicate/);
  });
});
