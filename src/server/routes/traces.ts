import type { Orchestrator } from '../../../agents/orchestrator/types.js';
import { exportJsonText, exportMcap, MemoryWritable } from '../../traces/index.js';
import { notFound } from '../errors.js';
import { route } from '../route.js';
import type { RouteContext } from '../route.js';
import * as S from '../schemas.js';

/** MCAP has no registered media type; this is the one Foxglove and the MCAP tools use. */
export const MCAP_MEDIA_TYPE = 'application/x-mcap';

function knownMission(orchestrator: Orchestrator, id: string): void {
  // A mission from an earlier process may be known only to the trace store.
  if (orchestrator.getMission(id) === null && orchestrator.traces.count(id) === 0) throw notFound('mission', id);
}

function attachmentName(id: string, ext: string): string {
  return `${id.replace(/[^\w.-]/g, '_')}.trace.${ext}`;
}

export function traceRoutes(ctx: RouteContext, orchestrator: Orchestrator): void {
  route(ctx, { id: 'listTrace', method: 'get', path: '/missions/:id/trace', tag: 'traces', summary: "A page of a mission's trace events, oldest first", permission: 'read', params: S.IdParams, query: S.TraceListQuerySchema, response: S.TracePageSchema, errors: [404] }, ({ params, query }) => {
    knownMission(orchestrator, params.id);
    const limit = query.limit ?? S.TRACE_PAGE_DEFAULT;
    // One extra event tells whether another page follows, and where it starts.
    const events = orchestrator.traces.events(params.id, {
      ...(query.kind ? { kinds: query.kind } : {}),
      ...(query.subgoalId ? { subgoalId: query.subgoalId } : {}),
      ...(query.fromSeq ? { fromSeq: query.fromSeq } : {}),
      ...(query.since ? { fromWall: query.since } : {}),
      ...(query.until ? { toWall: query.until } : {}),
      limit: limit + 1,
    });
    const next = events.length > limit ? events[limit] : undefined;
    return { events: events.slice(0, limit), nextSeq: next ? next.seq : null };
  });

  route(ctx, { id: 'exportTrace', method: 'get', path: '/missions/:id/trace/export', tag: 'traces', summary: "Download a mission's whole trace as JSON or MCAP (Foxglove)", permission: 'read', params: S.IdParams, query: S.TraceExportQuerySchema, produces: MCAP_MEDIA_TYPE, errors: [404] }, async ({ params, query, res }) => {
    knownMission(orchestrator, params.id);
    if (query.format === 'json') {
      res.status(200).attachment(attachmentName(params.id, 'json')).type('application/json');
      res.send(exportJsonText(orchestrator.traces, params.id));
      return undefined;
    }
    const out = new MemoryWritable();
    const scene = orchestrator.getMission(params.id)?.scene;
    const site = scene ? orchestrator.siteGeometry?.(scene) : null;
    await exportMcap(orchestrator.traces, params.id, out, site ? { site } : {});
    // attachment() sets a type from the extension, so the MCAP type goes after it.
    res.status(200).attachment(attachmentName(params.id, 'mcap')).type(MCAP_MEDIA_TYPE);
    res.send(out.toBuffer());
    return undefined;
  });
}
