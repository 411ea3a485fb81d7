import { z } from 'zod';
import { ValidationError } from '../domain/failures.js';
import { TraceActorKindSchema, TraceEventKindSchema, MAX_ID_LENGTH } from './schema.js';
import type { TraceEvent, TraceEventInput } from './schema.js';

/** Largest page a single query may ask for; callers page with `afterSeq`. */
export const MAX_QUERY_LIMIT = 10_000;

const Id = z.string().min(1).max(MAX_ID_LENGTH);
const WallBound = z.union([z.iso.datetime({ offset: true }), z.date()]).transform((v) => (typeof v === 'string' ? Date.parse(v) : v.getTime()));

/**
 * Filters for one mission's events; every bound is inclusive except `afterSeq`. Results are always in
 * `seq` order. Events without a sim time never match a sim-time range.
 */
export const TraceQuerySchema = z
  .object({
    kinds: z.array(TraceEventKindSchema).min(1).optional(),
    subgoalId: Id.optional(),
    goalId: Id.optional(),
    actorKind: TraceActorKindSchema.optional(),
    fromSeq: z.number().int().positive().optional(),
    afterSeq: z.number().int().nonnegative().optional(),
    limit: z.number().int().positive().max(MAX_QUERY_LIMIT).optional(),
    fromWall: WallBound.optional(),
    toWall: WallBound.optional(),
    fromSim: z.number().finite().optional(),
    toSim: z.number().finite().optional(),
  })
  .strict();
export type TraceQuery = z.input<typeof TraceQuerySchema>;
/** A validated query: wall bounds are epoch milliseconds. */
export type NormalizedTraceQuery = z.output<typeof TraceQuerySchema>;

export function parseTraceQuery(query: unknown): NormalizedTraceQuery {
  const parsed = TraceQuerySchema.safeParse(query ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new ValidationError(`invalid trace query: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
}

export function parseMissionId(missionId: unknown): string {
  const parsed = Id.safeParse(missionId);
  if (!parsed.success) throw new ValidationError('invalid mission id', [{ path: 'missionId', message: parsed.error.issues[0]?.message ?? 'invalid' }]);
  return parsed.data;
}

export interface TraceMissionSummary {
  missionId: string;
  count: number;
  /** Equal to `count`: sequences are gapless. Kept separate so callers need not rely on it. */
  lastSeq: number;
  firstWallTime: string;
  lastWallTime: string;
}

export type TraceListener = (event: TraceEvent) => void;

/**
 * Append-only, per-mission ordered event log. `append` is synchronous and durable when it returns,
 * so callers record first and then act ("written before the side effect it records").
 */
export interface TraceStore {
  append(input: TraceEventInput): TraceEvent;
  /** All-or-nothing: one invalid input leaves nothing written. */
  appendMany(inputs: readonly TraceEventInput[]): TraceEvent[];
  events(missionId: string, query?: TraceQuery): TraceEvent[];
  missions(): TraceMissionSummary[];
  count(missionId: string): number;
  /** Observers see each event after it is committed, in commit order. Returns the unsubscribe function. */
  subscribe(listener: TraceListener): () => void;
  close(): void;
}

export interface TraceStoreOptions {
  /** Wall clock in epoch milliseconds; injectable so tests are deterministic. */
  now?: () => number;
  /** An observer that throws must not undo or block the append; its error goes here (default: a process warning). */
  onObserverError?: (error: unknown, event: TraceEvent) => void;
}

/** Observer fan-out shared by the stores. */
export class TraceObservers {
  private readonly listeners = new Set<TraceListener>();

  constructor(private readonly onError: (error: unknown, event: TraceEvent) => void = defaultObserverError) {}

  add(listener: TraceListener): () => void {
    // Wrapped so the same function may subscribe twice and unsubscribe independently.
    const entry: TraceListener = (e) => listener(e);
    this.listeners.add(entry);
    return () => {
      this.listeners.delete(entry);
    };
  }

  notify(events: readonly TraceEvent[]): void {
    for (const event of events) {
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.onError(error, event);
        }
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}

function defaultObserverError(error: unknown, event: TraceEvent): void {
  const message = error instanceof Error ? error.message : String(error);
  process.emitWarning(`trace observer failed on ${event.missionId}#${event.seq}: ${message}`, 'TraceObserverWarning');
}

/** ISO 8601 UTC with milliseconds, the only wall-time format stored. */
export function isoWallTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** Events handed out are deep-frozen: history is append-only, so no reader or observer may rewrite it in place. */
export function freezeEvent<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) freezeEvent(v);
    Object.freeze(value);
  }
  return value;
}
