import { describe, expect, it } from 'vitest';
import { ALMOST_DONE_PHASE, drawFaultPlan, FAULT_PRESETS, faultConfig, NO_FAULTS } from './faults.js';

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

  it('under realistic, a retry of the same approach mostly fails the same way; a changed approach draws afresh', () => {
    const failed = (approach: string, attempt: number, i: number) => drawFaultPlan(FAULT_PRESETS.realistic, 5, attempt === 0 ? `g${i}` : `g${i}#${attempt}`, true, `${approach} ${i}`);
    let first = 0;
    let sameAgain = 0;
    let changedAgain = 0;
    for (let i = 0; i < 3000; i++) {
      const a = failed('pick up the mug', 0, i).graspMiss;
      if (!a) continue;
      first++;
      const retry = failed('pick up the mug', 1, i).graspMiss;
      if (retry && retry.dx === a.dx && retry.dy === a.dy) sameAgain++;
      if (failed('grasp the mug from the side', 1, i).graspMiss) changedAgain++;
    }
    expect(first).toBeGreaterThan(100);
    expect(sameAgain / first).toBeGreaterThan(0.6);
    expect(changedAgain / first).toBeLessThan(0.3);
  });

  it('leaves the independent presets unchanged whatever the approach', () => {
    for (let i = 0; i < 300; i++) expect(drawFaultPlan(FAULT_PRESETS.harsh, 9, `g${i}#1`, true, 'pick up the mug')).toEqual(drawFaultPlan(FAULT_PRESETS.harsh, 9, `g${i}#1`, true));
  });

  it('under realistic, false claims come at the release, when the scene looks almost right', () => {
    const plans = Array.from({ length: 2000 }, (_, i) => drawFaultPlan(FAULT_PRESETS.realistic, 2, `g${i}`, true, `a${i}`));
    const claims = plans.filter((p) => p.falseDoneAtPhaseNamed !== null);
    expect(claims.length).toBeGreaterThan(50);
    for (const p of claims) expect(p.falseDoneAtPhaseNamed).toBe(ALMOST_DONE_PHASE);
    expect(plans.every((p) => p.falseDoneAtPhase === null)).toBe(true);
    expect(plans.filter((p) => p.wrongObject).length).toBeGreaterThan(40);
  });
});
