export function parseHash(hash: string): { missionId: string | null; t: number | null; event: number | null };
export function missionHash(missionId: string, at?: { t?: number; event?: number }): string;
