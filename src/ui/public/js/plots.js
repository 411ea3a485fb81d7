import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { chartScale } from './plots-model.js';

const NS = 'http://www.w3.org/2000/svg';
const SERIES = [
  { key: 'progress', label: 'progress', unit: '', fixed: [0, 1] },
  { key: 'distance', label: 'distance to target', unit: ' m', fixed: null },
  { key: 'aperture', label: 'gripper aperture', unit: '', fixed: [0, 1] },
  { key: 'confidence', label: 'verifier confidence', unit: '', fixed: [0, 1] },
];
const W = 560;
const ROW = 92;
const PAD = { left: 46, right: 12, top: 16, bottom: 18 };

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** One chart row: the series as a line with its points, the time axis shared by every row. */
function row(plot, series, i, span, cursor) {
  const top = i * ROW;
  const g = s('g', { class: 'plot-row', 'data-series': series.key, transform: `translate(0,${top})` });
  const points = plot.series[series.key] ?? [];
  const innerH = ROW - PAD.top - PAD.bottom;
  const sc = chartScale(points, span, series.fixed, { x0: PAD.left, x1: W - PAD.right, y0: PAD.top + innerH, y1: PAD.top });
  g.append(s('text', { x: PAD.left, y: 11, class: 'plot-label' }, `${series.label}${points.length ? '' : ' — no samples'}`));
  g.append(s('rect', { x: PAD.left, y: PAD.top, width: W - PAD.left - PAD.right, height: innerH, class: 'plot-area' }));
  g.append(s('text', { x: PAD.left - 4, y: PAD.top + 8, class: 'plot-tick', 'text-anchor': 'end' }, `${sc.yMax.toFixed(series.fixed ? 1 : 2)}${series.unit}`));
  g.append(s('text', { x: PAD.left - 4, y: PAD.top + innerH, class: 'plot-tick', 'text-anchor': 'end' }, `${sc.yMin.toFixed(series.fixed ? 1 : 2)}${series.unit}`));
  if (points.length > 0) {
    g.append(s('polyline', { class: 'plot-line', points: points.map(([t, v]) => `${sc.x(t).toFixed(1)},${sc.y(v).toFixed(1)}`).join(' ') }));
    for (const [t, v] of points.length <= 80 ? points : []) g.append(s('circle', { class: 'plot-dot', cx: sc.x(t).toFixed(1), cy: sc.y(v).toFixed(1), r: 2 }));
  }
  for (const m of plot.markers) {
    const x = sc.x(m.t).toFixed(1);
    const mark = s('line', { class: `plot-marker ${m.ok ? 'ok' : 'bad'}`, 'data-kind': m.kind, x1: x, x2: x, y1: PAD.top, y2: PAD.top + innerH });
    mark.append(s('title', {}, `${m.t.toFixed(1)} s: ${m.label}`));
    g.append(mark);
  }
  if (cursor !== null) {
    const x = sc.x(Math.min(Math.max(cursor, span[0]), span[1])).toFixed(1);
    g.append(s('line', { class: 'plot-cursor', x1: x, x2: x, y1: PAD.top, y2: PAD.top + innerH }));
  }
  if (i === SERIES.length - 1) {
    g.append(s('text', { x: PAD.left, y: ROW - 3, class: 'plot-tick' }, `${span[0].toFixed(1)} s`));
    g.append(s('text', { x: W - PAD.right, y: ROW - 3, class: 'plot-tick', 'text-anchor': 'end' }, `${span[1].toFixed(1)} s since the start`));
  }
  return g;
}

/** Per-subgoal telemetry (`GET /api/missions/:id/plots`) as SVG drawn here: no library, nothing fetched from elsewhere. */
export function createPlots({ getMissionId, getTime }) {
  const select = h('select', { id: 'plots-subgoal', 'aria-label': 'Subgoal to plot' });
  const chart = h('div', { id: 'plots-chart', class: 'plots-chart' });
  $('plots').replaceChildren(h('div', { class: 'plots-head' }, h('label', { for: 'plots-subgoal' }, 'Subgoal'), select), chart);
  let plots = [];

  function draw() {
    const plot = plots.find((p) => p.subgoalId === select.value) ?? plots[0];
    if (!plot) {
      chart.replaceChildren(h('p', { class: 'muted' }, getMissionId() ? 'No telemetry yet.' : ''));
      return;
    }
    const times = [...Object.values(plot.series).flatMap((pts) => pts.map((p) => p[0])), ...plot.markers.map((m) => m.t)];
    const span = [Math.min(...times), Math.max(...times, Math.min(...times) + 1)];
    const svg = s('svg', { viewBox: `0 0 ${W} ${ROW * SERIES.length}`, class: 'plots-svg', role: 'img', 'aria-label': `Telemetry of ${plot.subgoalId}`, 'data-subgoal': plot.subgoalId });
    SERIES.forEach((series, i) => svg.append(row(plot, series, i, span, getTime())));
    const verdicts = plot.markers.map((m) => h('li', { class: m.ok ? 'ok' : 'bad' }, `${m.t.toFixed(1)} s — ${m.label}`));
    chart.replaceChildren(svg, h('ul', { class: 'plot-markers' }, verdicts));
  }

  async function refresh() {
    const id = getMissionId();
    if (!id) {
      plots = [];
      select.replaceChildren();
      return draw();
    }
    try {
      const r = await api('GET', `/api/missions/${encodeURIComponent(id)}/plots`);
      if (id !== getMissionId()) return;
      plots = r.subgoals ?? [];
      const current = select.value;
      select.replaceChildren(...plots.map((p) => h('option', { value: p.subgoalId }, `${p.subgoalId}${p.robotId ? ` (${p.robotId})` : ''}`)));
      if (plots.some((p) => p.subgoalId === current)) select.value = current;
      draw();
    } catch (e) {
      toast(`plots: ${e.message}`);
    }
  }

  select.addEventListener('change', draw);
  return { refresh, redraw: draw };
}
