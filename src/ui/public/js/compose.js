/**
 * A new mission typed in the composer: the first line is the instruction, each further line a
 * step-by-step direction ("1. Pick up the apple", "- Chill it"); list markers are dropped.
 * @param {string} text
 * @returns {{ instruction: string, steps: string[] }}
 */
export function splitMissionText(text) {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const [instruction = '', ...rest] = lines;
  const steps = rest.map((l) => l.replace(/^(\d+[.)]|[-*•])\s*/, '').trim()).filter((l) => l.length > 0);
  return { instruction, steps };
}
