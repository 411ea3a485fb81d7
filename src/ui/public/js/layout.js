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

export const NODE = { w: 190, h: 70, gapX: 50, gapY: 18, pad: 10, gapBand: 34 };

/**
 * Pixel positions for each node given the layers (columns left to right). Columns that would not
 * fit in `maxWidth` wrap into bands below, read like lines of text, so a long plan fits its box;
 * each position carries its band, and each band's top edge is in `bandTops`.
 */
export function positionLayers(layers, size = NODE, maxWidth = Infinity) {
  const gapBand = size.gapBand ?? NODE.gapBand;
  const perBand = Math.max(1, Math.floor((maxWidth - 2 * size.pad + size.gapX) / (size.w + size.gapX)));
  const pos = new Map();
  const bandTops = [];
  let top = size.pad;
  for (let first = 0, band = 0; first < Math.max(1, layers.length); first += perBand, band++) {
    const columns = layers.slice(first, first + perBand);
    bandTops.push(top);
    columns.forEach((ids, col) => {
      ids.forEach((id, row) => pos.set(id, { x: size.pad + col * (size.w + size.gapX), y: top + row * (size.h + size.gapY), band }));
    });
    const rows = Math.max(1, ...columns.map((l) => l.length));
    top += rows * (size.h + size.gapY) - size.gapY + gapBand;
  }
  const columns = Math.max(1, Math.min(perBand, layers.length));
  return {
    pos,
    bandTops,
    width: size.pad * 2 + columns * (size.w + size.gapX) - size.gapX,
    height: top - gapBand + size.pad,
    size,
  };
}
