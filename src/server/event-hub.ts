import type { Response } from 'express';
import type { Orchestrator, OrchestratorEvent } from '../../agents/orchestrator/types.js';

export interface HubEvent {
  /** Service-wide, strictly increasing; SSE `id:` so clients resume with `Last-Event-ID`. */
  id: number;
  event: OrchestratorEvent;
}

/** How many past events a reconnecting client can catch up on. */
export const REPLAY_BUFFER = 1000;

/**
 * One orchestrator subscription fanned out to every SSE client, numbering events and keeping the
 * recent ones so a client that reconnects with Last-Event-ID misses nothing still in the buffer.
 */
export class EventHub {
  private nextId = 1;
  private readonly recent: HubEvent[] = [];
  private readonly clients = new Set<(e: HubEvent) => void>();
  private readonly streams = new Set<Response>();
  private readonly unsubscribe: () => void;

  constructor(orchestrator: Orchestrator) {
    this.unsubscribe = orchestrator.subscribe((event) => this.publish(event));
  }

  get lastId(): number {
    return this.nextId - 1;
  }

  /** Events after `id`, or null when the buffer no longer reaches back that far. */
  since(id: number): HubEvent[] | null {
    const first = this.recent[0];
    if (id >= this.lastId) return [];
    if (!first || first.id > id + 1) return null;
    return this.recent.filter((e) => e.id > id);
  }

  listen(listener: (e: HubEvent) => void, stream: Response): () => void {
    this.clients.add(listener);
    this.streams.add(stream);
    return () => {
      this.clients.delete(listener);
      this.streams.delete(stream);
    };
  }

  get listenerCount(): number {
    return this.clients.size;
  }

  /** Ends every open stream (server shutdown) and drops the orchestrator subscription. */
  close(): void {
    this.unsubscribe();
    for (const stream of this.streams) stream.end();
    this.streams.clear();
    this.clients.clear();
  }

  private publish(event: OrchestratorEvent): void {
    const entry = { id: this.nextId++, event };
    this.recent.push(entry);
    if (this.recent.length > REPLAY_BUFFER) this.recent.shift();
    for (const client of [...this.clients]) {
      try {
        client(entry);
      } catch {
        // A broken client stream must not stop delivery to the others; its close handler cleans up.
      }
    }
  }
}
