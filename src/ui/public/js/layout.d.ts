export interface LayoutNode { id: string; dependsOn?: string[] }
export function layerSubgoals(subgoals: LayoutNode[]): string[][];
export function positionLayers(
  layers: string[][],
  size?: { w: number; h: number; gapX: number; gapY: number; pad: number },
): { pos: Map<string, { x: number; y: number }>; width: number; height: number; size: { w: number; h: number; gapX: number; gapY: number; pad: number } };
