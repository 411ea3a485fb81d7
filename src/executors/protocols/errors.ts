import { OrcaError } from '../../domain/failures.js';
import type { FailureCode } from '../../domain/failures.js';

/** A value that cannot be put on (or read from) a numpy-flavoured wire format. */
export class CodecError extends OrcaError {
  constructor(message: string, details?: unknown) {
    super('codec_error', message, details);
  }
}

/** numpy dtype kinds openpi's packer refuses (void, object, complex): `ValueError` upstream. */
export class UnsupportedDtypeError extends CodecError {
  constructor(readonly dtype: string) {
    super(`unsupported dtype ${dtype}: openpi msgpack_numpy rejects kinds V, O and c`, { dtype });
  }
}

export type PolicyErrorKind =
  /** The server reported a failure (OpenVLA's HTTP 200 `"error"`, openpi's text frame + close 1011). */
  | 'server_error'
  /** No answer within the timeout. */
  | 'timeout'
  /** Could not connect after every retry. */
  | 'unreachable'
  /** The answer does not have the documented shape. */
  | 'malformed'
  /** The answer is larger than the binding's `max_message_bytes`. */
  | 'too_large'
  /** The answer holds NaN or infinite actions. */
  | 'not_finite'
  /** HTTP status other than 200. */
  | 'http_status'
  /** The connection closed while a request was outstanding. */
  | 'disconnected'
  /** The caller aborted the request (stop/reset). */
  | 'aborted';

/** A failed exchange with a remote policy server. Callers branch on `kind`. */
export class PolicyError extends OrcaError {
  constructor(
    readonly kind: PolicyErrorKind,
    message: string,
    details?: unknown,
  ) {
    super(`policy_${kind}`, message, details);
  }
}

/** The executor failure code a policy error escalates as. */
export function failureCodeOf(err: unknown): FailureCode {
  if (err instanceof PolicyError) {
    if (err.kind === 'timeout') return 'timeout';
    if (err.kind === 'not_finite') return 'unsafe_action';
    if (err.kind === 'aborted') return 'cancelled';
  }
  return 'executor_error';
}
