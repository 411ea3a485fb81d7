/**
 * Splits buffered SSE text into the `data:` payloads of complete events (blank-line terminated);
 * the incomplete tail is returned to be prefixed to the next chunk. Comments and other fields are ignored.
 */
export function parseSseChunk(text) {
  const normalised = text.replace(/\r\n?/g, '\n');
  const blocks = normalised.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events = [];
  for (const block of blocks) {
    const data = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
    }
    if (data.length > 0) events.push(data.join('\n'));
  }
  return { events, rest };
}
