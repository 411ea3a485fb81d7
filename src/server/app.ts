import express from 'express';
import type { Express, Request, RequestHandler } from 'express';
import { pino } from 'pino';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createAuthenticator, parseTokens, SSE_TOKEN_PARAM } from './auth.js';
import type { TokenConfig } from './auth.js';
import { errorHandler, HttpError, notFoundHandler } from './errors.js';
import { EventHub } from './event-hub.js';
import { buildOpenApi } from './openapi.js';
import { ApiRegistry } from './route.js';
import type { RouteContext } from './route.js';
import { estopRoutes, ESTOP_BODY_LIMIT } from './routes/estop.js';
import { eventRoutes } from './routes/events.js';
import { fleetRoutes, SCENE_TEXT_TYPES } from './routes/fleet.js';
import { missionRoutes } from './routes/missions.js';
import { memoryRoutes } from './routes/memory.js';
import { reviewRoutes } from './routes/review.js';
import { traceRoutes } from './routes/traces.js';
import { placeholderPage } from './placeholder.js';
import { buildGuardPolicy, guardRequest, parseAllowedHosts } from './request-guard.js';
import type { GuardPolicy } from './request-guard.js';

export const DEFAULT_MAX_BODY_BYTES = 256 * 1024;
export const DEFAULT_KEEP_ALIVE_MS = 15_000;

export interface AppOptions {
  orchestrator: Orchestrator;
  /** Bearer tokens; default: `ORCA_TOKENS` from the environment. Empty: no authentication (loopback only). */
  tokens?: TokenConfig[];
  logger?: Logger;
  maxBodyBytes?: number;
  /** Serves the web page at `/` from here; without it `/` is a small page pointing at the API document. */
  staticDir?: string;
  /** Interval of SSE keep-alive comments. */
  keepAliveMs?: number;
  /** Where configured robots are read for `GET /api/robots/configured` (default `config/robots`). */
  robotConfigDir?: string;
  /**
   * Host names besides the bound address that requests may name (`name` for any port, `name:port`),
   * e.g. the name of a proxy in front; default `ORCA_ALLOWED_HOSTS` from the environment.
   */
  allowedHosts?: string[];
}

interface AppState {
  hub: EventHub;
  authenticated: boolean;
  logger: Logger;
  /** Called by startServer once the address is bound: from then on Host and Origin are checked against it. */
  bound(host: string, port: number): void;
}

const states = new WeakMap<Express, AppState>();

/** Internal state of an app made by createApp (for startServer). */
export function appState(app: Express): AppState | undefined {
  return states.get(app);
}

function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(new RegExp(`([?&]${SSE_TOKEN_PARAM}=)[^&]*`, 'g'), '$1[redacted]');
}

export function createApp(opts: AppOptions): Express {
  const { orchestrator } = opts;
  const logger = opts.logger ?? pino({ level: process.env['LOG_LEVEL'] ?? 'info' });
  const tokens = opts.tokens ?? parseTokens(process.env);
  const auth = createAuthenticator(tokens);
  const registry = new ApiRegistry();
  const hub = new EventHub(orchestrator);
  const limit = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const allowedHosts = opts.allowedHosts ?? parseAllowedHosts(process.env);
  const tokenMode = auth.enabled ? 'required' : 'none';
  let policy: GuardPolicy | null = null;
  // Before startServer names the bound address (an app served some other way), the socket's own address stands in.
  const policyFor = (req: Request): GuardPolicy =>
    policy ?? buildGuardPolicy({ bindHost: req.socket.localAddress ?? '127.0.0.1', port: req.socket.localPort ?? 0, allowedHosts, tokens: tokenMode });

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(
    pinoHttp({
      logger,
      serializers: {
        // Never log bearer tokens.
        req: (req: { method?: string; url?: string; id?: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
      },
    }),
  );

  // Host, Origin and media type, before every router (the e-stop's included): see request-guard.ts.
  app.use((req, _res, next) => {
    const refusal = guardRequest({ method: req.method, path: req.path, headers: req.headers }, policyFor(req));
    next(refusal ? new HttpError(refusal.status, refusal.code, refusal.message) : undefined);
  });

  // The e-stop comes first, with its own tiny tolerant body reader, so nothing below can delay it.
  const estop = express.Router();
  const tinyJson = express.json({ limit: ESTOP_BODY_LIMIT });
  const tolerantJson: RequestHandler = (req, res, next) => tinyJson(req, res, () => next());
  estop.use('/estop', tolerantJson);
  estopRoutes({ router: estop, registry, auth }, orchestrator);
  app.use('/api', estop);

  const api = express.Router();
  api.use(express.json({ limit }));
  api.use(express.text({ type: SCENE_TEXT_TYPES, limit }));
  const ctx: RouteContext = { router: api, registry, auth };
  missionRoutes(ctx, orchestrator);
  traceRoutes(ctx, orchestrator);
  memoryRoutes(ctx, orchestrator);
  reviewRoutes(ctx, orchestrator);
  eventRoutes(ctx, orchestrator, hub, opts.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS);
  fleetRoutes(ctx, orchestrator, opts.robotConfigDir);
  app.use('/api', api);

  let openapi: unknown = null;
  app.get('/openapi.json', (_req, res) => {
    openapi ??= buildOpenApi(registry.specs);
    res.json(openapi);
  });
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, estopLatched: orchestrator.estopLatched, estop: orchestrator.estopState(), streams: hub.listenerCount });
  });
  if (opts.staticDir) app.use(express.static(opts.staticDir, { index: 'index.html' }));
  app.get('/', (_req, res) => {
    res.type('html').send(placeholderPage());
  });

  app.use(notFoundHandler);
  app.use(errorHandler(orchestrator));
  states.set(app, {
    hub,
    authenticated: auth.enabled,
    logger,
    bound: (host, port) => {
      policy = buildGuardPolicy({ bindHost: host, port, allowedHosts, tokens: tokenMode });
    },
  });
  return app;
}
