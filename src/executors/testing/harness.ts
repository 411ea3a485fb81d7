import type { ExecutorEvent, ExecutorTask } from '../../domain/executor.js';
import { SimRobot } from '../../robots/sim-robot.js';
import type { Simulation } from '../../world/simulation.js';
import { SimExecutor } from '../sim-executor.js';
import { SimVlaPolicy, type SimVlaPolicyOptions } from '../sim-policy/policy.js';

/** Test helper: one robot of a simulation with a policy and an executor, and the events it emitted. */
export function rig(sim: Simulation, robotId: string, options: SimVlaPolicyOptions = {}) {
  const robot = new SimRobot(sim.world, robotId, { dt: sim.ticker.dt });
  const policy = new SimVlaPolicy(options);
  const executor = new SimExecutor(robot, policy, sim.ticker);
  const events: ExecutorEvent[] = [];
  executor.subscribe((e) => events.push(e));
  let n = 0;
  const task = (instruction: string, goalId = `g${++n}`): ExecutorTask => ({ goalId, subgoalId: goalId, skill: 'test', args: {}, instruction });
  /** Runs one instruction until the executor leaves `running`; returns the terminal event. */
  const run = (instruction: string, maxSeconds = 120, goalId?: string) => {
    executor.reset();
    executor.start(task(instruction, goalId));
    const ticks = Math.round(maxSeconds / sim.ticker.dt);
    for (let i = 0; i < ticks && executor.state === 'running'; i++) sim.advance(1);
    const last = [...events].reverse().find((e) => e.type === 'claimed_done' || e.type === 'failed');
    return { state: executor.state, event: last };
  };
  return { robot, policy, executor, events, task, run };
}
