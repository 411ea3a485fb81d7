import { api } from './api.js';
import { $, h, toast } from './dom.js';
import { replayedSubgoals } from './replay-model.js';

const NS = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, text) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The map's metre-to-pixel frame, which the server writes into the SVG it renders. */
function frameOf(svg) {
  const meta = svg?.querySelector('metadata.frame');
  if (!meta) return null;
  const minX = Number(meta.getAttribute('data-min-x'));
  const maxY = Number(meta.getAttribute('data-max-y'));
  const px = Number(meta.getAttribute('data-px'));
  if (![minX, maxY, px].every(Number.isFinite)) return null;
  return { X: (x) => (x - minX) * px, Y: (y) => (maxY - y) * px, L: (m) => m * px };
}

const fmt = (t) => `${t.toFixed(1)} s`;

/**
 * The timeline scrubber under the map: dragging it asks the server for the mission as orca knew it
 * at that time (`GET /api/missions/:id/world?t=`), draws the robots and believed objects of then over
 * the map, shows the plan's states and the robots' views of then, and asks the trace list to jump
 * there (`orca:trace-jump`). *Live* goes back to the present.
 */
export function createReplay({ getMission, onChange }) {
  const range = h('input', { id: 'replay-t', type: 'range', min: '0', max: '0', step: '0.1', value: '0', 'aria-label': 'Mission time (simulated seconds since the start)', disabled: true });
  const time = h('output', { id: 'replay-time', for: 'replay-t' }, '');
  const live = h('button', { id: 'replay-live', type: 'button', disabled: true }, 'Live');
  const views = h('ul', { id: 'replay-views', class: 'replay-views', hidden: true });
  $('replay').replaceChildren(h('div', { class: 'replay-bar' }, h('label', { for: 'replay-t' }, 'Timeline'), range, time, live), views);

  let snapshot = null;
  let duration = 0;
  let missionId = null;
  let inflight = null;
  let wanted = null;

  function drawOverlay() {
    const svg = $('map').querySelector('svg');
    svg?.querySelector('g.replay-layer')?.remove();
    $('map').classList.toggle('replaying', snapshot !== null);
    if (!snapshot || !svg) return;
    const f = frameOf(svg);
    if (!f) return;
    const layer = s('g', { class: 'replay-layer', 'data-t': snapshot.t.toFixed(2) });
    for (const o of snapshot.objects) {
      const g = s('g', { class: 'replay-object', 'data-id': o.id });
      g.append(s('circle', { cx: f.X(o.x), cy: f.Y(o.y), r: f.L(0.08), fill: o.color ?? '#9e9e9e', stroke: '#222', 'stroke-width': 1.5 }));
      g.append(s('title', {}, `${o.id}${o.where ? ` (${o.where})` : ''}`));
      layer.append(g);
    }
    for (const r of snapshot.robots) {
      const g = s('g', { class: 'replay-robot', 'data-id': r.id });
      g.append(s('circle', { cx: f.X(r.x), cy: f.Y(r.y), r: f.L(0.22), fill: '#ffcc80', stroke: '#e65100', 'stroke-width': 3 }));
      g.append(s('line', { x1: f.X(r.x), y1: f.Y(r.y), x2: f.X(r.x + 0.3 * Math.cos(r.theta)), y2: f.Y(r.y + 0.3 * Math.sin(r.theta)), stroke: '#e65100', 'stroke-width': 3 }));
      if (r.ee) g.append(s('circle', { class: 'ee', cx: f.X(r.ee.x), cy: f.Y(r.ee.y), r: 5, fill: '#e65100' }));
      g.append(s('text', { x: f.X(r.x + 0.25), y: f.Y(r.y + 0.25), 'font-size': 14, fill: '#e65100' }, `${r.id}${r.holding ? ` · ${r.holding}` : ''}`));
      layer.append(g);
    }
    svg.append(layer);
  }

  function renderViews() {
    views.hidden = snapshot === null;
    if (!snapshot) return views.replaceChildren();
    views.replaceChildren(
      ...snapshot.robots.map((r) =>
        h('li', { 'data-robot': r.id }, h('strong', {}, r.id), ` at (${r.x.toFixed(2)}, ${r.y.toFixed(2)})`, r.holding ? ` · holding ${r.holding}` : '', r.aperture !== undefined ? ` · gripper ${Math.round(r.aperture * 100)}% open` : '', r.sees?.length ? h('div', { class: 'sees' }, `saw: ${r.sees.join(', ')}`) : ''),
      ),
    );
  }

  async function show(t) {
    wanted = t;
    if (inflight) return;
    const id = missionId;
    while (wanted !== null && id === missionId) {
      const ask = wanted;
      wanted = null;
      inflight = api('GET', `/api/missions/${encodeURIComponent(id)}/world?t=${ask}`);
      try {
        const snap = await inflight;
        if (id !== missionId) break;
        snapshot = snap;
        time.textContent = `${fmt(snap.t)} / ${fmt(snap.duration)}`;
        drawOverlay();
        renderViews();
        live.disabled = false;
        document.dispatchEvent(new CustomEvent('orca:trace-jump', { detail: { missionId: id, seq: snap.seq, t: snap.t } }));
        onChange();
      } catch (e) {
        toast(`replay: ${e.message}`);
      } finally {
        inflight = null;
      }
    }
  }

  /** Learns how long the mission is so far; the scrubber's end follows a live mission. */
  async function measure() {
    const id = missionId;
    if (!id) return;
    try {
      const end = await api('GET', `/api/missions/${encodeURIComponent(id)}/world?t=1000000000`);
      if (id !== missionId) return;
      duration = end.duration;
      range.max = String(duration);
      range.disabled = duration <= 0;
      if (!snapshot) {
        range.value = range.max;
        time.textContent = `live · ${fmt(duration)}`;
      }
    } catch {
      // No replay yet (nothing on the simulated clock): the scrubber stays disabled.
      range.disabled = true;
      time.textContent = '';
    }
  }

  function goLive() {
    snapshot = null;
    wanted = null;
    range.value = range.max;
    time.textContent = duration > 0 ? `live · ${fmt(duration)}` : '';
    live.disabled = true;
    drawOverlay();
    renderViews();
    onChange();
  }

  range.addEventListener('input', () => void show(Number(range.value)));
  live.addEventListener('click', goLive);
  // A live map is redrawn from the server now and then: put the past back over it.
  $('map').addEventListener('orca:map-drawn', drawOverlay);

  return {
    setMission(id) {
      if (id === missionId) return;
      missionId = id;
      duration = 0;
      range.max = '0';
      range.disabled = true;
      goLive();
      void measure();
    },
    measure,
    /** Seconds since the start being replayed, or null when the page shows the present. */
    time: () => (snapshot ? snapshot.t : null),
    /** The mission as the plan graph should draw it: the replayed states while scrubbing. */
    planView(mission) {
      if (!snapshot || !mission) return mission;
      return { ...mission, subgoals: replayedSubgoals(mission.subgoals, snapshot.subgoals) };
    },
    seek: (t) => {
      range.value = String(t);
      void show(t);
    },
  };
}
