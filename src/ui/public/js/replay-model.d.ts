export function subgoalStatus(machineState: string): string;
export function rowAtOrBefore<R extends { seq: number; hidden: boolean }>(rows: readonly R[], seq: number): R | null;
export interface PlanNode { id: string; skill: string; args: Record<string, string>; robot: string; dependsOn: string[]; status: string; progress: number | null; [key: string]: unknown }
export function replayedSubgoals(current: readonly PlanNode[] | null | undefined, then: readonly { id: string; state: string }[]): PlanNode[];
