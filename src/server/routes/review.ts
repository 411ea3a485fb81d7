import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import { replayAt, subgoalPlots } from '../../traces/index.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import { CheckpointListSchema, PlotsSchema, ReplaySnapshotSchema, WorldAtQuerySchema } from '../review-schemas.js';
import * as S from '../schemas.js';

function knownMission(orchestrator: Orchestrator, id: string): void {
  // A mission from an earlier process may be known only to the trace store.
  if (orchestrator.getMission(id) === null && orchestrator.traces.count(id) === 0) throw notFound('mission', id);
}

/** Reviewing a mission after (or while) it runs: the map at a past time, telemetry plots, graph checkpoints. */
export function reviewRoutes(ctx: RouteContext, orchestrator: Orchestrator): void {
  route(ctx, { id: 'worldAt', method: 'get', path: '/missions/:id/world', tag: 'traces', summary: 'The map as orca knew it at a time of the mission (robots, end effectors, held and believed object places, plan states)', permission: 'read', params: S.IdParams, query: WorldAtQuerySchema, response: ReplaySnapshotSchema, errors: [404] }, ({ params, query }) => {
    knownMission(orchestrator, params.id);
    const snapshot = replayAt(orchestrator.traces, params.id, query.t);
    if (!snapshot) throw notFound('replay of mission', params.id);
    return snapshot;
  });

  route(ctx, { id: 'missionPlots', method: 'get', path: '/missions/:id/plots', tag: 'traces', summary: 'Per-subgoal progress, distance to target, gripper aperture and verifier confidence over time, with verdict and failure markers', permission: 'read', params: S.IdParams, response: PlotsSchema, errors: [404] }, ({ params }) => {
    knownMission(orchestrator, params.id);
    return { subgoals: subgoalPlots(orchestrator.traces.events(params.id)) };
  });

  route(ctx, { id: 'missionCheckpoints', method: 'get', path: '/missions/:id/checkpoints', tag: 'traces', summary: "The mission graph's LangGraph checkpoints, oldest first: the node that wrote each and what the graph knew", permission: 'read', params: S.IdParams, response: CheckpointListSchema, errors: [404] }, async ({ params }) => {
    knownMission(orchestrator, params.id);
    return { checkpoints: await orchestrator.checkpoints(params.id) };
  });
}
