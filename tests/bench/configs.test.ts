import { describe, expect, it } from 'vitest';
import { cells, CONFIG_SPECS, CONFIGS, configFor } from '../../bench/configs.js';

describe('benchmark configurations', () => {
  const full = configFor('full', 'harsh');
  const changed = (name: (typeof CONFIGS)[number]): string[] => {
    const c = configFor(name, 'harsh');
    const fields = (Object.keys(full.ablation) as (keyof typeof full.ablation)[]).filter((k) => c.ablation[k] !== full.ablation[k]);
    return c.faults === full.faults ? fields : [...fields, 'faults'];
  };
  it('each differs from full in one part only, and asks when unsure in all but no-ask', () => {
    expect(full).toEqual({ faults: 'harsh', ablation: { trustExecutorDone: false, recovery: 'full', asking: true } });
    expect(changed('open-loop')).toEqual(['trustExecutorDone', 'recovery']);
    expect(configFor('open-loop', 'harsh').ablation.recovery).toBe('none');
    expect(changed('verify-retry')).toEqual(['recovery']);
    expect(configFor('verify-retry', 'harsh').ablation.recovery).toBe('retry_only');
    expect(changed('no-ask')).toEqual(['asking']);
    expect(changed('oracle')).toEqual(['faults']);
    for (const c of CONFIGS) expect(configFor(c, 'default').ablation.asking).toBe(c !== 'no-ask');
  });
  it('says per configuration what it switches off, and runs oracle once with faults off', () => {
    for (const c of CONFIGS) expect(CONFIG_SPECS[c].switchesOff.length).toBeGreaterThan(10);
    expect(cells(['no-ask', 'oracle'], ['default', 'harsh'])).toEqual([
      { config: 'no-ask', preset: 'default' },
      { config: 'no-ask', preset: 'harsh' },
      { config: 'oracle', preset: 'off' },
    ]);
  });
});
