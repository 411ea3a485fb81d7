import { assign, enqueueActions, setup } from 'xstate';
import type { ActorRefFrom } from 'xstate';
import type { Plan, Subgoal } from '../domain/plan.js';
import type { ExecutionDeps } from './deps.js';
import type { ExecutionEventBody } from './events.js';
import type { MissionOutcomeKind, SubgoalStateName } from './events.js';
import { allFinal, FINAL_STATES, readySubgoals } from './scheduling.js';
import { robotOf, subgoalMachine } from './subgoal-machine.js';
import type { SubgoalEvent, SubgoalReport } from './subgoal-machine.js';

type SubgoalRef = ActorRefFrom<typeof subgoalMachine>;

export interface MissionInput {
  deps: ExecutionDeps;
  plan: Plan;
  maxReplans: number;
}

export interface MissionContext {
  deps: ExecutionDeps;
  planId: string;
  planVersion: number;
  order: string[];
  /** Subgoals with their effective dependencies (inserted subgoals add to them). */
  subgoals: Record<string, Subgoal>;
  states: Record<string, SubgoalStateName>;
  robots: Record<string, string | null>;
  refs: Record<string, SubgoalRef>;
  goSent: Record<string, boolean>;
  spawned: number;
  /** Set while the operator's pause (or an e-stop release) holds the mission. */
  paused: boolean;
  unconfirmed: string[];
  pendingPlan: Plan | null;
  replans: number;
  maxReplans: number;
  /** Subgoals a replan removed, with the state they ended in. */
  retired: { id: string; state: SubgoalStateName }[];
  reason: string | null;
  outcome: MissionOutcomeKind | null;
}

export type MissionEvent =
  | SubgoalReport
  | { type: 'PAUSE' }
  | { type: 'RESUME' }
  | { type: 'CANCEL'; reason: string }
  | { type: 'ESTOP' }
  | { type: 'RELEASE' }
  | { type: 'FORWARD'; id: string; event: SubgoalEvent };

export interface MissionOutput {
  outcome: MissionOutcomeKind;
  reason: string | null;
}

type SpawnFn = (src: 'subgoal', opts: { id: string; input: { deps: ExecutionDeps; subgoal: Subgoal } }) => SubgoalRef;

function spawnAll(c: MissionContext, spawn: SpawnFn, subgoals: readonly Subgoal[]): Partial<MissionContext> {
  const refs = { ...c.refs };
  const states = { ...c.states };
  const robots = { ...c.robots };
  const all = { ...c.subgoals };
  let n = c.spawned;
  for (const sg of subgoals) {
    n += 1;
    all[sg.id] = sg;
    states[sg.id] = 'pending';
    robots[sg.id] = robotOf(sg);
    refs[sg.id] = spawn('subgoal', { id: `${sg.id}#${n}`, input: { deps: c.deps, subgoal: sg } });
  }
  return { refs, states, robots, subgoals: all, spawned: n };
}

const live = (c: MissionContext): string[] => c.order.filter((id) => !FINAL_STATES.has(c.states[id] ?? 'pending'));
const someFailed = ({ context }: { context: MissionContext }): boolean => context.order.some((id) => context.states[id] === 'failed');
const everySucceeded = ({ context }: { context: MissionContext }): boolean => context.order.every((id) => context.states[id] === 'succeeded');
const everyFinal = ({ context }: { context: MissionContext }): boolean => allFinal(context);

const ESTOP_TO = { target: '#mission.estopped', actions: { type: 'broadcast', params: { event: { type: 'ESTOP' } } } } as const;
const bc = (event: SubgoalEvent, skipSucceeded = false) => ({ type: 'broadcast' as const, params: { event, skipSucceeded } });
const say = (event: ExecutionEventBody) => ({ type: 'say' as const, params: { event } });

export const missionMachine = setup({
  types: {} as { context: MissionContext; events: MissionEvent; input: MissionInput; output: MissionOutput },
  actors: { subgoal: subgoalMachine },
  actions: {
    broadcast: enqueueActions(({ context, enqueue }, params: { event: SubgoalEvent; skipSucceeded?: boolean }) => {
      for (const id of live(context)) {
        const ref = context.refs[id];
        if (ref && !(params.skipSucceeded && context.states[id] === 'succeeded')) enqueue.sendTo(ref, params.event);
      }
    }),
    say: ({ context }, params: { event: ExecutionEventBody }) => context.deps.emit(params.event),
    finish: assign(({ context }, params: { outcome: MissionOutcomeKind }) => {
      context.deps.emit({ type: 'mission_outcome', outcome: params.outcome, ...(context.reason ? { reason: context.reason } : {}) });
      return { outcome: params.outcome };
    }),
    applyReport: assign(({ context, event }) => {
      if (event.type !== 'SG') return {};
      const from = context.states[event.id] ?? null;
      const ref = context.refs[event.id];
      // Reports from a subgoal a replan already replaced are not this plan's business.
      if (!ref || !ref.id.startsWith(`${event.id}#`)) return {};
      if (from !== event.state) context.deps.emit({ type: 'subgoal_state', subgoalId: event.id, from, to: event.state });
      const goSent = { ...context.goSent };
      if (event.state !== 'pending') delete goSent[event.id];
      const unconfirmed =
        event.state === 'cancelled' && !event.stopConfirmed ? [...context.unconfirmed, event.id] : context.unconfirmed;
      const reason = event.state === 'failed' && !context.reason ? (event.reason ?? `${event.id} failed`) : context.reason;
      return {
        states: { ...context.states, [event.id]: event.state },
        robots: { ...context.robots, [event.id]: event.robotId },
        goSent,
        unconfirmed,
        reason,
      };
    }),
    schedule: enqueueActions(({ context, enqueue }) => {
      const ready = readySubgoals(context);
      if (ready.length === 0) return;
      enqueue.assign({ goSent: { ...context.goSent, ...Object.fromEntries(ready.map((id) => [id, true])) } });
      for (const id of ready) {
        const ref = context.refs[id];
        if (ref) enqueue.sendTo(ref, { type: 'GO' });
      }
    }),
    applyInsert: assign(({ context, event, spawn }) => {
      if (event.type !== 'INSERT') return {};
      const fresh = event.subgoals.filter((s) => !(s.id in context.subgoals));
      const known = new Set([...Object.keys(context.subgoals), ...fresh.map((s) => s.id)]);
      const valid = fresh.filter((s) => s.dependsOn.every((d) => known.has(d)));
      const target = context.subgoals[event.id];
      if (valid.length === 0 || !target) return {};
      context.deps.emit({ type: 'plan_changed', kind: 'insert', bySubgoal: event.id, subgoals: valid.map((s) => s.id) });
      const at = context.order.indexOf(event.id);
      const order = [...context.order.slice(0, at), ...valid.map((s) => s.id), ...context.order.slice(at)];
      const patched = { ...target, dependsOn: [...target.dependsOn, ...valid.map((s) => s.id)] };
      const spawned = spawnAll(context, spawn as SpawnFn, valid);
      return { ...spawned, order, subgoals: { ...spawned.subgoals, [event.id]: patched } };
    }),
    installPlan: assign(({ context, spawn }) => {
      const plan = context.pendingPlan;
      if (!plan) return {};
      const done = context.order.filter((id) => context.states[id] === 'succeeded');
      const incoming = plan.subgoals.filter((s) => !done.includes(s.id));
      const retired = context.order
        .filter((id) => context.states[id] !== 'succeeded')
        .map((id) => ({ id, state: context.states[id] ?? ('cancelled' as const) }));
      context.deps.emit({ type: 'plan_changed', kind: 'replan', bySubgoal: plan.id, subgoals: incoming.map((s) => s.id) });
      const spawned = spawnAll(context, spawn as SpawnFn, incoming);
      return {
        ...spawned,
        order: [...done, ...incoming.map((s) => s.id)],
        planId: plan.id,
        planVersion: plan.version,
        pendingPlan: null,
        goSent: {},
        retired: [...context.retired, ...retired],
      };
    }),
  },
}).createMachine({
  id: 'mission',
  initial: 'running',
  context: ({ input, spawn }) => {
    const base: MissionContext = {
      deps: input.deps,
      planId: input.plan.id,
      planVersion: input.plan.version,
      order: input.plan.subgoals.map((s) => s.id),
      subgoals: {},
      states: {},
      robots: {},
      refs: {},
      goSent: {},
      spawned: 0,
      paused: false,
      unconfirmed: [],
      pendingPlan: null,
      replans: 0,
      maxReplans: input.maxReplans,
      retired: [],
      reason: null,
      outcome: null,
    };
    return { ...base, ...spawnAll(base, spawn as SpawnFn, input.plan.subgoals) };
  },
  output: ({ context }) => ({ outcome: context.outcome ?? 'uncertain', reason: context.reason }),
  on: {
    FORWARD: {
      actions: enqueueActions(({ context, event, enqueue }) => {
        const ref = context.refs[event.id];
        if (ref) enqueue.sendTo(ref, event.event);
      }),
    },
  },
  states: {
    running: {
      entry: 'schedule',
      always: [
        { guard: everySucceeded, target: 'succeeded' },
        { guard: someFailed, target: 'aborting' },
      ],
      on: {
        SG: { actions: ['applyReport', 'schedule'] },
        INSERT: { actions: ['applyInsert', 'schedule'] },
        REPLAN: { target: 'replanning', actions: assign(({ event }) => ({ pendingPlan: event.plan })) },
        PAUSE: {
          target: 'paused',
          actions: [assign({ paused: true }), say({ type: 'paused' }), bc({ type: 'PAUSE' })],
        },
        ESTOP: ESTOP_TO,
        CANCEL: 'cancelling',
      },
    },
    paused: {
      always: [
        { guard: everySucceeded, target: 'succeeded' },
        { guard: someFailed, target: 'aborting' },
      ],
      on: {
        SG: { actions: 'applyReport' },
        INSERT: { actions: 'applyInsert' },
        REPLAN: { target: 'replanning', actions: assign(({ event }) => ({ pendingPlan: event.plan })) },
        RESUME: {
          target: 'running',
          actions: [assign({ paused: false }), say({ type: 'resumed' }), bc({ type: 'RESUME' })],
        },
        ESTOP: ESTOP_TO,
        CANCEL: 'cancelling',
      },
    },
    estopped: {
      on: {
        SG: { actions: 'applyReport' },
        INSERT: { actions: 'applyInsert' },
        REPLAN: { actions: assign(({ event }) => ({ pendingPlan: event.plan })) },
        RELEASE: [
          {
            guard: ({ context }) => context.pendingPlan !== null,
            target: 'replanning',
            actions: [assign({ paused: true }), say({ type: 'estop_released' })],
          },
          {
            target: 'paused',
            actions: [assign({ paused: true }), say({ type: 'estop_released' }), bc({ type: 'RELEASE' })],
          },
        ],
        CANCEL: 'cancelling',
      },
    },
    replanning: {
      entry: [
        assign(({ context }) => ({ replans: context.replans + 1 })),
        bc({ type: 'CANCEL', reason: 'superseded by a new plan' }, true),
      ],
      always: [
        {
          guard: ({ context }) => context.replans > context.maxReplans,
          target: 'aborting',
          actions: assign(({ context }) => ({ reason: `replanned more than ${context.maxReplans} times` })),
        },
        { guard: ({ context }) => allFinal(context) && context.paused, target: 'paused', actions: 'installPlan' },
        { guard: everyFinal, target: 'running', actions: 'installPlan' },
      ],
      on: { SG: { actions: 'applyReport' }, ESTOP: ESTOP_TO },
    },
    cancelling: {
      entry: [
        ({ context, event }) => context.deps.emit({ type: 'cancel_requested', reason: event.type === 'CANCEL' ? event.reason : 'cancel' }),
        assign(({ context, event }) => ({ reason: context.reason ?? (event.type === 'CANCEL' ? event.reason : null) })),
        bc({ type: 'CANCEL', reason: 'mission cancelled' }),
      ],
      always: [
        { guard: ({ context }) => allFinal(context) && context.unconfirmed.length > 0, target: 'uncertain' },
        { guard: everyFinal, target: 'cancelled' },
      ],
      on: {
        SG: { actions: 'applyReport' },
        ESTOP: { actions: [bc({ type: 'ESTOP' }), bc({ type: 'CANCEL', reason: 'mission cancelled' })] },
      },
    },
    aborting: {
      entry: bc({ type: 'CANCEL', reason: 'mission aborted' }),
      always: { guard: everyFinal, target: 'failed' },
      on: {
        SG: { actions: 'applyReport' },
        ESTOP: { actions: [bc({ type: 'ESTOP' }), bc({ type: 'CANCEL', reason: 'mission aborted' })] },
      },
    },
    succeeded: { type: 'final', entry: { type: 'finish', params: { outcome: 'succeeded' } } },
    failed: { type: 'final', entry: { type: 'finish', params: { outcome: 'failed' } } },
    cancelled: { type: 'final', entry: { type: 'finish', params: { outcome: 'cancelled' } } },
    uncertain: {
      type: 'final',
      entry: [
        assign(({ context }) => ({ reason: `stop not confirmed by ${context.unconfirmed.join(', ')}` })),
        { type: 'finish', params: { outcome: 'uncertain' } },
      ],
    },
  },
});
