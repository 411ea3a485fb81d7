export function subgoalStatus(machineState: string): string;
export function rowAtOrBefore<R extends { seq: number; hidden: boolean }>(rows: readonly R[], seq: number): R | null;
