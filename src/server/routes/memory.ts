import { z } from 'zod';
import { MemoryEditSchema, MemoryEntrySchema } from '../../../agents/memory/index.js';
import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import { HttpError, notFound } from '../errors.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import * as S from '../schemas.js';

export const MemoryListQuerySchema = z
  .object({
    kind: z.enum(['reference', 'failure_stats']).optional(),
    site: z.string().min(1).max(200).optional(),
    person: z.string().min(1).max(200).optional(),
    includeExpired: z.enum(['true', 'false']).optional().describe('Expired entries are kept for inspection; `true` lists them too'),
  })
  .strict();

export const MemoryListSchema = z.object({
  entries: z.array(MemoryEntrySchema),
  /** Rows that failed validation on this read: removed, never returned as entries. */
  dropped: z.array(z.object({ id: z.string(), reason: z.string() })),
});

/** The site memory: people list, correct and delete what orca remembers (docs/api.md#memory). */
export function memoryRoutes(ctx: RouteContext, orchestrator: Orchestrator): void {
  const memory = orchestrator.memory;
  route(ctx, { id: 'listMemory', method: 'get', path: '/memory', tag: 'memory', summary: 'What orca remembers: references people gave, failure statistics, newest first', permission: 'read', query: MemoryListQuerySchema, response: MemoryListSchema }, ({ query }) => {
    const { includeExpired, ...filter } = query;
    return memory.list({ ...filter, ...(includeExpired === 'true' ? { includeExpired: true } : {}) });
  });

  route(ctx, { id: 'getMemory', method: 'get', path: '/memory/:id', tag: 'memory', summary: 'One memory entry with its evidence', permission: 'read', params: S.IdParams, response: MemoryEntrySchema, errors: [404] }, ({ params }) => {
    return memory.get(params.id) ?? throwNotFound(params.id);
  });

  route(ctx, { id: 'editMemory', method: 'patch', path: '/memory/:id', tag: 'memory', summary: 'Correct a remembered reference (phrase, things, label, whose); statistics can only be deleted', permission: 'operate', params: S.IdParams, body: MemoryEditSchema, response: MemoryEntrySchema, errors: [404] }, ({ params, body }) => {
    try {
      return memory.edit(params.id, body) ?? throwNotFound(params.id);
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw new HttpError(400, 'bad_request', err instanceof Error ? err.message : String(err));
    }
  });

  route(ctx, { id: 'deleteMemory', method: 'delete', path: '/memory/:id', tag: 'memory', summary: 'Forget a memory entry', permission: 'operate', params: S.IdParams, response: z.object({ deleted: z.string() }), errors: [404] }, ({ params }) => {
    if (!memory.remove(params.id)) throwNotFound(params.id);
    return { deleted: params.id };
  });
}

function throwNotFound(id: string): never {
  throw notFound('memory entry', id);
}
