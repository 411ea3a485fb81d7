/**
 * Layered layout of the subgoal DAG: a node's layer is one more than the deepest of its
 * dependencies (unknown dependencies are ignored; a cycle is broken where it is found, so a
 * malformed plan still draws). Within a layer nodes keep plan order.
 */
export function layerSubgoals(subgoals) {
  const byId = new Map(subgoals.map((s) => [s.id, s]));
  const layer = new Map();
  const visiting = new Set();
  function depth(id) {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const s = byId.get(id);
    let d = 0;
    for (const dep of s?.dependsOn ?? []) if (byId.has(dep)) d = Math.max(d, depth(dep) + 1);
    visiting.delete(id);
    layer.set(id, d);
    return d;
  }
  const layers = [];
  for (const s of subgoals) {
    const d = depth(s.id);
    while (layers.length <= d) layers.push([]);
    layers[d].push(s.id);
  }
  return layers;
}

/** Pixel positions for each node given the layers (columns left to right). */
export function positionLayers(layers, size = { w: 190, h: 70, gapX: 50, gapY: 18, pad: 10 }) {
  const pos = new Map();
  layers.forEach((ids, col) => {
    ids.forEach((id, row) => {
      pos.set(id, { x: size.pad + col * (size.w + size.gapX), y: size.pad + row * (size.h + size.gapY) });
    });
  });
  const rows = Math.max(1, ...layers.map((l) => l.length));
  return {
    pos,
    width: size.pad * 2 + Math.max(1, layers.length) * (size.w + size.gapX) - size.gapX,
    height: size.pad * 2 + rows * (size.h + size.gapY) - size.gapY,
    size,
  };
}
