import { isIP } from 'node:net';
import { hostname as machineHostname } from 'node:os';
import { z } from 'zod';

/**
 * The checks every request passes before any router sees it, as a pure function so any HTTP front
 * (the express app, a separate e-stop listener) can apply the same rules:
 * 1. the Host header names this server (a DNS-rebinding page sends its own name);
 * 2. a state-changing request from a browser comes from this server's own origin;
 * 3. a body is JSON (or, for a scene upload, YAML): the media types a cross-site form or a
 *    CORS-safelisted fetch can send without a preflight are refused.
 */

export interface GuardRequest {
  method: string;
  /** The URL path, without the query string. */
  path: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface GuardRefusal {
  status: 400 | 403 | 415 | 421;
  code: 'bad_host' | 'unknown_host' | 'cross_origin' | 'unsupported_media_type';
  message: string;
}

export interface GuardPolicy {
  /** Host header values accepted as they are (lower case, `name:port`; bare `name` when the port is 80). */
  exactHosts: ReadonlySet<string>;
  /** Configured names, accepted with any port (a proxy in front may use another one). */
  anyPortNames: ReadonlySet<string>;
  /** A wildcard bind with tokens: any IP-address Host is accepted (an address cannot be rebound by DNS). */
  anyAddress: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const YAML_MEDIA_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'] as const;
const JSON_ONLY: readonly string[] = ['application/json'];
const JSON_OR_YAML: readonly string[] = ['application/json', ...YAML_MEDIA_TYPES];

/** `name` or `name:port`; names are DNS labels or IP addresses (IPv6 in brackets). */
const HOST_PATTERN = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

export const AllowedHostSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(260)
  .regex(HOST_PATTERN, 'a host name or address, optionally with :port (IPv6 in brackets)');

/** `ORCA_ALLOWED_HOSTS=name,name:port`; throws naming the bad entry. */
export function parseAllowedHosts(env: Readonly<Record<string, string | undefined>>): string[] {
  const raw = env['ORCA_ALLOWED_HOSTS']?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((entry, i) => {
      const parsed = AllowedHostSchema.safeParse(entry);
      if (!parsed.success) throw new Error(`ORCA_ALLOWED_HOSTS entry ${i + 1} ("${entry}") is invalid: ${parsed.error.issues.map((x) => x.message).join('; ')}`);
      return parsed.data;
    });
}

function bracketed(host: string): string {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return isIP(bare) === 6 ? `[${bare}]` : bare;
}

/** The same rule as startServer's `isLoopback`, which decides whether a bind needs tokens. */
function isLoopbackName(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

const isWildcard = (host: string): boolean => ['0.0.0.0', '::', '[::]', ''].includes(host.trim());

export interface GuardPolicyInput {
  /** The address the server binds (`127.0.0.1`, `::1`, `0.0.0.0`, a name…). */
  bindHost: string;
  /** The port it listens on. */
  port: number;
  /** Extra names: `name` (any port) or `name:port`. */
  allowedHosts?: readonly string[];
  /** Whether bearer tokens are required; without them only loopback binds are served. */
  tokens: 'required' | 'none';
  /** The machine's name, accepted on a wildcard bind (default: `os.hostname()`). */
  machineName?: string;
}

/**
 * What Host values name this server: the bound address (for a loopback bind also `127.0.0.1`,
 * `localhost` and `[::1]`) with the port, and the configured names. A wildcard bind (which needs
 * tokens) also accepts `localhost`, the machine's name and any IP address, since only a domain name
 * can be rebound.
 */
export function buildGuardPolicy(input: GuardPolicyInput): GuardPolicy {
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  const withPort = (name: string): void => {
    exact.add(`${name}:${input.port}`);
    if (input.port === 80) exact.add(name);
  };
  const wildcard = isWildcard(input.bindHost);
  if (wildcard && input.tokens !== 'required') throw new Error(`a wildcard bind (${input.bindHost || 'all addresses'}) needs bearer tokens`);
  if (wildcard) {
    withPort('localhost');
    const machine = (input.machineName ?? machineHostname()).toLowerCase();
    if (HOST_PATTERN.test(machine)) withPort(machine);
  } else {
    withPort(bracketed(input.bindHost));
    if (isLoopbackName(input.bindHost)) for (const name of ['127.0.0.1', 'localhost', '[::1]']) withPort(name);
  }
  for (const entry of input.allowedHosts ?? []) {
    const parsed = AllowedHostSchema.parse(entry);
    if (/:\d+$/.test(parsed)) exact.add(parsed);
    else anyPort.add(parsed);
  }
  return { exactHosts: exact, anyPortNames: anyPort, anyAddress: wildcard };
}

function header(req: GuardRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function splitHost(host: string): { name: string; port: string | null } {
  const m = /^(.*?)(?::(\d+))?$/.exec(host);
  return { name: m?.[1] ?? host, port: m?.[2] ?? null };
}

function hostAllowed(host: string, policy: GuardPolicy): boolean {
  if (policy.exactHosts.has(host)) return true;
  const { name } = splitHost(host);
  if (policy.anyPortNames.has(name)) return true;
  return policy.anyAddress && isIP(name.replace(/^\[|\]$/g, '')) !== 0;
}

function checkHost(req: GuardRequest, policy: GuardPolicy): GuardRefusal | null {
  const raw = header(req, 'host');
  if (raw === undefined || raw.trim() === '') return { status: 400, code: 'bad_host', message: 'a Host header is required' };
  const host = raw.trim().toLowerCase();
  if (!HOST_PATTERN.test(host)) return { status: 400, code: 'bad_host', message: `malformed Host header ${JSON.stringify(raw.slice(0, 100))}` };
  if (hostAllowed(host, policy)) return null;
  const known = [...policy.exactHosts, ...[...policy.anyPortNames].map((n) => `${n}:*`), ...(policy.anyAddress ? ['any IP address'] : [])];
  return {
    status: 421,
    code: 'unknown_host',
    message: `Host ${JSON.stringify(raw.slice(0, 100))} does not name this server (accepted: ${known.join(', ')}); add it with --allowed-host or ORCA_ALLOWED_HOSTS`,
  };
}

/** A browser's Origin must be this server: same host and port as the (already accepted) Host header. */
function checkOrigin(req: GuardRequest): GuardRefusal | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const origin = header(req, 'origin');
  if (origin === undefined) return null;
  const refuse = (why: string): GuardRefusal => ({ status: 403, code: 'cross_origin', message: `cross-origin request refused: ${why}` });
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return refuse(`Origin ${JSON.stringify(origin.slice(0, 100))} is not this server`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return refuse(`Origin ${JSON.stringify(origin.slice(0, 100))} is not this server`);
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  const host = splitHost((header(req, 'host') ?? '').trim().toLowerCase());
  const sameName = url.hostname === host.name;
  const samePort = (url.port || defaultPort) === (host.port ?? defaultPort);
  return sameName && samePort ? null : refuse(`Origin ${JSON.stringify(origin.slice(0, 100))} is not this server (${host.name}${host.port ? `:${host.port}` : ''})`);
}

function hasBody(req: GuardRequest): boolean {
  if (header(req, 'transfer-encoding') !== undefined) return true;
  const length = header(req, 'content-length');
  return length !== undefined && length.trim() !== '0';
}

/** Which media types a body may have on this route; null: any (the e-stop reads what it can). */
function bodyTypesFor(method: string, path: string): readonly string[] | null {
  const p = path.toLowerCase().replace(/\/+$/, '');
  if (method.toUpperCase() !== 'POST') return JSON_ONLY;
  if (p === '/api/estop') return null;
  if (p === '/api/scenes') return JSON_OR_YAML;
  return JSON_ONLY;
}

function checkMediaType(req: GuardRequest): GuardRefusal | null {
  if (!hasBody(req)) return null;
  const allowed = bodyTypesFor(req.method, req.path);
  if (allowed === null) return null;
  const type = (header(req, 'content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (allowed.includes(type)) return null;
  return {
    status: 415,
    code: 'unsupported_media_type',
    message: `a request body must be ${allowed.join(' or ')}${type ? ` (got ${JSON.stringify(type.slice(0, 100))})` : ' (no Content-Type given)'}`,
  };
}

/** The first rule a request breaks, or null when it may proceed. */
export function guardRequest(req: GuardRequest, policy: GuardPolicy): GuardRefusal | null {
  return checkHost(req, policy) ?? checkOrigin(req) ?? checkMediaType(req);
}
