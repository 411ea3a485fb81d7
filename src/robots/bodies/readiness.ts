import { BodyNotReadyError } from './errors.js';
import { withTimeout } from './commands.js';
import type { TopicStatus } from './sensors.js';
import { sameMessageType } from './transport.js';
import type { TopicTransport } from './transport.js';

export interface ReadinessCheck {
  robotId: string;
  transport: TopicTransport;
  /** Sensor topics: each must deliver a message that decodes. */
  inputs: readonly TopicStatus[];
  /** Command topics: each must exist in the graph with its type (someone listens). */
  outputs: readonly { topic: string; type: string; role: string }[];
}

const POLL_MS = 100;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const named = (t: { topic: string; role: string }): string => `${t.topic} (${t.role})`;

async function connectWithin(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  const abort = new AbortController();
  const connected: Promise<Error | 'timeout' | null> = check.transport.connect(abort.signal).then(
    () => null,
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  const outcome = await withTimeout(connected, timeoutMs, 'timeout');
  if (outcome === null) return;
  abort.abort();
  const why = outcome === 'timeout' ? `no connection within ${timeoutMs} ms` : outcome.message;
  throw new BodyNotReadyError(check.robotId, `cannot reach ${check.transport.describe}: ${why}`);
}

/** A topic the graph shows with another message type: a wrong mapping, reported at once. */
function wrongType(check: ReadinessCheck, graph: Map<string, string[]>): BodyNotReadyError | null {
  for (const t of [...check.inputs, ...check.outputs]) {
    const types = graph.get(t.topic) ?? [];
    const other = types.filter((x) => !sameMessageType(x, t.type));
    if (other.length > 0) {
      return new BodyNotReadyError(check.robotId, `topic ${named(t)} carries ${other.join(', ')}, but the body is configured for ${t.type}`, [t.topic]);
    }
  }
  return null;
}

function notReady(check: ReadinessCheck, missing: readonly { topic: string; role: string }[], timeoutMs: number): BodyNotReadyError {
  const silent = check.inputs.filter((s) => s.lastAt === null && !missing.includes(s));
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`not in the ROS graph of ${check.transport.describe}: ${missing.map(named).join(', ')}`);
  if (silent.length > 0) {
    const why = (s: TopicStatus): string => (s.lastError ? ` — ${s.received} message(s), none usable: ${s.lastError}` : s.received > 0 ? ` — ${s.received} message(s) without what it needs` : '');
    parts.push(`no usable message within ${timeoutMs} ms on ${silent.map((s) => `${named(s)}${why(s)}`).join('; ')}`);
  }
  return new BodyNotReadyError(check.robotId, parts.join('; '), [...missing, ...silent].map((t) => t.topic));
}

/**
 * Resolves once the transport is connected, every topic the graph knows has the configured type,
 * and every sensor topic has delivered; rejects with the topics at fault as soon as a type is wrong,
 * or when `timeoutMs` passes. Never hangs on an unreachable endpoint.
 */
export async function waitReady(check: ReadinessCheck, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await connectWithin(check, timeoutMs);
  let missing: { topic: string; role: string }[] = [];
  for (;;) {
    const remaining = deadline - Date.now();
    const graph = remaining > 0 ? await check.transport.topicTypes(Math.min(1000, remaining)).catch(() => null) : null;
    if (graph) {
      const wrong = wrongType(check, graph);
      if (wrong) throw wrong;
      missing = [...check.inputs, ...check.outputs].filter((t) => !graph.has(t.topic));
    }
    if (missing.length === 0 && check.inputs.every((s) => s.lastAt !== null)) return;
    if (Date.now() >= deadline) throw notReady(check, missing, timeoutMs);
    await sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}
