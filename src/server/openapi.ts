import { z } from 'zod';
import type { RouteSpec } from './route.js';
import * as S from './schemas.js';
import { TraceEventSchema } from '../traces/index.js';

type Json = Record<string, unknown>;

/** Shared shapes get a name under components.schemas; route-specific ones are named after the operation. */
const NAMED: [z.ZodType, string][] = [
  [S.MissionViewSchema, 'MissionView'],
  [S.HumanRequestViewSchema, 'HumanRequestView'],
  [S.SubgoalViewSchema, 'SubgoalView'],
  [S.MessageResultSchema, 'MessageResult'],
  [S.RobotViewSchema, 'RobotView'],
  [S.SceneSummarySchema, 'SceneSummary'],
  [S.WorldObjectViewSchema, 'WorldObjectView'],
  [S.ErrorBodySchema, 'Error'],
  [S.StartMissionSchema, 'StartMission'],
  [S.HumanResponseSchema, 'HumanResponse'],
  [S.MessageBodySchema, 'MessageBody'],
  [S.ControlBodySchema, 'ControlBody'],
  [S.TracePageSchema, 'TracePage'],
  [TraceEventSchema, 'TraceEvent'],
  [S.EstopStateSchema, 'EstopState'],
];

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid input; `error.issues` names each failing field',
  401: 'Missing or unknown bearer token',
  403: 'The token\'s role may not do this, or a write from another origin',
  404: 'Unknown mission, request or scene',
  409: 'Conflict: a robot is busy (detail says which mission holds which robot), already answered, e-stop latched, a duplicate scene, or a world reset while a mission on the scene has not ended',
  413: 'Body larger than the configured limit',
  415: 'The body is not application/json (scene upload: or YAML)',
  429: 'Too many missions are queued; wait for some to end or cancel one',
  500: 'Unexpected failure (no internals disclosed)',
};

export interface OpenApiInfo {
  title?: string;
  version?: string;
}

/** The OpenAPI 3.1 document of the given routes, schemas generated from their zod definitions. */
export function buildOpenApi(specs: readonly RouteSpec[], info: OpenApiInfo = {}): Json {
  const registry = z.registry<{ id: string }>();
  const idOf = new Map<z.ZodType, string>();
  const name = (schema: z.ZodType, id: string): string => {
    const existing = idOf.get(schema);
    if (existing) return existing;
    registry.add(schema, { id });
    idOf.set(schema, id);
    return id;
  };
  for (const [schema, id] of NAMED) name(schema, id);
  for (const spec of specs) {
    if (spec.body) name(spec.body, `${cap(spec.id)}Body`);
    if (spec.response) name(spec.response, `${cap(spec.id)}Response`);
  }
  const generated = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input', unrepresentable: 'any' });
  const schemas = hoistShared(generated.schemas as Record<string, Json>);
  const ref = (schema: z.ZodType) => ({ $ref: `#/components/schemas/${idOf.get(schema) ?? 'unknown'}` });

  const paths: Record<string, Record<string, Json>> = {};
  for (const spec of specs) {
    const path = `/api${spec.path}`.replace(/:(\w+)/g, '{$1}');
    const operation: Json = {
      operationId: spec.id,
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.permission === null ? { security: [] } : { 'x-orca-permission': spec.permission }),
      parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
      ...(spec.body ? { requestBody: requestBody(spec, ref(spec.body)) } : {}),
      responses: responses(spec, spec.response ? ref(spec.response) : null),
    };
    (paths[path] ??= {})[spec.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: info.title ?? 'orca', version: info.version ?? '0.1.0', description: 'Robot orchestration service: missions, human requests, e-stop, scenes, traces and live events.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Token from ORCA_TOKENS; roles operator, reviewer, admin' } },
    },
  };
}

/**
 * Unnamed schemas used by several components (the recursive JSON value inside trace data) come back
 * under a pseudo-schema `__shared`; OpenAPI tools expect plain component names, so lift them out.
 */
function hoistShared(generated: Record<string, Json>): Record<string, Json> {
  const SHARED = '__shared';
  const sharedDefs = (generated[SHARED]?.['$defs'] ?? {}) as Record<string, Json>;
  const rename = (id: string) => `Shared_${id}`;
  const all: Record<string, Json> = {};
  for (const [id, schema] of Object.entries(generated)) {
    if (id === SHARED) continue;
    const { $schema: _s, $id: _i, ...rest } = schema;
    all[id] = rest;
  }
  for (const [id, schema] of Object.entries(sharedDefs)) all[rename(id)] = schema;
  const text = JSON.stringify(all).replace(/#\/components\/schemas\/__shared#\/\$defs\/([\w-]+)/g, (_m, id: string) => `#/components/schemas/${rename(id)}`);
  return JSON.parse(text) as Record<string, Json>;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, prop]) => {
    const { $schema: _s, ...json } = z.toJSONSchema(prop, { io: 'input', unrepresentable: 'any' }) as Json;
    return {
      name: key,
      in: where,
      required: where === 'path' || !prop.safeParse(undefined).success,
      ...(typeof json['description'] === 'string' ? { description: json['description'] } : {}),
      schema: json,
    };
  });
}

function requestBody(spec: RouteSpec, schemaRef: Json): Json {
  const content: Json = { 'application/json': { schema: schemaRef } };
  for (const type of spec.textBody ?? []) content[type] = { schema: { type: 'string' } };
  const optional = spec.body?.safeParse({}).success ?? false;
  return { required: !optional, content };
}

function responses(spec: RouteSpec, schemaRef: Json | null): Json {
  const status = String(spec.status ?? 200);
  const ok: Json = { description: spec.summary };
  if (spec.produces) ok['content'] = { [spec.produces]: { schema: spec.produces === 'application/json' && schemaRef ? schemaRef : { type: 'string', ...(spec.produces.includes('json') || spec.produces.startsWith('text/') || spec.produces.includes('svg') ? {} : { contentMediaType: spec.produces }) } } };
  else if (schemaRef) ok['content'] = { 'application/json': { schema: schemaRef } };
  const out: Json = { [status]: ok };
  const codes = new Set([...(spec.params || spec.query || spec.body ? [400] : []), ...(spec.permission ? [401, 403] : []), ...(spec.errors ?? []), ...(spec.body ? [413, 415] : []), 500]);
  for (const code of [...codes].sort()) out[String(code)] = { description: ERROR_TEXT[code] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  return out;
}
