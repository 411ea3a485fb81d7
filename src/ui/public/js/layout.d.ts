export interface LayoutNode { id: string; dependsOn?: string[] }
export interface NodeSize { w: number; h: number; gapX: number; gapY: number; pad: number; gapBand?: number }
export const NODE: Required<NodeSize>;
export function layerSubgoals(subgoals: LayoutNode[]): string[][];
export function positionLayers(
  layers: string[][],
  size?: NodeSize,
  maxWidth?: number,
): { pos: Map<string, { x: number; y: number; band: number }>; bandTops: number[]; width: number; height: number; size: NodeSize };
