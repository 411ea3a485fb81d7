export { createMissionRunner } from './runner.js';
export type { MissionOutcome, MissionRunner, MissionRunnerOptions } from './runner.js';
export type { Preflight } from './deps.js';
export { defaultReflection } from './reflection.js';
export { RecoveryDecisionSchema, consumesRetry } from './decisions.js';
export type {
  AttemptRecord,
  HumanRequest,
  HumanTaskHook,
  RecoveryDecision,
  ReflectionContext,
  ReflectionHook,
  SubgoalFailure,
} from './decisions.js';
export { ExecutionEventSchema, MissionOutcomeSchema, SubgoalStateNameSchema } from './events.js';
export type { ExecutionEvent, ExecutionEventBody, ExecutionEventType, MissionOutcomeKind, SubgoalStateName } from './events.js';
export type { MissionSnapshot, SubgoalSnapshot } from './snapshot.js';
export { missionMachine } from './mission-machine.js';
export { subgoalMachine } from './subgoal-machine.js';
export { criteriaForPerson, delegateSubgoal } from './delegate.js';
export { HumanWaitMeter } from './human-waits.js';
