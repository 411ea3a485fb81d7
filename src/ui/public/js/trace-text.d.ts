export interface TraceEventLike { kind: string; data?: Record<string, unknown>; subgoalId?: string }
export function words(code: unknown): string;
export function verdictSentence(data: Record<string, unknown>): string;
export function sentence(e: TraceEventLike): string;
export function reflectionParts(data: Record<string, unknown>): { cause: string; decision: string; why: string };
export function isBookkeeping(e: TraceEventLike, previous: TraceEventLike | null): boolean;
