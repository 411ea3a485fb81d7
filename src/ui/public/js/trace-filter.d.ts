export interface TraceStart { sim: number | null; wall: number | null }
export function sinceStart(e: { simTime: number | null; wallTime: string }, start: TraceStart): { sim: number | null; wall: number | null };
export interface TraceRow { text: string; t: number; kind: string; verdict?: string; bookkeeping: boolean }
export interface TraceFilters { query: string; from: number | null; to: number | null; hideSamples: boolean }
export function rowMatches(row: TraceRow, f: TraceFilters): boolean;
export function readTraceFilters(): TraceFilters;
export function applyTraceFilters(list: Element, f: TraceFilters): number;
