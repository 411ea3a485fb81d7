import { describe, expect, it } from 'vitest';
import { OrchestratorConfigSchema } from './config.js';

describe('orchestrator config: faults', () => {
  it('takes a preset or per-attempt probabilities, and refuses anything else with a reason', () => {
    expect(OrchestratorConfigSchema.parse({}).faults).toBe('default');
    expect(OrchestratorConfigSchema.parse({ faults: 'harsh' }).faults).toBe('harsh');
    const custom = { graspMiss: 0.5, drop: 0, wrongObject: 0, stall: 0, falseDone: 0, outOfTemplateMultiplier: 1 };
    expect(OrchestratorConfigSchema.parse({ faults: custom }).faults).toEqual(custom);
    expect(OrchestratorConfigSchema.safeParse({ faults: 'extreme' }).success).toBe(false);
    expect(OrchestratorConfigSchema.safeParse({ faults: { ...custom, graspMiss: 2 } }).success).toBe(false);
    expect(OrchestratorConfigSchema.safeParse({ faults: { ...custom, typo: 1 } }).success).toBe(false);
  });
});
