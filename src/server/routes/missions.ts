import { z } from 'zod';
import type { MissionView, Orchestrator } from '../../../agents/orchestrator/types.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import * as S from '../schemas.js';

function mission(orchestrator: Orchestrator, id: string): MissionView {
  const found = orchestrator.getMission(id);
  if (!found) throw notFound('mission', id);
  return found;
}

export function missionRoutes(ctx: RouteContext, orchestrator: Orchestrator): void {
  route(ctx, { id: 'startMission', method: 'post', path: '/missions', tag: 'missions', summary: 'Start a mission from an instruction', permission: 'operate', body: S.StartMissionSchema, status: 201, response: S.MissionViewSchema, errors: [404, 409, 429] }, async ({ body, res }) => {
    const view = await orchestrator.startMission(body);
    res.setHeader('Location', `/api/missions/${encodeURIComponent(view.id)}`);
    return view;
  });

  route(ctx, { id: 'listMissions', method: 'get', path: '/missions', tag: 'missions', summary: 'List missions, newest first', permission: 'read', query: S.MissionListQuerySchema, response: z.array(S.MissionViewSchema) }, ({ query }) =>
    orchestrator.listMissions({ ...(query.status ? { status: query.status } : {}), ...(query.limit ? { limit: query.limit } : {}) }),
  );

  route(ctx, { id: 'getMission', method: 'get', path: '/missions/:id', tag: 'missions', summary: 'Read one mission', permission: 'read', params: S.IdParams, response: S.MissionViewSchema, errors: [404] }, ({ params }) =>
    mission(orchestrator, params.id),
  );

  route(ctx, { id: 'sendMessage', method: 'post', path: '/missions/:id/messages', tag: 'missions', summary: 'Chat to a mission: an answer, a correction, a new instruction, stop/pause/resume', permission: 'operate', params: S.IdParams, body: S.MessageBodySchema, response: S.MessageResultSchema, errors: [404, 409] }, async ({ params, body }) => {
    mission(orchestrator, params.id);
    return orchestrator.sendMessage(params.id, body.text, body.from);
  });

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    route(ctx, { id: `${action}Mission`, method: 'post', path: `/missions/:id/${action}`, tag: 'missions', summary: `${action[0]?.toUpperCase()}${action.slice(1)} a mission`, permission: 'operate', params: S.IdParams, body: S.ControlBodySchema, response: S.MissionViewSchema, errors: [404, 409] }, async ({ params, body }) => {
      mission(orchestrator, params.id);
      if (action === 'cancel') return orchestrator.cancel(params.id, body.reason);
      return action === 'pause' ? orchestrator.pause(params.id) : orchestrator.resume(params.id);
    });
  }

  route(ctx, { id: 'listRequests', method: 'get', path: '/requests', tag: 'requests', summary: 'Pending human requests (questions, approvals, delegations) across missions, oldest first', permission: 'read', query: S.RequestListQuerySchema, response: z.array(S.HumanRequestViewSchema), errors: [404] }, ({ query }) => {
    if (query.missionId !== undefined) mission(orchestrator, query.missionId);
    // Oldest first: an inbox answers whoever has waited longest first.
    return [...orchestrator.pendingRequests(query.missionId)].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  });

  route(ctx, { id: 'answerRequest', method: 'post', path: '/missions/:id/requests/:requestId', tag: 'requests', summary: 'Answer a pending human request', permission: 'operate', params: S.RequestParams, body: S.HumanResponseSchema, response: S.MissionViewSchema, errors: [404, 409] }, async ({ params, body }) => {
    mission(orchestrator, params.id);
    return orchestrator.answer(params.id, params.requestId, body);
  });
}
