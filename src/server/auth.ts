import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { bearerIdentifier, requesterName, roleAllows } from './bearer.js';
import type { Permission } from './bearer.js';
import { HttpError } from './errors.js';

export { roleAllows } from './bearer.js';
export type { Permission } from './bearer.js';

export const RoleSchema = z.enum(['operator', 'reviewer', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const TokenConfigSchema = z.object({
  token: z.string().min(8, 'tokens must be at least 8 characters').regex(/^[^\s:,]+$/, 'tokens may not contain spaces, colons or commas'),
  role: RoleSchema,
  /** Who holds it, for the request log. */
  name: z.string().min(1).max(200).optional(),
});
export type TokenConfig = z.infer<typeof TokenConfigSchema>;


/** Reads `ORCA_TOKENS` (`token:role,token:role`); throws naming the bad entry. Absent or blank: no tokens. */
export function parseTokens(env: Readonly<Record<string, string | undefined>>): TokenConfig[] {
  const raw = env['ORCA_TOKENS']?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry, i) => {
      const at = entry.lastIndexOf(':');
      const candidate = at < 0 ? { token: entry, role: '' } : { token: entry.slice(0, at), role: entry.slice(at + 1) };
      const parsed = TokenConfigSchema.safeParse(candidate);
      if (!parsed.success) {
        const why = parsed.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ');
        throw new Error(`ORCA_TOKENS entry ${i + 1} is invalid (expected token:operator|reviewer|admin): ${why}`);
      }
      return parsed.data;
    });
}

/** Who made a request, for the records a request leaves (the e-stop journal): a token's holder, or the local user. */
export function requesterOf(locals: Record<string, unknown>): string {
  const who = locals['who'];
  return typeof who === 'string' ? who : requesterName(null);
}

/** Query parameter carrying the token where headers cannot be set (a browser's EventSource). */
export const SSE_TOKEN_PARAM = 'access_token';

/** Only event streams take a token in the URL: URLs end up in histories and logs (the request log redacts it). */
function queryToken(req: Request): string | undefined {
  if (req.method !== 'GET' || !req.path.endsWith('/events')) return undefined;
  const value: unknown = (req.query as Record<string, unknown>)[SSE_TOKEN_PARAM];
  return typeof value === 'string' ? `Bearer ${value}` : undefined;
}

export interface Authenticator {
  readonly enabled: boolean;
  require(permission: Permission): RequestHandler;
}

/**
 * Bearer-token check, synchronous so it costs nothing on the e-stop path. Without tokens every request
 * passes: the server only binds loopback then (see startServer).
 */
export function createAuthenticator(tokens: readonly TokenConfig[]): Authenticator {
  const identify = bearerIdentifier(tokens);
  const enabled = tokens.length > 0;
  return {
    enabled,
    require(permission) {
      return (req, res, next) => {
        if (!enabled) {
          next();
          return;
        }
        const who = identify(req.headers.authorization ?? queryToken(req));
        if (!who) {
          res.setHeader('WWW-Authenticate', 'Bearer realm="orca"');
          next(new HttpError(401, 'unauthorized', 'missing or unknown bearer token'));
          return;
        }
        res.locals['role'] = who.role;
        res.locals['who'] = requesterName(who);
        if (!roleAllows(who.role, permission)) {
          next(new HttpError(403, 'forbidden', `role ${who.role} may not ${permission === 'read' ? 'read this' : permission === 'operate' ? 'operate missions' : 'do admin actions'}`));
          return;
        }
        next();
      };
    },
  };
}
