import { z } from 'zod';

/**
 * Typed failure codes. Every failure escalated to reflection carries one; recovery is chosen from the
 * code and the attempt history, never by trying everything.
 */
export const FailureCodeSchema = z.enum([
  'grasp_failed',
  'object_dropped',
  'wrong_object',
  'object_not_found',
  'precondition_unmet',
  'stalled',
  'timeout',
  'false_completion',
  'executor_error',
  'unsafe_action',
  'cancelled',
  'estopped',
  'uncertain',
  'no_capable_robot',
]);
export type FailureCode = z.infer<typeof FailureCodeSchema>;

export interface Failure {
  code: FailureCode;
  message: string;
  /** What the decision was based on (observations, verifier evidence, executor messages). */
  evidence?: unknown;
}

/** Base class for orca's typed errors: callers branch on `code`, not on message text. */
export class OrcaError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that fails validation (scene files, skill files, config, HTTP bodies, executor messages). */
export class ValidationError extends OrcaError {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super('validation_error', message, issues);
  }
}
