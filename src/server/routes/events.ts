import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import { notFound } from '../errors.js';
import type { EventHub } from '../event-hub.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import * as S from '../schemas.js';
import { openSse } from '../sse.js';

export function eventRoutes(ctx: RouteContext, orchestrator: Orchestrator, hub: EventHub, keepAliveMs: number): void {
  route(ctx, { id: 'missionEvents', method: 'get', path: '/missions/:id/events', tag: 'events', summary: "Server-sent events of one mission (its current view first; e-stop changes included)", permission: 'read', params: S.IdParams, query: S.SseQuerySchema, produces: 'text/event-stream', errors: [404] }, ({ params, req, res }) => {
    const id = params.id;
    const current = orchestrator.getMission(id);
    if (!current) throw notFound('mission', id);
    openSse(req, res, {
      hub,
      keepAliveMs,
      filter: (e) => e.type === 'estop' || ('missionId' in e && e.missionId === id),
      snapshot: () => {
        const view = orchestrator.getMission(id);
        return view ? { type: 'mission', missionId: id, mission: view } : null;
      },
    });
    return undefined;
  });

  route(ctx, { id: 'serviceEvents', method: 'get', path: '/events', tag: 'events', summary: 'Server-sent events of the whole service (e-stop state first)', permission: 'read', query: S.SseQuerySchema, produces: 'text/event-stream' }, ({ req, res }) => {
    openSse(req, res, {
      hub,
      keepAliveMs,
      filter: () => true,
      snapshot: () => ({ type: 'estop', latched: orchestrator.estopLatched, reason: null }),
    });
    return undefined;
  });
}
