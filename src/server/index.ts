export { createApp, DEFAULT_MAX_BODY_BYTES, DEFAULT_KEEP_ALIVE_MS } from './app.js';
export type { AppOptions } from './app.js';
export { startServer, isLoopback, listenOptionsFromEnv, DEFAULT_HOST, DEFAULT_PORT } from './server.js';
export type { ServerOptions, RunningServer } from './server.js';
export { parseTokens, roleAllows, SSE_TOKEN_PARAM, RoleSchema, TokenConfigSchema } from './auth.js';
export type { Permission, Role, TokenConfig } from './auth.js';
export { buildOpenApi } from './openapi.js';
export { MCAP_MEDIA_TYPE } from './routes/traces.js';
