import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../bench/options.js';

describe('bench options', () => {
  it('a quick run never writes the committed docs, a full run does unless told not to', () => {
    expect(parseArgs(['--quick']).writeDocs).toBe(false);
    expect(parseArgs([]).writeDocs).toBe(true);
    expect(parseArgs(['--no-docs']).writeDocs).toBe(false);
  });
  it('names the configurations, including no-ask, and refuses unknown ones', () => {
    expect(parseArgs(['--configs', 'full,no-ask']).configs).toEqual(['full', 'no-ask']);
    expect(() => parseArgs(['--configs', 'fast'])).toThrow(/unknown "fast"/);
  });
  it('runs the networked configuration as a sample in quick runs and on every household task in full ones; off skips it', () => {
    expect(parseArgs(['--quick']).networked).toBe('sample');
    expect(parseArgs([]).networked).toBe('all');
    expect(parseArgs(['--quick', '--networked', 'off']).networked).toBe('off');
    expect(() => parseArgs(['--networked', 'some'])).toThrow(/--networked: unknown "some"/);
  });
});
