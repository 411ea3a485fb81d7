import { describe, expect, it } from 'vitest';
import { drawFaultPlan, FAULT_PRESETS, faultConfig, NO_FAULTS } from './faults.js';

describe('fault model', () => {
  it('injects nothing with preset off, whatever the seed or phrasing', () => {
    for (let i = 0; i < 200; i++) {
      expect(drawFaultPlan(FAULT_PRESETS.off, i, `goal_${i}`, i % 2 === 0)).toEqual(NO_FAULTS);
    }
  });

  it('draws the same plan for the same seed and goal id, and different plans across goals', () => {
    const a = Array.from({ length: 100 }, (_, i) => drawFaultPlan(FAULT_PRESETS.harsh, 42, `g${i}`, true));
    const b = Array.from({ length: 100 }, (_, i) => drawFaultPlan(FAULT_PRESETS.harsh, 42, `g${i}`, true));
    expect(b).toEqual(a);
    expect(new Set(a.map((p) => JSON.stringify(p))).size).toBeGreaterThan(1);
  });

  it('injects at roughly the preset rates, more often outside the trained templates', () => {
    const n = 4000;
    const count = (inTemplate: boolean) =>
      Array.from({ length: n }, (_, i) => drawFaultPlan(FAULT_PRESETS.default, 7, `g${i}`, inTemplate)).filter((p) => p.falseDoneAtPhase !== null).length / n;
    expect(count(true)).toBeGreaterThan(0.03);
    expect(count(true)).toBeLessThan(0.07);
    expect(count(false)).toBeGreaterThan(0.11);
    expect(count(false)).toBeLessThan(0.19);
  });

  it('places grasp misses beyond the grasp radius', () => {
    const misses = Array.from({ length: 2000 }, (_, i) => drawFaultPlan(FAULT_PRESETS.harsh, 3, `g${i}`, true).graspMiss).filter((m) => m !== null);
    expect(misses.length).toBeGreaterThan(0);
    for (const m of misses) expect(Math.hypot(m.dx, m.dy)).toBeGreaterThan(0.06);
  });

  it('validates custom configurations', () => {
    expect(() => faultConfig({ ...FAULT_PRESETS.default, drop: 2 })).toThrow();
    expect(faultConfig('harsh')).toEqual(FAULT_PRESETS.harsh);
  });
});
