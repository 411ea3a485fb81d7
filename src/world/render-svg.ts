import { entityPosition, regionPosition } from './geom.js';
import { visibleEntityIds } from './observation.js';
import { VIEW_RANGE } from './state.js';
import type { WorldState } from './state.js';

export interface SvgOptions {
  /** Entity, robot or person ids drawn with a highlight ring. */
  highlight?: string[];
  /** Draw this robot's field of view and dim what it cannot see. */
  robotView?: string;
}

const PX = 80;
const NAMED_COLOURS = new Set([
  'red', 'blue', 'green', 'yellow', 'white', 'black', 'orange', 'purple', 'pink', 'brown', 'grey', 'gray',
  'silver', 'gold', 'beige', 'cyan', 'navy', 'teal', 'maroon', 'olive', 'tan',
]);

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** A CSS colour from an attribute; only known names and hex codes pass, so attributes cannot inject markup. */
function fill(color: string | undefined): string {
  if (!color) return '#9e9e9e';
  const c = color.toLowerCase().trim();
  const first = c.split(/[\s_-]+(?:and[\s_-]+)?/)[0] ?? '';
  if (/^#[0-9a-f]{3,6}$/.test(c)) return c;
  if (NAMED_COLOURS.has(c)) return c;
  if (NAMED_COLOURS.has(first)) return first;
  return '#9e9e9e';
}

/** Top-down drawing: north up, one metre = 80 px. */
export function renderSvg(s: WorldState, opts: SvgOptions = {}): string {
  const rooms = s.scene.rooms;
  const minX = Math.min(...rooms.map((r) => r.rect.x)) - 0.5;
  const minY = Math.min(...rooms.map((r) => r.rect.y)) - 0.5;
  const maxX = Math.max(...rooms.map((r) => r.rect.x + r.rect.w)) + 0.5;
  const maxY = Math.max(...rooms.map((r) => r.rect.y + r.rect.d)) + 0.5;
  const X = (x: number): string => ((x - minX) * PX).toFixed(1);
  const Y = (y: number): string => ((maxY - y) * PX).toFixed(1);
  const L = (m: number): string => (m * PX).toFixed(1);
  const highlight = new Set(opts.highlight ?? []);
  const viewer = opts.robotView ? s.robots.get(opts.robotView) : undefined;
  const seen = viewer ? new Set(visibleEntityIds(s, viewer)) : undefined;
  const out: string[] = [];
  const width = L(maxX - minX);
  const height = L(maxY - minY);
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`);
  out.push(`<title>${escapeXml(s.scene.name)}</title>`);
  // The page's replay draws past positions over this map, so it needs the metre-to-pixel frame.
  out.push(`<metadata class="frame" data-min-x="${minX}" data-max-y="${maxY}" data-px="${PX}"/>`);
  out.push(`<rect x="0" y="0" width="${width}" height="${height}" fill="#fafafa"/>`);
  for (const r of rooms) {
    const tabletop = s.scene.kind === 'tabletop';
    out.push(
      `<rect class="room" data-id="${escapeXml(r.id)}" x="${X(r.rect.x)}" y="${Y(r.rect.y + r.rect.d)}" width="${L(r.rect.w)}" height="${L(r.rect.d)}" fill="${tabletop ? '#f3efe6' : '#ffffff'}" stroke="#444" stroke-width="3"/>`,
    );
    out.push(`<text x="${X(r.rect.x + 0.1)}" y="${Y(r.rect.y + r.rect.d - 0.3)}" font-size="14" fill="#444">${escapeXml(r.name ?? r.id)}</text>`);
  }
  for (const d of s.scene.doors) {
    out.push(`<circle class="door" cx="${X(d.position.x)}" cy="${Y(d.position.y)}" r="${L(d.width / 2)}" fill="#fafafa" stroke="#b0a080" stroke-dasharray="4 3"/>`);
  }
  const ordered = [...s.entities.values()].sort((a, b) => Number(a.info.pickupable) - Number(b.info.pickupable));
  for (const e of ordered) {
    const p = entityPosition(s, e.id);
    const dim = seen && !seen.has(e.id) ? ' opacity="0.35"' : '';
    const ring = highlight.has(e.id) ? ' stroke="#e53935" stroke-width="3"' : ' stroke="#555" stroke-width="1"';
    const label = escapeXml(e.name ?? e.id);
    if (!e.info.pickupable) {
      out.push(
        `<g class="fixture" data-id="${escapeXml(e.id)}"${dim}><rect x="${X(p.x - e.size.w / 2)}" y="${Y(p.y + e.size.d / 2)}" width="${L(e.size.w)}" height="${L(e.size.d)}" fill="${e.attributes.color ? fill(e.attributes.color) : '#d7ccc8'}" fill-opacity="0.6"${ring}/>`,
      );
      for (const reg of e.regions) {
        const rp = regionPosition(s, reg);
        out.push(
          `<rect class="region" data-id="${escapeXml(reg.id)}" x="${X(rp.x - reg.size.w / 2)}" y="${Y(rp.y + reg.size.d / 2)}" width="${L(reg.size.w)}" height="${L(reg.size.d)}" fill="none" stroke="#8d6e63" stroke-dasharray="3 2"/>`,
        );
      }
      out.push(`<text x="${X(p.x - e.size.w / 2 + 0.03)}" y="${Y(p.y + e.size.d / 2 - 0.15)}" font-size="9" fill="#333">${label}</text></g>`);
    } else {
      const rad = Math.max(0.04, Math.min(0.15, Math.max(e.size.w, e.size.d) / 2));
      out.push(
        `<g class="object" data-id="${escapeXml(e.id)}"${dim}><circle cx="${X(p.x)}" cy="${Y(p.y)}" r="${L(rad)}" fill="${fill(e.attributes.color)}"${ring}/><text x="${X(p.x + rad)}" y="${Y(p.y - rad)}" font-size="8" fill="#222">${label}</text></g>`,
      );
    }
  }
  for (const r of s.robots.values()) {
    const ring = highlight.has(r.id) ? '#e53935' : '#1565c0';
    const hx = r.pose.x + 0.3 * Math.cos(r.pose.theta);
    const hy = r.pose.y + 0.3 * Math.sin(r.pose.theta);
    out.push(`<g class="robot" data-id="${escapeXml(r.id)}">`);
    out.push(`<circle cx="${X(r.pose.x)}" cy="${Y(r.pose.y)}" r="${L(r.reach)}" fill="none" stroke="${ring}" stroke-dasharray="6 4" stroke-opacity="0.5"/>`);
    if (viewer === r) out.push(`<circle cx="${X(r.pose.x)}" cy="${Y(r.pose.y)}" r="${L(VIEW_RANGE[r.kind])}" fill="#1565c0" fill-opacity="0.05" stroke="none"/>`);
    out.push(`<circle cx="${X(r.pose.x)}" cy="${Y(r.pose.y)}" r="${L(0.22)}" fill="#90caf9" stroke="${ring}" stroke-width="2"/>`);
    out.push(`<line x1="${X(r.pose.x)}" y1="${Y(r.pose.y)}" x2="${X(hx)}" y2="${Y(hy)}" stroke="${ring}" stroke-width="3"/>`);
    out.push(`<circle cx="${X(r.pose.x + r.eeOff.x)}" cy="${Y(r.pose.y + r.eeOff.y)}" r="4" fill="${ring}"/>`);
    out.push(`<text x="${X(r.pose.x + 0.25)}" y="${Y(r.pose.y + 0.25)}" font-size="12" fill="${ring}">${escapeXml(r.id)}</text></g>`);
  }
  for (const p of s.people.values()) {
    const ring = highlight.has(p.id) ? '#e53935' : '#2e7d32';
    out.push(
      `<g class="person" data-id="${escapeXml(p.id)}"><circle cx="${X(p.position.x)}" cy="${Y(p.position.y)}" r="${L(0.2)}" fill="#a5d6a7" stroke="${ring}" stroke-width="2"/><text x="${X(p.position.x + 0.22)}" y="${Y(p.position.y + 0.2)}" font-size="12" fill="${ring}">${escapeXml(p.name)}</text></g>`,
    );
  }
  out.push('</svg>');
  return out.join('\n');
}
