export function parseSseChunk(text: string): { events: string[]; rest: string };
