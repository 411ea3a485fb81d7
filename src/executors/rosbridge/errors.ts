import { PolicyError } from '../protocols/errors.js';

/** A rosbridge `status` frame at level error (or a failed `service_response`/`action_result`). */
export class RosbridgeStatusError extends PolicyError {
  constructor(
    message: string,
    readonly level: string,
    readonly requestId?: string,
  ) {
    super('server_error', `rosbridge: ${message}`, { level, requestId });
  }
}
