import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './testing/harness.js';
import type { Harness } from './testing/harness.js';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }>; security?: unknown[] }>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>; securitySchemes: Record<string, { type: string; scheme: string }> };
  security: unknown[];
};

let h: Harness;
let doc: Doc;
beforeAll(async () => {
  h = await startHarness();
  doc = (await h.call('GET', '/openapi.json')).body as Doc;
});
afterAll(async () => {
  await h.close();
});

const ROUTES = [
  'post /api/missions', 'get /api/missions', 'get /api/missions/{id}', 'post /api/missions/{id}/messages',
  'get /api/requests', 'post /api/missions/{id}/requests/{requestId}',
  'post /api/missions/{id}/pause', 'post /api/missions/{id}/resume', 'post /api/missions/{id}/cancel',
  'post /api/estop', 'post /api/estop/release', 'get /api/estop',
  'get /api/robots', 'get /api/robots/configured', 'get /api/scenes', 'post /api/scenes', 'post /api/scenes/{name}/reset', 'get /api/scenes/{name}/svg', 'get /api/scenes/{name}/objects',
  'get /api/missions/{id}/trace', 'get /api/missions/{id}/trace/export',
  'get /api/missions/{id}/world', 'get /api/missions/{id}/plots', 'get /api/missions/{id}/checkpoints',
  'get /api/missions/{id}/events', 'get /api/events',
  'get /api/memory', 'get /api/memory/{id}', 'patch /api/memory/{id}', 'delete /api/memory/{id}',
];

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with a bearer security scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes['bearer']).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.security).toEqual([{ bearer: [] }]);
  });

  it('lists every route, and nothing else', () => {
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(listed.sort()).toEqual([...ROUTES].sort());
  });

  it('describes bodies and responses from the zod schemas, and every $ref resolves', () => {
    const start = doc.paths['/api/missions']?.['post'];
    const bodyRef = (start?.requestBody?.content['application/json']?.schema as { $ref: string }).$ref;
    const body = doc.components.schemas[bodyRef.split('/').pop() ?? ''];
    expect(body?.required).toEqual(['instruction']);
    expect(Object.keys(body?.properties ?? {})).toEqual(expect.arrayContaining(['instruction', 'scene', 'robot', 'whenBusy']));
    expect(start?.responses['201']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/MissionView' });
    expect(Object.keys(start?.responses ?? {})).toEqual(expect.arrayContaining(['400', '401', '403', '409', '413', '415', '429']));
    expect(doc.components.schemas['MissionView']?.required).toEqual(expect.arrayContaining(['id', 'status', 'pending', 'subgoals']));
    expect(Object.keys(doc.paths['/api/scenes']?.['post']?.requestBody?.content ?? {})).toContain('text/yaml');
    for (const ref of refs(doc)) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined();
  });
});
