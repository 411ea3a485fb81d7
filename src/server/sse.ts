import type { Request, Response } from 'express';
import type { OrchestratorEvent } from '../../agents/orchestrator/types.js';
import type { EventHub, HubEvent } from './event-hub.js';

export interface SseOptions {
  hub: EventHub;
  keepAliveMs: number;
  /** Which events this stream carries. */
  filter: (e: OrchestratorEvent) => boolean;
  /** Sent first when the client is not resuming (or the buffer cannot bridge its gap). */
  snapshot?: () => OrchestratorEvent | null;
}

function frame(id: number, event: OrchestratorEvent): string {
  return `id: ${id}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

function lastEventId(req: Request): number | null {
  const raw = req.headers['last-event-id'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** Opens a text/event-stream response and keeps it fed until the client goes away. */
export function openSse(req: Request, res: Response, opts: SseOptions): void {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  // Proxies such as nginx buffer responses unless told otherwise, which would stall live events.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write(`retry: 2000\n\n`);

  const resumeFrom = lastEventId(req);
  const missed = resumeFrom === null ? null : opts.hub.since(resumeFrom);
  if (missed) {
    for (const e of missed) if (opts.filter(e.event)) res.write(frame(e.id, e.event));
  } else {
    const first = opts.snapshot?.();
    if (first) res.write(frame(opts.hub.lastId, first));
  }

  const stop = opts.hub.listen((e: HubEvent) => {
    if (opts.filter(e.event)) res.write(frame(e.id, e.event));
  }, res);
  const keepAlive = setInterval(() => res.write(`: keep-alive\n\n`), opts.keepAliveMs);
  keepAlive.unref();
  const cleanup = () => {
    clearInterval(keepAlive);
    stop();
  };
  req.on('close', cleanup);
  res.on('close', cleanup);
}
