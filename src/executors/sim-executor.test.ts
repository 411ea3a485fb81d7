import { describe, expect, it } from 'vitest';
import { parsePredicate } from '../domain/predicates.js';
import { loadBuiltinScene, Simulation } from '../world/index.js';
import { rig } from './testing/harness.js';

function home(rate = 10) {
  return Simulation.fromScene(loadBuiltinScene('home'), { seed: 11, noise: 'default', controlRate: rate });
}

describe('SimExecutor', () => {
  it('steps the policy on control ticks and emits step events with observation and action', () => {
    const sim = home();
    const r = rig(sim, 'rover');
    r.executor.start(r.task('go to the fridge'));
    expect(r.executor.state).toBe('running');
    sim.advance(5);
    const steps = r.events.filter((e) => e.type === 'step');
    expect(steps.length).toBe(5);
    const last = steps[steps.length - 1];
    expect(last?.type === 'step' && last.observation.robotId).toBe('rover');
    expect(r.events[0]).toMatchObject({ type: 'started', goalId: 'g1' });
  });

  it('confirms a stop only after the halt took effect, and the robot stays still', async () => {
    const sim = home();
    const r = rig(sim, 'rover');
    r.executor.start(r.task('go to the fridge'));
    sim.advance(20);
    let result: { confirmed: boolean } | null = null;
    void r.executor.stop('operator cancel').then((x) => (result = x));
    expect(r.executor.state).toBe('stopping');
    sim.advance(1);
    await Promise.resolve();
    expect(result).toBeNull();
    sim.advance(1);
    await Promise.resolve();
    expect(result).toEqual({ confirmed: true, reason: 'operator cancel' });
    expect(r.executor.state).toBe('stopped');
    expect(r.events.at(-1)).toMatchObject({ type: 'stopped', confirmed: true, reason: 'operator cancel' });
    const pose = sim.world.robot('rover').pose;
    sim.advance(10);
    expect(sim.world.robot('rover').pose).toEqual(pose);
  });

  it('halts within one control step of an e-stop and stays e-stopped until released and reset', () => {
    const sim = home();
    const r = rig(sim, 'rover');
    r.executor.start(r.task('go to the fridge'));
    sim.advance(20);
    r.robot.estop();
    const pose = sim.world.robot('rover').pose;
    sim.advance(1);
    expect(r.executor.state).toBe('estopped');
    expect(sim.world.robot('rover').pose).toEqual(pose);
    expect(r.events.at(-1)).toMatchObject({ type: 'failed', code: 'estopped' });
    sim.advance(10);
    expect(sim.world.robot('rover').pose).toEqual(pose);
    r.executor.start(r.task('go to the fridge'));
    expect(r.executor.state).toBe('estopped');
    r.robot.releaseEstop();
    r.executor.reset();
    expect(r.executor.state).toBe('idle');
    r.executor.start(r.task('go to the fridge'));
    sim.advance(5);
    expect(sim.world.robot('rover').pose).not.toEqual(pose);
  });

  it('claims done, then keeps the robot halted; the claim is not the verdict', () => {
    const sim = home();
    const r = rig(sim, 'kitchen_arm');
    const out = r.run('turn on the faucet', 30);
    expect(out.state).toBe('claimed_done');
    expect(sim.world.truth.evaluate(parsePredicate('isOn(faucet_1)'))).toBe(true);
    const ee = sim.world.robot('kitchen_arm').ee;
    sim.advance(10);
    expect(sim.world.robot('kitchen_arm').ee).toEqual(ee);
  });

  it('fails with executor_error on unintelligible instructions and unsafe_action on rejected actions', () => {
    const sim = home();
    const r = rig(sim, 'rover');
    expect(r.run('frobnicate the whatsit', 5)).toMatchObject({ state: 'failed', event: { type: 'failed', code: 'executor_error' } });
    r.executor.reset();
    r.executor.start(r.task('go to the fridge'));
    // A policy gone wrong: every action non-finite.
    r.policy.act = () => ({ kind: 'act', action: { base: { vx: Number.NaN, vy: 0, wz: 0 } } });
    sim.advance(1);
    expect(r.executor.state).toBe('failed');
    expect(r.events.at(-1)).toMatchObject({ type: 'failed', code: 'unsafe_action' });
  });

  it('changes the instruction mid-run with setTask', () => {
    const sim = home();
    const r = rig(sim, 'kitchen_arm');
    r.executor.start(r.task('pick up the apple', 'g1'));
    sim.advance(3);
    r.executor.setTask(r.task('turn on the faucet', 'g1'));
    expect(r.events.some((e) => e.type === 'task_changed' && e.instruction === 'turn on the faucet')).toBe(true);
    for (let i = 0; i < 300 && r.executor.state === 'running'; i++) sim.advance(1);
    expect(r.executor.state).toBe('claimed_done');
    expect(sim.world.truth.evaluate(parsePredicate('isOn(faucet_1)'))).toBe(true);
    expect(sim.world.truth.evaluate(parsePredicate('handEmpty(kitchen_arm)'))).toBe(true);
  });
});
