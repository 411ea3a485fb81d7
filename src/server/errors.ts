import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import { OrchestratorError } from '../../agents/orchestrator/types.js';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { OrcaError, ValidationError } from '../domain/failures.js';

export interface Issue {
  path: string;
  message: string;
}

/** A failure with its HTTP status; everything the routes reject goes through one of these. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { issues?: Issue[]; detail?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function notFound(what: string, id: string): HttpError {
  return new HttpError(404, 'not_found', `${what} ${JSON.stringify(id)} not found`);
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Parses `value` or throws a 400 naming every failing field (`where` prefixes the paths: body, query, params). */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = zodIssues(parsed.error).map((i) => ({ path: i.path ? `${where}.${i.path}` : where, message: i.message }));
  throw new HttpError(400, 'bad_request', `invalid ${where}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

const ORCHESTRATOR_STATUS: Record<OrchestratorError['code'], number> = {
  not_found: 404,
  conflict: 409,
  busy: 409,
  bad_input: 400,
  estopped: 409,
  queue_full: 429,
};

/** Maps any thrown value to an HTTP error; unknown failures become a bare 500 (no stack, no internals). */
export function toHttpError(error: unknown, orchestrator: Orchestrator): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof OrchestratorError) {
    const detail = { ...error.detail };
    // A busy refusal must say who holds what, even if the orchestrator left the detail empty.
    if (error.code === 'busy' && detail['holders'] === undefined) {
      detail['holders'] = orchestrator.robots().filter((r) => r.busyWith !== null).map((r) => ({ robot: r.id, missionId: r.busyWith }));
    }
    const issues = error.code === 'bad_input' ? issuesFromDetail(detail) : undefined;
    return new HttpError(ORCHESTRATOR_STATUS[error.code], error.code === 'bad_input' ? 'bad_request' : error.code, error.message, {
      detail,
      ...(issues ? { issues } : {}),
    });
  }
  if (error instanceof ValidationError) {
    return new HttpError(400, 'bad_request', error.message, { issues: [...error.issues] });
  }
  if (error instanceof OrcaError && error.code === 'not_found') return new HttpError(404, 'not_found', error.message);
  const bodyError = bodyParserError(error) ?? clientError(error);
  if (bodyError) return bodyError;
  return new HttpError(500, 'internal', 'internal server error');
}

function issuesFromDetail(detail: Record<string, unknown>): Issue[] | undefined {
  const parsed = z.array(z.object({ path: z.string(), message: z.string() })).safeParse(detail['issues']);
  if (parsed.success) return parsed.data;
  const field = detail['field'] ?? detail['path'];
  return typeof field === 'string' ? [{ path: field, message: String(detail['message'] ?? 'invalid') }] : undefined;
}

const BodyParserErrorSchema = z.object({ type: z.string(), status: z.number().optional() });

/** body-parser marks its errors with `type`; map the ones a client causes. */
function bodyParserError(error: unknown): HttpError | null {
  const parsed = BodyParserErrorSchema.safeParse(error);
  if (!parsed.success) return null;
  switch (parsed.data.type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', 'request body too large');
    case 'entity.parse.failed':
      return new HttpError(400, 'bad_request', 'malformed JSON body', { issues: [{ path: 'body', message: 'malformed JSON' }] });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_media_type', 'unsupported body encoding');
    case 'request.aborted':
      return new HttpError(400, 'bad_request', 'request aborted');
    case 'request.size.invalid':
      return new HttpError(400, 'bad_request', 'request body length does not match Content-Length');
    default:
      return null;
  }
}

const ClientErrorSchema = z.object({ status: z.number().int().min(400).max(499), code: z.unknown().optional() });

/**
 * Other failures express and body-parser mark as the client's (a status below 500): a path
 * parameter with a malformed percent-escape (the router's URIError), a body that fails to
 * decompress (zlib's Z_* errors). Their messages are not passed on; they may quote internals.
 */
function clientError(error: unknown): HttpError | null {
  const parsed = ClientErrorSchema.safeParse(error);
  if (!parsed.success) return null;
  if (error instanceof URIError) {
    return new HttpError(400, 'bad_request', 'malformed percent-escape in the URL path', { issues: [{ path: 'params', message: 'not valid percent-encoded UTF-8' }] });
  }
  const code = parsed.data.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new HttpError(400, 'bad_request', 'the request body could not be decompressed', { issues: [{ path: 'body', message: 'corrupt compressed body' }] });
  }
  const status = parsed.data.status;
  if (status === 413) return new HttpError(413, 'payload_too_large', 'request body too large');
  if (status === 415) return new HttpError(415, 'unsupported_media_type', 'unsupported request body');
  return new HttpError(status, 'bad_request', 'bad request');
}

export function sendError(res: import('express').Response, err: HttpError): void {
  res.status(err.status).json({
    error: {
      code: err.code,
      message: err.message,
      ...(err.extra.issues ? { issues: err.extra.issues } : {}),
      ...(err.extra.detail && Object.keys(err.extra.detail).length > 0 ? { detail: err.extra.detail } : {}),
    },
  });
}

export function errorHandler(orchestrator: Orchestrator): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const http = toHttpError(error, orchestrator);
    if (http.status >= 500) req.log.error({ err: error }, 'request failed');
    sendError(res, http);
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new HttpError(404, 'not_found', `no route ${req.method} ${req.path}`));
};
