import type { TickSource } from '../../domain/clock.js';
import type { Robot } from '../../domain/robot.js';
import { deltaEeMapper, LIBERO_MAPPING } from '../protocols/action-map.js';
import type { ActionMapper } from '../protocols/action-map.js';
import { PolicyError } from '../protocols/errors.js';
import { isNdArray, toRows } from '../protocols/ndarray.js';
import type { MsgDecoded } from '../protocols/msgpack-numpy.js';
import { RemotePolicyExecutor } from '../protocols/remote-policy-executor.js';
import type { PolicyBackend } from '../protocols/remote-policy-executor.js';
import type { OpenPiClient } from './client.js';
import { answerClaims } from './household.js';
import type { ObservationBuilder } from './layouts.js';

export interface OpenPiExecutorOptions {
  robot: Robot;
  ticker: TickSource;
  client: OpenPiClient;
  /** `liberoLayout()`, `droidLayout()`, `alohaLayout(...)` or your own. */
  layout: ObservationBuilder;
  /**
   * Chunk steps executed open-loop before re-querying: LIBERO example 5 (`replan_steps`), DROID 8
   * (`open_loop_horizon`). Default 5.
   */
  openLoopSteps?: number;
  /** Action dims kept per step (LIBERO 7, DROID 8, ALOHA 14); extra columns are dropped. */
  actionDim?: number;
  /**
   * Policy action → RobotAction. Default: LIBERO's 7-DoF ee delta (gripper -1 open, +1 closed).
   * DROID (joint velocities) and ALOHA (joint positions) need a mapper that knows the robot's
   * kinematics; `RobotAction` is end-effector space.
   */
  mapAction?: ActionMapper;
  maxSteps?: number;
  trainedTemplates?: readonly string[];
}

/** Reads `actions` (`[horizon, dim]`) from an openpi answer, validated (§2.5). */
export function actionChunk(answer: Record<string, MsgDecoded>, actionDim?: number): number[][] {
  const actions = answer.actions;
  if (!isNdArray(actions) || actions.shape.length !== 2) throw new PolicyError('malformed', 'openpi answer has no 2-d "actions" array');
  let rows: number[][];
  try {
    rows = toRows(actions);
  } catch (err) {
    throw new PolicyError('malformed', (err as Error).message);
  }
  if (rows.length === 0) throw new PolicyError('malformed', 'openpi returned an empty action chunk');
  if (rows.some((r) => r.some((v) => !Number.isFinite(v)))) throw new PolicyError('not_finite', 'openpi returned non-finite actions');
  if (actionDim !== undefined) {
    if ((rows[0]?.length ?? 0) < actionDim) throw new PolicyError('malformed', `openpi actions have fewer than ${actionDim} dims`);
    rows = rows.map((r) => r.slice(0, actionDim));
  }
  return rows;
}

/**
 * openpi policy server as an orca executor: each query returns a chunk, the first `openLoopSteps`
 * run open-loop (one per control tick), then the server is queried again. openpi has no done signal
 * either: `maxSteps` ends the attempt with `claimed_done` and the verifier decides. A server that
 * adds orca's optional `done` / `failure` keys (the `household` layout's) ends the attempt sooner: a
 * done claim after the chunk's actions ran, a failure at once.
 */
export class OpenPiExecutor extends RemotePolicyExecutor {
  constructor(opts: OpenPiExecutorOptions) {
    const { client } = opts;
    const backend: PolicyBackend = {
      infer: async (obs, instruction, signal, observe) => {
        const answer = await client.infer((late) => opts.layout(late ? observe() : obs, instruction), signal);
        return { actions: actionChunk(answer, opts.actionDim), ...answerClaims(answer) };
      },
      health: () => client.health(),
      close: () => client.close(),
    };
    super({
      robot: opts.robot,
      ticker: opts.ticker,
      backend,
      mapAction: opts.mapAction ?? deltaEeMapper(LIBERO_MAPPING),
      openLoopSteps: opts.openLoopSteps ?? 5,
      maxSteps: opts.maxSteps ?? 300,
      trainedTemplates: opts.trainedTemplates ?? ['{instruction}'],
    });
  }
}
