/** Hand-made SVG charts for docs/benchmarks.md: no chart library, deterministic output. */

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const PALETTE = ['#9e9e9e', '#f0a030', '#2a7fd4', '#3aa655', '#8e44ad', '#c0392b'];

export interface BarGroup {
  label: string;
  bars: { label: string; value: number; lo?: number; hi?: number }[];
}

/** Grouped bars of rates in [0, 1] with optional interval whiskers and an optional target line. */
export function groupedBars(title: string, groups: readonly BarGroup[], opts: { target?: number; yLabel?: string } = {}): string {
  const W = 640;
  const H = 320;
  const m = { l: 48, r: 150, t: 34, b: 40 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const labels = [...new Set(groups.flatMap((g) => g.bars.map((b) => b.label)))];
  const gw = pw / Math.max(1, groups.length);
  const bw = Math.min(36, (gw * 0.8) / Math.max(1, labels.length));
  const y = (v: number): number => m.t + ph * (1 - Math.max(0, Math.min(1, v)));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const v = i / 4;
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e5e5"/>`, `<text x="${m.l - 6}" y="${y(v) + 4}" text-anchor="end">${(v * 100).toFixed(0)}%</text>`);
  }
  groups.forEach((g, gi) => {
    const x0 = m.l + gi * gw + (gw - bw * g.bars.length) / 2;
    g.bars.forEach((b, bi) => {
      const x = x0 + bi * bw;
      const color = PALETTE[labels.indexOf(b.label) % PALETTE.length]!;
      const v = Number.isFinite(b.value) ? b.value : 0;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bw - 3).toFixed(1)}" height="${(m.t + ph - y(v)).toFixed(1)}" fill="${color}"><title>${esc(`${g.label} ${b.label}: ${(v * 100).toFixed(1)}%`)}</title></rect>`);
      if (b.lo !== undefined && b.hi !== undefined && Number.isFinite(b.lo) && Number.isFinite(b.hi)) {
        const cx = (x + (bw - 3) / 2).toFixed(1);
        parts.push(`<line x1="${cx}" x2="${cx}" y1="${y(b.lo).toFixed(1)}" y2="${y(b.hi).toFixed(1)}" stroke="#333"/>`);
      }
    });
    parts.push(`<text x="${(m.l + gi * gw + gw / 2).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${esc(g.label)}</text>`);
  });
  if (opts.target !== undefined) parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(opts.target)}" y2="${y(opts.target)}" stroke="#c0392b" stroke-dasharray="4 3"/>`);
  labels.forEach((l, i) => {
    const ly = m.t + 8 + i * 18;
    parts.push(`<rect x="${W - m.r + 14}" y="${ly - 9}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]!}"/>`, `<text x="${W - m.r + 32}" y="${ly + 1}">${esc(l)}</text>`);
  });
  if (opts.yLabel) parts.push(`<text x="12" y="${m.t + ph / 2}" transform="rotate(-90 12 ${m.t + ph / 2})" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

export interface Series {
  label: string;
  points: { x: number; y: number }[];
}

/** Lines on a log-x or linear axis; `hline` marks a deadline or budget. */
export function lineChart(title: string, series: readonly Series[], opts: { xLabel: string; yLabel: string; logY?: boolean; hline?: { y: number; label: string } }): string {
  const W = 640;
  const H = 320;
  const m = { l: 60, r: 150, t: 34, b: 44 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const pts = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const ys = [...pts.map((p) => p.y), ...(opts.hline ? [opts.hline.y] : [])];
  const xmin = Math.min(...pts.map((p) => p.x), 0);
  const xmax = Math.max(...pts.map((p) => p.x), 1);
  const fy = opts.logY ? (v: number) => Math.log10(Math.max(v, 1e-4)) : (v: number) => v;
  const ymin = opts.logY ? Math.min(...ys.map(fy)) : 0;
  const ymax = Math.max(...ys.map(fy), ymin + 1e-9);
  const X = (v: number): number => m.l + (pw * (v - xmin)) / (xmax - xmin || 1);
  const Y = (v: number): number => m.t + ph * (1 - (fy(v) - ymin) / (ymax - ymin || 1));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${m.l}" y="18" font-size="13" font-weight="bold">${esc(title)}</text>`,
    `<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#999"/>`,
    `<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#999"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const fv = ymin + ((ymax - ymin) * i) / 4;
    const v = opts.logY ? 10 ** fv : fv;
    const yy = m.t + ph * (1 - i / 4);
    parts.push(`<text x="${m.l - 6}" y="${yy + 4}" text-anchor="end">${v < 1 ? v.toPrecision(2) : v.toFixed(v < 10 ? 1 : 0)}</text>`);
    const xv = xmin + ((xmax - xmin) * i) / 4;
    parts.push(`<text x="${X(xv).toFixed(1)}" y="${m.t + ph + 14}" text-anchor="middle">${Number(xv.toPrecision(3))}</text>`);
  }
  series.forEach((s, i) => {
    const good = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
    const color = PALETTE[(i + 2) % PALETTE.length]!;
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${good.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}"/>`);
    const ly = m.t + 8 + i * 18;
    parts.push(`<rect x="${W - m.r + 14}" y="${ly - 9}" width="12" height="12" fill="${color}"/>`, `<text x="${W - m.r + 32}" y="${ly + 1}">${esc(s.label)}</text>`);
  });
  if (opts.hline) {
    const yy = Y(opts.hline.y).toFixed(1);
    parts.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${yy}" y2="${yy}" stroke="#c0392b" stroke-dasharray="4 3"/>`, `<text x="${m.l + pw - 2}" y="${Number(yy) - 4}" text-anchor="end" fill="#c0392b">${esc(opts.hline.label)}</text>`);
  }
  parts.push(`<text x="${m.l + pw / 2}" y="${H - 8}" text-anchor="middle">${esc(opts.xLabel)}</text>`);
  parts.push(`<text x="14" y="${m.t + ph / 2}" transform="rotate(-90 14 ${m.t + ph / 2})" text-anchor="middle">${esc(opts.yLabel)}</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
