import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Authenticator, Permission } from './auth.js';
import { parseOr400 } from './errors.js';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** One documented route: the same record drives express and the OpenAPI document, so they cannot drift. */
export interface RouteSpec<P extends AnyObject | undefined = AnyObject | undefined, Q extends z.ZodType | undefined = z.ZodType | undefined, B extends z.ZodType | undefined = z.ZodType | undefined> {
  id: string;
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express path below `/api`, e.g. `/missions/:id`. */
  path: string;
  summary: string;
  tag: string;
  /** null: no token needed. */
  permission: Permission | null;
  params?: P;
  query?: Q;
  body?: B;
  /** Validate the body but never refuse for it: an invalid body reads as `{}` (the e-stop). Its schema must accept `{}`. */
  lenientBody?: boolean;
  /** Extra request media types whose body arrives as a string (scene upload accepts YAML). */
  textBody?: string[];
  status?: number;
  response?: z.ZodType;
  /** Non-JSON success media type (SVG, SSE, downloads); the handler writes the response itself. */
  produces?: string;
  /** Failure statuses besides 400/401/403/500 worth documenting. */
  errors?: number[];
}

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  req: Request;
  res: Response;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export class ApiRegistry {
  readonly specs: RouteSpec[] = [];
}

export interface RouteContext {
  router: Router;
  registry: ApiRegistry;
  auth: Authenticator;
}

/**
 * Registers a route: auth, then params/query/body validation (400 naming the fields) before the
 * handler runs, so the orchestrator is never called with bad input. A handler returning a value sends
 * it as JSON with `spec.status`; returning undefined means it wrote the response itself.
 */
export function route<P extends AnyObject | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
  ctx: RouteContext,
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<Out<P>, Out<Q>, Out<B>>) => unknown,
): void {
  ctx.registry.specs.push(spec as RouteSpec);
  const guards = spec.permission === null ? [] : [ctx.auth.require(spec.permission)];
  ctx.router[spec.method](spec.path, ...guards, async (req: Request, res: Response) => {
    const params = (spec.params ? parseOr400(spec.params, req.params, 'params') : undefined) as Out<P>;
    const query = (spec.query ? parseOr400(spec.query, req.query ?? {}, 'query') : undefined) as Out<Q>;
    const body = (spec.body ? (spec.lenientBody ? lenient(spec.body, bodyOf(req)) : parseOr400(spec.body, bodyOf(req), 'body')) : undefined) as Out<B>;
    const result = await handler({ params, query, body, req, res });
    if (result !== undefined && !res.headersSent) res.status(spec.status ?? 200).json(result);
  });
}

/** A POST without a body (no content type) validates as `{}`, so optional-only bodies may be omitted. */
function bodyOf(req: Request): unknown {
  const body: unknown = req.body;
  if (body === undefined || (typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0 && !req.headers['content-type'])) return {};
  return body;
}

function lenient(schema: z.ZodType, value: unknown): unknown {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : schema.parse({});
}
