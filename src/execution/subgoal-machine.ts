import { assign, sendParent, sendTo, setup } from 'xstate';
import { attemptActor, reflectActor, stopActor } from './actors.js';
import type { AttemptRecord, HumanRequest, RecoveryDecision } from './decisions.js';
import type { SubgoalStateName } from './events.js';
import { humanCheckActor } from './human-check.js';
import { delegateSubgoal } from './delegate.js';
import { adopt, askHuman, closeLast, now, personTask, recordFailure, remaining, robotOf } from './subgoal-context.js';
import type { SubgoalContext, SubgoalEvent, SubgoalInput, SubgoalReport } from './subgoal-context.js';

export type { SubgoalContext, SubgoalEvent, SubgoalInput, SubgoalReport } from './subgoal-context.js';
export { robotOf } from './subgoal-context.js';

const rep = (state: SubgoalStateName) => ({ type: 'report' as const, params: { state } });
const isDecision = (k: RecoveryDecision['kind']) => ({ context }: { context: SubgoalContext }) => context.decision?.kind === k;

export const subgoalMachine = setup({
  types: {} as { context: SubgoalContext; events: SubgoalEvent; input: SubgoalInput },
  actors: { attempt: attemptActor, stop: stopActor, reflect: reflectActor, humanCheck: humanCheckActor },
  actions: {
    report: sendParent(({ context }, params: { state: SubgoalStateName }): SubgoalReport => ({
      type: 'SG',
      id: context.subgoal.id,
      state: params.state,
      robotId: robotOf(context.subgoal),
      stopConfirmed: context.stopConfirmed,
      reason: context.reason,
    })),
    newAttempt: assign(({ context }) => {
      const goalId = context.deps.newGoalId();
      const attempt: AttemptRecord = {
        attempt: context.attempts.length + 1,
        goalId,
        assignee: robotOf(context.subgoal) ?? '?',
        instruction: context.subgoal.instruction,
        startedAt: now(context),
        endedAt: null,
        result: 'running',
      };
      return { goalId, attempts: [...context.attempts, attempt], progress: null, stopConfirmed: true };
    }),
    close: assign(({ context }, params: { result: AttemptRecord['result'] }) => ({ attempts: closeLast(context, params.result) })),
    onFail: assign(({ context, event }) => (event.type === 'FAIL' ? recordFailure(context, event.failure) : {})),
    setReason: assign(({ event }) => (event.type === 'CANCEL' || event.type === 'REJECT' ? { reason: event.reason } : {})),
    latchFrom: assign((_, params: { from: SubgoalContext['estoppedFrom'] }) => ({ estoppedFrom: params.from })),
  },
  guards: {
    isPerson: ({ context }) => context.subgoal.assignee.kind === 'person',
    needsApproval: ({ context }) => context.subgoal.requiresApproval,
    isQuestion: ({ context }) => context.human?.kind === 'question',
  },
}).createMachine({
  id: 'subgoal',
  initial: 'pending',
  context: ({ input }) => ({
    deps: input.deps,
    subgoal: input.subgoal,
    attempts: [],
    failureCount: 0,
    goalId: null,
    failure: null,
    after: 'failure',
    decision: null,
    human: null,
    estoppedFrom: 'pending',
    stopConfirmed: true,
    progress: null,
    reason: null,
  }),
  states: {
    pending: {
      entry: rep('pending'),
      on: {
        GO: [
          {
            guard: 'isPerson',
            target: 'human',
            actions: [
              assign(({ context }) => ({ subgoal: delegateSubgoal(context.subgoal, context.subgoal.assignee.id) })),
              assign(({ context }) => personTask(context, 'task')),
            ],
          },
          { guard: 'needsApproval', target: 'awaiting_approval' },
          { target: 'attempt' },
        ],
        CANCEL: { target: 'cancelled', actions: 'setReason' },
        ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'pending' } } },
      },
    },
    awaiting_approval: {
      entry: [
        rep('awaiting_approval'),
        ({ context }) =>
          askHuman(context, {
            kind: 'approval',
            subgoalId: context.subgoal.id,
            skill: context.subgoal.skill,
            instruction: context.subgoal.instruction,
            robotId: robotOf(context.subgoal),
          }),
      ],
      on: {
        APPROVE: 'attempt',
        REJECT: { target: 'failed', actions: assign(({ event, context }) => ({ reason: `${context.subgoal.id}: approval rejected: ${event.reason}` })) },
        CANCEL: { target: 'cancelled', actions: 'setReason' },
        ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'pending' } } },
      },
    },
    attempt: {
      entry: 'newAttempt',
      invoke: {
        id: 'attempt',
        src: 'attempt',
        input: ({ context }) => ({
          deps: context.deps,
          subgoal: context.subgoal,
          robotId: robotOf(context.subgoal) ?? '?',
          goalId: context.goalId ?? '?',
          instruction: context.subgoal.instruction,
          attempt: context.attempts.length,
        }),
      },
      initial: 'dispatching',
      states: {
        dispatching: { entry: rep('dispatching'), on: { STARTED: 'executing', CLAIMED: 'verifying' } },
        executing: { entry: rep('executing'), on: { CLAIMED: 'verifying' } },
        verifying: { entry: rep('verifying') },
      },
      on: {
        PROGRESS: { actions: assign(({ event }) => ({ progress: event.score })) },
        VERDICT_OK: { target: 'stopping', actions: assign({ after: 'success' }) },
        FAIL: { target: 'stopping', actions: ['onFail', assign({ after: 'failure' })] },
        PAUSE: { target: 'stopping', actions: [assign({ after: 'pause' }), { type: 'close', params: { result: 'paused' } }] },
        CANCEL: { target: 'cancelling', actions: ['setReason', { type: 'close', params: { result: 'cancelled' } }] },
        ESTOP: {
          target: 'estopped',
          actions: [{ type: 'latchFrom', params: { from: 'active' } }, { type: 'close', params: { result: 'estopped' } }],
        },
        CORRECT: { actions: sendTo('attempt', ({ event }) => event) },
      },
    },
    stopping: {
      entry: rep('stopping'),
      invoke: {
        src: 'stop',
        input: ({ context }) => ({
          deps: context.deps,
          subgoalId: context.subgoal.id,
          robotId: robotOf(context.subgoal),
          goalId: context.goalId,
          reason: context.after,
        }),
        onDone: [
          { guard: ({ context }) => context.after === 'success', target: 'succeeded', actions: assign(({ event }) => ({ stopConfirmed: event.output.confirmed })) },
          { guard: ({ context }) => context.after === 'pause', target: 'paused', actions: assign(({ event }) => ({ stopConfirmed: event.output.confirmed })) },
          { target: 'reflecting', actions: assign(({ event }) => ({ stopConfirmed: event.output.confirmed })) },
        ],
      },
      on: {
        CANCEL: { target: 'cancelling', actions: 'setReason' },
        ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'active' } } },
      },
    },
    reflecting: {
      entry: [
        rep('reflecting'),
        ({ context }) =>
          context.deps.emit({
            type: 'reflection_requested',
            subgoalId: context.subgoal.id,
            code: context.failure?.code ?? 'executor_error',
            attempt: context.attempts.length,
            remainingRetries: remaining(context),
          }),
      ],
      invoke: {
        src: 'reflect',
        input: ({ context }) => ({
          deps: context.deps,
          ctx: {
            subgoal: context.subgoal,
            failure: context.failure ?? { code: 'executor_error', message: 'unknown failure' },
            attempts: context.attempts,
            remainingRetries: remaining(context),
            simTime: now(context),
          },
        }),
        onDone: { target: 'deciding', actions: assign(({ context, event }) => adopt(context, event.output.decision, event.output.note)) },
      },
      on: {
        CANCEL: { target: 'cancelled', actions: 'setReason' },
        ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'active' } } },
      },
    },
    deciding: {
      always: [
        { guard: isDecision('retry'), target: 'pending' },
        {
          guard: isDecision('retry_reworded'),
          target: 'pending',
          actions: assign(({ context }) =>
            context.decision?.kind === 'retry_reworded' ? { subgoal: { ...context.subgoal, instruction: context.decision.instruction } } : {},
          ),
        },
        {
          guard: isDecision('insert'),
          target: 'pending',
          actions: sendParent(({ context }): SubgoalReport => ({
            type: 'INSERT',
            id: context.subgoal.id,
            subgoals: context.decision?.kind === 'insert' ? context.decision.subgoals : [],
          })),
        },
        {
          guard: isDecision('replan'),
          target: 'cancelled',
          actions: [
            assign({ reason: 'replaced by a new plan' }),
            sendParent(({ context }) => ({ type: 'REPLAN', id: context.subgoal.id, plan: context.decision?.kind === 'replan' ? context.decision.plan : null })),
          ],
        },
        {
          guard: isDecision('delegate'),
          target: 'human',
          actions: [
            assign(({ context }) => ({
              subgoal: delegateSubgoal(context.subgoal, context.decision?.kind === 'delegate' ? context.decision.person : '?'),
            })),
            assign(({ context }) => personTask(context, 'delegation')),
          ],
        },
        {
          guard: isDecision('ask'),
          target: 'human',
          actions: assign(({ context }) => {
            const req: HumanRequest = {
              kind: 'question',
              subgoalId: context.subgoal.id,
              question: context.decision?.kind === 'ask' ? context.decision.question : '?',
              failure: context.failure,
            };
            askHuman(context, req);
            return { human: req };
          }),
        },
        { target: 'failed', actions: assign(({ context }) => ({ reason: context.decision?.kind === 'abort' ? context.decision.reason : 'aborted' })) },
      ],
    },
    human: {
      initial: 'awaiting_human',
      states: {
        awaiting_human: {
          entry: rep('awaiting_human'),
          on: {
            HUMAN_DONE: { guard: ({ context }) => context.human?.kind !== 'question', target: 'verifying' },
            HUMAN_FAILED: {
              guard: ({ context }) => context.human?.kind !== 'question',
              target: '#subgoal.reflecting',
              actions: assign(({ context, event }) =>
                recordFailure(context, { code: 'executor_error', message: `${context.subgoal.assignee.id} could not do it: ${event.message}` }),
              ),
            },
            ANSWER: { guard: 'isQuestion', target: '#subgoal.deciding', actions: assign(({ context, event }) => adopt(context, event.decision)) },
          },
        },
        verifying: {
          entry: rep('verifying'),
          invoke: {
            src: 'humanCheck',
            input: ({ context }) => ({ deps: context.deps, subgoal: context.subgoal, person: context.subgoal.assignee.id }),
          },
          on: {
            HUMAN_VERIFIED: {
              target: '#subgoal.succeeded',
              actions: assign(({ context, event }) => ({
                attempts: closeLast(context, 'succeeded', event.acceptedAsReported ? { acceptedAsReported: true } : {}),
              })),
            },
            FAIL: { target: '#subgoal.reflecting', actions: 'onFail' },
          },
        },
      },
      on: {
        CANCEL: { target: 'cancelled', actions: ['setReason', { type: 'close', params: { result: 'cancelled' } }] },
        ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'human' } } },
      },
    },
    paused: {
      entry: rep('paused'),
      on: {
        RESUME: 'attempt',
        CANCEL: { target: 'cancelled', actions: 'setReason' },
        ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'active' } } },
      },
    },
    cancelling: {
      entry: rep('cancelling'),
      invoke: {
        src: 'stop',
        input: ({ context }) => ({
          deps: context.deps,
          subgoalId: context.subgoal.id,
          robotId: robotOf(context.subgoal),
          goalId: context.goalId,
          reason: 'cancel',
        }),
        onDone: { target: 'cancelled', actions: assign(({ event }) => ({ stopConfirmed: event.output.confirmed })) },
      },
      on: { ESTOP: { target: 'estopped', actions: { type: 'latchFrom', params: { from: 'active' } } } },
    },
    estopped: {
      entry: rep('estopped'),
      on: {
        RELEASE: [
          { guard: ({ context }) => context.estoppedFrom === 'active', target: 'paused' },
          { guard: ({ context }) => context.estoppedFrom === 'human', target: 'human' },
          { target: 'pending' },
        ],
        // The robots' e-stop latch holds them halted: a cancel from here is a confirmed stop.
        CANCEL: { target: 'cancelled', actions: ['setReason', assign({ stopConfirmed: true })] },
      },
    },
    // Terminal, but not `final`: the mission owns its children's lifetimes and stops them at its outcome.
    succeeded: {
      entry: [assign(({ context }) => ({ failureCount: 0, attempts: closeLast(context, 'succeeded') })), rep('succeeded')],
    },
    failed: { entry: rep('failed') },
    cancelled: { entry: rep('cancelled') },
  },
});
