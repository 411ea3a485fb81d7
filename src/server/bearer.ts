import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Bearer tokens without any web framework: the HTTP gateway thread authenticates the e-stop with
 * this, and the express authenticator is built on it.
 */
export type RoleName = 'operator' | 'reviewer' | 'admin';

/** What a route needs: `read` (GETs), `operate` (drive missions, e-stop) or `admin` (scenes, e-stop release). */
export type Permission = 'read' | 'operate' | 'admin';

export interface BearerToken {
  token: string;
  role: RoleName;
  /** Who holds it, for the request log and the e-stop journal. */
  name?: string;
}

const GRANTS: Record<RoleName, readonly Permission[]> = {
  reviewer: ['read'],
  operator: ['read', 'operate'],
  admin: ['read', 'operate', 'admin'],
};

export function roleAllows(role: RoleName, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/**
 * The token an `Authorization: Bearer …` header carries, among `tokens`; null when absent or unknown.
 * Digests are compared in constant time so response timing does not leak token prefixes.
 */
export function bearerIdentifier(tokens: readonly BearerToken[]): (header: string | undefined) => BearerToken | null {
  const known = tokens.map((t) => ({ ...t, hash: digest(t.token) }));
  return (header) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match?.[1]) return null;
    const hash = digest(match[1]);
    const found = known.find((t) => timingSafeEqual(t.hash, hash));
    return found ? { token: found.token, role: found.role, ...(found.name !== undefined ? { name: found.name } : {}) } : null;
  };
}

/** How a request's maker is named in the records it leaves. */
export function requesterName(token: BearerToken | null): string {
  if (!token) return 'local user (no token)';
  return token.name ?? `a ${token.role} token`;
}
