import { OrcaError } from '../../domain/failures.js';

/** A body did not become ready: unreachable, a topic missing or of another type, or silent. */
export class BodyNotReadyError extends OrcaError {
  constructor(
    readonly robotId: string,
    message: string,
    readonly topics: readonly string[] = [],
  ) {
    super('body_not_ready', `robot ${robotId}: ${message}`, { topics });
  }
}

/** A body configuration that cannot work (caught when the body is opened). */
export class BodyConfigError extends OrcaError {
  constructor(robotId: string, message: string) {
    super('invalid_config', `robot ${robotId}: ${message}`);
  }
}
