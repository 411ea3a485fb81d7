import { api, apiText, asList } from './api.js';
import { $, h, throttle, toast } from './dom.js';
import { fitMapLabels, watchMapLabels } from './map-labels.js';

/**
 * The live map: the scene's SVG fetched from the server (throttled, so a burst of world events
 * costs one request), with the current subgoal's robot and objects highlighted by their data-id.
 */
export function createWorldView(getState) {
  let scene = null;
  let highlight = [];

  function sanitize(svgText) {
    const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
    const root = doc.documentElement;
    if (!root || root.nodeName !== 'svg') return null;
    // The server's renderer escapes everything, but this is inlined into the page: drop anything active.
    for (const bad of root.querySelectorAll('script, foreignObject, iframe')) bad.remove();
    for (const el of root.querySelectorAll('*')) {
      for (const attr of [...el.attributes]) if (/^on/i.test(attr.name) || /javascript:/i.test(attr.value)) el.removeAttribute(attr.name);
    }
    return document.importNode(root, true);
  }

  function applyHighlight() {
    const map = $('map');
    for (const el of map.querySelectorAll('.hl')) el.classList.remove('hl');
    for (const id of highlight) {
      for (const el of map.querySelectorAll(`[data-id="${CSS.escape(id)}"]`)) el.classList.add('hl');
    }
  }

  async function refreshMap() {
    if (!scene) return;
    try {
      const svg = sanitize(await apiText(`/api/scenes/${encodeURIComponent(scene)}/svg`));
      if (!svg) return;
      svg.setAttribute('data-scene', scene);
      svg.setAttribute('aria-hidden', 'true');
      $('map').replaceChildren(svg);
      fitMapLabels(svg);
      $('map').dataset.refreshedAt = String(Date.now());
      applyHighlight();
      $('map').dispatchEvent(new CustomEvent('orca:map-drawn'));
    } catch (e) {
      toast(`map: ${e.message}`);
    }
  }

  async function refreshObjects() {
    if (!scene) return;
    try {
      const objects = asList(await api('GET', `/api/scenes/${encodeURIComponent(scene)}/objects`), 'objects');
      const list = $('objects');
      list.replaceChildren(
        ...objects
          // Fixtures stand `at` a room; the movable things (in, on, held) are what a mission is about.
          .filter((o) => o.location?.relation !== 'at')
          .map((o) => {
            const where = o.location?.target ? `${o.location.relation} ${o.location.target}` : o.location?.relation ?? '';
            const attrs = Object.values(o.attributes ?? {}).join(' ');
            return h('li', { 'data-id': o.id, class: highlight.includes(o.id) ? 'hl' : undefined }, h('strong', {}, o.id), ` ${attrs ? `(${attrs}) ` : ''}${where}`);
          }),
      );
    } catch {
      // Tabletop or real-robot scenes may have no object list; the panel stays as it was.
    }
  }

  async function refreshRobots() {
    try {
      const robots = asList(await api('GET', '/api/robots'), 'robots');
      const st = getState();
      st.robots = robots;
      renderRobots();
    } catch (e) {
      toast(`robots: ${e.message}`);
    }
  }

  function renderRobots() {
    const st = getState();
    const list = $('robots');
    const mine = st.robots.filter((r) => !scene || r.scene === scene);
    list.replaceChildren(
      ...mine.map((r) =>
        h(
          'li',
          { 'data-robot': r.id, 'data-estopped': String(Boolean(r.estopped)) },
          h('strong', {}, r.id),
          ` ${r.estopped ? 'E-STOPPED' : r.busyWith ? `busy (${r.busyWith})` : 'idle'}`,
          r.holding ? ` · holding ${r.holding}` : '',
          r.health && !r.health.ok ? ` · ${r.health.detail}` : '',
          // The robot's own view: what its last observation detected, which is all orca decides from.
          r.sees && r.sees.length > 0
            ? h('div', { class: 'sees', 'data-sees': r.id }, `sees: ${r.sees.filter((d) => !/Floor|Wall|Room/.test(d.type)).slice(0, 12).map((d) => d.id).join(', ')}`)
            : '',
        ),
      ),
    );
  }

  watchMapLabels($('map'));
  const mapSoon = throttle(refreshMap, 400);
  const objectsSoon = throttle(refreshObjects, 1000);
  const robotsSoon = throttle(refreshRobots, 700);

  return {
    scene: () => scene,
    setScene(name) {
      if (name === scene) return;
      scene = name;
      $('world-scene').textContent = name ? `(${name})` : '';
      $('map').replaceChildren();
      mapSoon();
      objectsSoon();
      robotsSoon();
    },
    setHighlight(ids) {
      highlight = ids;
      applyHighlight();
    },
    onWorld(event) {
      const st = getState();
      if (event.scene !== scene) return;
      for (const r of event.robots ?? []) {
        const known = st.robots.find((x) => x.id === r.id);
        if (known) Object.assign(known, { pose: { x: r.x, y: r.y, theta: r.theta }, holding: r.holding });
      }
      renderRobots();
      mapSoon();
      objectsSoon();
      robotsSoon();
    },
    refreshSoon() {
      mapSoon();
      objectsSoon();
      robotsSoon();
    },
    renderRobots,
    refreshRobots,
  };
}
