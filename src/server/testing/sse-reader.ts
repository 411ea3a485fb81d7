/** One parsed server-sent event. */
export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * Reads a text/event-stream body frame by frame (comments skipped), for tests and small clients.
 * `next()` resolves with the next event, or null when the stream ends.
 */
export class SseReader {
  private buffer = '';
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  /** Keep-alive comment lines seen so far. */
  comments = 0;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async next(): Promise<SseMessage | null> {
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        const message = this.parse(block);
        if (message) return message;
        continue;
      }
      const { value, done } = await this.reader.read();
      if (done) return null;
      this.buffer += this.decoder.decode(value, { stream: true });
    }
  }

  /** Reads until `predicate` holds, returning every event read on the way (the last one matches). */
  async until(predicate: (m: SseMessage) => boolean): Promise<SseMessage[]> {
    const seen: SseMessage[] = [];
    for (;;) {
      const m = await this.next();
      if (!m) throw new Error(`stream ended before the expected event; saw ${seen.map((s) => s.event).join(', ')}`);
      seen.push(m);
      if (predicate(m)) return seen;
    }
  }

  async cancel(): Promise<void> {
    await this.reader.cancel();
  }

  private parse(block: string): SseMessage | null {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    let sawField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments += 1;
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') id = value;
      else if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else continue;
      sawField = true;
    }
    return sawField && data.length > 0 ? { id, event, data: data.join('\n') } : null;
  }
}
