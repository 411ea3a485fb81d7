export interface TraceEventLike { kind: string; data?: Record<string, unknown> }
export function summarize(e: TraceEventLike): string;
export function reflectionParts(data: Record<string, unknown>): { cause: string; decision: string; why: string };
