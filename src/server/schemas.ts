import { z } from 'zod';
import { HumanResponseSchema, HumanResponseTypeSchema, MissionStatusSchema, StartMissionSchema } from '../../agents/orchestrator/types.js';
import type { HumanRequestView, MessageResult, MissionView, RobotView, SceneSummary, WorldObjectView } from '../../agents/orchestrator/types.js';
import { TraceEventSchema, TRACE_EVENT_KINDS } from '../traces/index.js';

/**
 * Zod mirrors of the orchestrator's view interfaces: the OpenAPI document is generated from these,
 * and the compile-time checks at the bottom keep them equal to the interfaces they describe.
 */

const Iso = z.string().describe('ISO 8601 time');

export const HumanRequestViewSchema = z.object({
  id: z.string(),
  missionId: z.string(),
  kind: z.enum(['clarification', 'approval', 'delegation', 'question']),
  question: z.string(),
  options: z.array(z.string()),
  allowed: z.array(HumanResponseTypeSchema),
  subgoalId: z.string().nullable(),
  assignedTo: z.string().nullable(),
  createdAt: Iso,
});

export const SubgoalViewSchema = z.object({
  id: z.string(),
  skill: z.string(),
  args: z.record(z.string(), z.string()),
  robot: z.string(),
  dependsOn: z.array(z.string()),
  instruction: z.string(),
  status: z.enum(['pending', 'running', 'verifying', 'awaiting_human', 'succeeded', 'failed', 'cancelled', 'delegated', 'paused', 'estopped']),
  attempts: z.number().int(),
  failureCodes: z.array(z.string()),
  progress: z.number().nullable(),
});

export const MissionViewSchema = z.object({
  id: z.string(),
  instruction: z.string(),
  scene: z.string(),
  status: MissionStatusSchema,
  reason: z.string().nullable(),
  speaker: z.string(),
  goal: z.unknown(),
  planVersion: z.number().int(),
  subgoals: z.array(SubgoalViewSchema),
  questions: z.array(z.object({ question: z.string(), options: z.array(z.string()), answer: z.string().nullable() })),
  delegations: z.array(z.object({ subgoalId: z.string(), person: z.string(), instruction: z.string(), status: z.string() })),
  pending: z.array(HumanRequestViewSchema),
  messages: z.array(z.object({ from: z.enum(['user', 'orca']), text: z.string(), at: Iso })),
  createdAt: Iso,
  updatedAt: Iso,
  simTime: z.number(),
});

export const MessageResultSchema = z.object({ intent: z.string(), reply: z.string(), mission: MissionViewSchema });

export const RobotViewSchema = z.object({
  id: z.string(),
  scene: z.string(),
  kind: z.string(),
  capabilities: z.array(z.string()),
  busyWith: z.string().nullable(),
  estopped: z.boolean(),
  pose: z.object({ x: z.number(), y: z.number(), theta: z.number() }),
  holding: z.string().nullable(),
  health: z.object({ ok: z.boolean(), detail: z.string() }),
  sees: z.array(z.object({ id: z.string(), type: z.string(), confidence: z.number() })).optional(),
});

export const SceneSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(['house', 'tabletop']),
  source: z.enum(['builtin', 'uploaded', 'fleet']),
  robots: z.array(z.string()),
  people: z.array(z.string()),
  description: z.string().nullable(),
});

export const WorldObjectViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  attributes: z.record(z.string(), z.string()),
  state: z.record(z.string(), z.union([z.boolean(), z.number(), z.string()])),
  location: z.object({ relation: z.enum(['in', 'on', 'held_by', 'at']), target: z.string().nullable() }),
});

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('bad_request | bad_host | unauthorized | forbidden | cross_origin | not_found | conflict | busy | estopped | payload_too_large | unsupported_media_type | unknown_host | queue_full | internal'),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
});

// ---- requests ----

const Text = z.string().trim().min(1).max(2000);
export const MessageBodySchema = z.object({ text: Text, from: z.string().min(1).max(200).optional() }).strict();
export const ControlBodySchema = z.object({ reason: z.string().max(2000).optional() }).strict();
export const SceneUploadJsonSchema = z.object({ text: z.string().min(1) }).strict();
export { HumanResponseSchema, StartMissionSchema };

const Limit = (max: number) => z.coerce.number().int().min(1).max(max);
export const MissionListQuerySchema = z.object({ status: MissionStatusSchema.optional(), limit: Limit(500).optional() }).strict();
export const RequestListQuerySchema = z.object({ missionId: z.string().min(1).max(200).optional() }).strict();

/** Comma-separated kinds (`kind=plan,verdict`) or the parameter repeated. */
const KindList = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter((s) => s.length > 0))
  .pipe(z.array(z.enum(TRACE_EVENT_KINDS)).min(1));

export const TRACE_PAGE_DEFAULT = 100;
export const TRACE_PAGE_MAX = 1000;
export const TraceListQuerySchema = z
  .object({
    kind: KindList.optional().describe('comma-separated event kinds'),
    subgoalId: z.string().min(1).max(200).optional(),
    fromSeq: z.coerce.number().int().min(1).optional().describe('first sequence number to return (inclusive); pass the previous page\'s nextSeq'),
    limit: Limit(TRACE_PAGE_MAX).optional().describe(`page size, default ${TRACE_PAGE_DEFAULT}`),
    since: z.iso.datetime({ offset: true }).optional().describe('wall time lower bound, inclusive'),
    until: z.iso.datetime({ offset: true }).optional().describe('wall time upper bound, inclusive'),
  })
  .strict();
export const TraceExportQuerySchema = z.object({ format: z.enum(['json', 'mcap']).default('json') }).strict();

export const TracePageSchema = z.object({
  events: z.array(TraceEventSchema),
  /** The `fromSeq` of the next page, or null when this page is the last. */
  nextSeq: z.number().int().nullable(),
});

export const EstopStateSchema = z.object({
  latched: z.boolean(),
  reason: z.string().nullable().optional(),
  by: z.string().nullable().optional().describe('who set or released the latch last'),
  at: z.string().nullable().optional().describe('when (ISO time)'),
});
export const HealthSchema = z.object({
  ok: z.boolean(),
  estopLatched: z.boolean(),
  estop: EstopStateSchema.describe('the latch and who set or released it last'),
  streams: z.number().int().describe('open SSE streams'),
});

/** Event streams may carry the bearer token in the URL, for browsers' EventSource. */
export const SseQuerySchema = z.object({ access_token: z.string().optional().describe('bearer token, for clients that cannot set headers') }).strict();

export const IdParams = z.object({ id: z.string().min(1).max(200) });
export const RequestParams = IdParams.extend({ requestId: z.string().min(1).max(200) });
export const SceneParams = z.object({ name: z.string().min(1).max(200) });

// ---- compile-time equality with the orchestrator's interfaces ----
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const checks: [
  Same<z.infer<typeof MissionViewSchema>, MissionView>,
  Same<z.infer<typeof HumanRequestViewSchema>, HumanRequestView>,
  Same<z.infer<typeof MessageResultSchema>, MessageResult>,
  Same<z.infer<typeof RobotViewSchema>, RobotView>,
  Same<z.infer<typeof SceneSummarySchema>, SceneSummary>,
  Same<z.infer<typeof WorldObjectViewSchema>, WorldObjectView>,
] = [true, true, true, true, true, true];
void checks;
