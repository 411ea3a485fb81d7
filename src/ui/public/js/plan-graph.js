import { layerSubgoals, NODE, positionLayers } from './layout.js';

const NS = 'http://www.w3.org/2000/svg';
const ACTIVE = new Set(['running', 'verifying', 'awaiting_human', 'delegated', 'paused']);

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

function clip(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

function note(text, cls = 'muted') {
  return Object.assign(document.createElement('p'), { className: cls, textContent: text });
}

/** What a plan with no steps means: none made yet, or (after a replan or correction) nothing was left to do. */
function emptyPlanText(mission) {
  if (!mission) return 'Open or start a mission.';
  if (!mission.planVersion) return TERMINAL.has(mission.status) ? 'No plan was made.' : 'No plan yet.';
  return TERMINAL.has(mission.status) ? `Plan v${mission.planVersion} had no steps left to do.` : `Plan v${mission.planVersion} has no steps left to do.`;
}

function edgePath(from, to, size) {
  if (from.band === to.band && to.x > from.x) {
    const x1 = from.x + size.w, y1 = from.y + size.h / 2, x2 = to.x, y2 = to.y + size.h / 2;
    const mx = (x1 + x2) / 2;
    return `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
  }
  // Into a later band: from the bottom of one node to the top of the other, like a line break.
  const x1 = from.x + size.w / 2, y1 = from.y + size.h, x2 = to.x + size.w / 2, y2 = to.y;
  return `M${x1},${y1} C${x1},${y1 + 30} ${x2},${y2 - 30} ${x2},${y2}`;
}

/**
 * Draws the mission's subgoals as a DAG, left to right, wrapping into bands to fit the box; each
 * node shows skill, args, state, robot, attempts. An ended mission says how it ended above it.
 */
export function renderPlan(container, mission) {
  container.replaceChildren();
  const subgoals = mission?.subgoals ?? [];
  if (mission && TERMINAL.has(mission.status)) {
    const p = note(`${mission.status}${mission.reason ? `: ${mission.reason}` : ''}`, 'plan-outcome');
    p.dataset.status = mission.status;
    container.append(p);
  }
  if (subgoals.length === 0) {
    container.append(note(emptyPlanText(mission)));
    return;
  }
  const { pos, width, height, size } = positionLayers(layerSubgoals(subgoals), NODE, Math.max(NODE.w + 2 * NODE.pad, container.clientWidth - 2));
  const svg = s('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'list', 'aria-label': 'Plan graph' });
  const defs = s('defs');
  const marker = s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(s('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#90a4ae' }));
  defs.append(marker);
  svg.append(defs);
  for (const sg of subgoals) {
    const to = pos.get(sg.id);
    for (const dep of sg.dependsOn ?? []) {
      const from = pos.get(dep);
      if (!from || !to) continue;
      svg.append(s('path', { class: 'edge', d: edgePath(from, to, size), 'marker-end': 'url(#arrow)' }));
    }
  }
  for (const sg of subgoals) {
    const p = pos.get(sg.id);
    const args = Object.values(sg.args ?? {}).join(', ');
    const label = `${sg.id}: ${sg.skill}(${args}) — ${sg.status}, ${sg.robot}, attempts ${sg.attempts}`;
    const g = s('g', { class: 'node', role: 'listitem', 'aria-label': label, 'data-subgoal': sg.id, 'data-status': sg.status, 'data-current': ACTIVE.has(sg.status), transform: `translate(${p.x},${p.y})` });
    g.append(s('title', {}, `${label}\n${sg.instruction ?? ''}${sg.failureCodes?.length ? `\nfailures: ${sg.failureCodes.join(', ')}` : ''}`));
    g.append(s('rect', { width: size.w, height: size.h, rx: 8 }));
    g.append(s('text', { x: 8, y: 17 }, clip(`${sg.skill}(${args})`, 28)));
    const progress = typeof sg.progress === 'number' ? ` ${Math.round(sg.progress * 100)}%` : '';
    g.append(s('text', { x: 8, y: 35, class: 'st' }, `${sg.status}${progress}`));
    g.append(s('text', { x: 8, y: 53 }, clip(`${sg.robot} · attempts ${sg.attempts}${sg.failureCodes?.length ? ` · ${sg.failureCodes.at(-1)}` : ''}`, 30)));
    svg.append(g);
  }
  container.append(svg);
}

/** Subgoals being worked on now, for the map highlight. */
export function currentSubgoals(mission) {
  return (mission?.subgoals ?? []).filter((sg) => ACTIVE.has(sg.status));
}

/** Draws the plan again when its box changes width, so it keeps fitting (the page or the window resized). */
export function watchPlanWidth(container, redraw) {
  let width = container.clientWidth;
  new ResizeObserver(() => {
    if (Math.abs(container.clientWidth - width) < 8) return;
    width = container.clientWidth;
    redraw();
  }).observe(container);
}
