export function splitMissionText(text: string): { instruction: string; steps: string[] };
