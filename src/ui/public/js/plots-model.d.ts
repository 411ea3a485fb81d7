export function chartScale(
  points: readonly [number, number][],
  span: readonly [number, number],
  fixed: readonly [number, number] | null,
  box: { x0: number; x1: number; y0: number; y1: number },
): { yMin: number; yMax: number; x: (t: number) => number; y: (v: number) => number };
