/**
 * Linear scales for one chart row: x over the shared time span, y over the series' own range (or a
 * fixed one, such as 0..1), padded so a flat series still draws as a line inside the box.
 */
export function chartScale(points, span, fixed, box) {
  const values = points.map((p) => p[1]);
  let yMin = fixed ? fixed[0] : Math.min(0, ...values);
  let yMax = fixed ? fixed[1] : Math.max(...values, yMin + 0.1);
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  const [t0, t1] = span;
  const dt = t1 - t0 > 1e-9 ? t1 - t0 : 1;
  return {
    yMin,
    yMax,
    x: (t) => box.x0 + ((t - t0) / dt) * (box.x1 - box.x0),
    y: (v) => box.y0 + ((v - yMin) / (yMax - yMin)) * (box.y1 - box.y0),
  };
}
