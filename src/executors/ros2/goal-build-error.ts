import { OrcaError } from '../../domain/failures.js';

/** A goal the task cannot be turned into (unknown target name, bad number): the attempt fails before dispatch. */
export class GoalBuildError extends OrcaError {
  constructor(message: string) {
    super('goal_build_error', message);
  }
}
