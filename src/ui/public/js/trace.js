import { api, asList, download } from './api.js';
import { $, h, throttle, toast } from './dom.js';
import { missionHash } from './hash-route.js';
import { isBookkeeping, sentence, words } from './trace-text.js';
import { applyTraceFilters, readTraceFilters, sinceStart } from './trace-filter.js';

const KINDS = ['instruction', 'question', 'answer', 'goal', 'plan', 'validation', 'allocation', 'dispatch', 'step', 'verdict', 'reflection', 'delegation', 'correction', 'transition', 'pause', 'resume', 'cancel', 'estop', 'estop_release', 'outcome', 'note', 'error'];

function fmtClock(seconds) {
  const s = Math.max(0, seconds);
  const m = Math.floor(s / 60);
  return `${m}:${(s - m * 60).toFixed(0).padStart(2, '0')}`;
}

/** The verifier's criteria as a readable list: what held, what did not and why. */
function evidenceList(evidence) {
  const criteria = Array.isArray(evidence?.criteria) ? evidence.criteria : [];
  if (criteria.length === 0) return null;
  const mark = { true: '✓', false: '✗', unknown: '?' };
  return h('ul', { class: 'criteria' }, criteria.map((c) => h('li', { 'data-truth': c.truth }, `${mark[c.truth] ?? '·'} ${c.predicate}: ${c.reason ?? c.truth}`)));
}

/** The trace of the open mission: one readable row per event, searchable, linkable, with exports. */
export function createTraceView(getMissionId) {
  const kindSel = $('trace-kind');
  for (const k of KINDS) kindSel.append(h('option', { value: k }, words(k)));

  function exportPath(format) {
    return `/api/missions/${encodeURIComponent(getMissionId())}/trace/export?format=${format}`;
  }
  for (const [id, format] of [['export-json', 'json'], ['export-mcap', 'mcap']]) {
    $(id).addEventListener('click', (ev) => {
      if (!getMissionId()) return ev.preventDefault();
      // With a token the plain link would be refused: fetch with the header and save the blob.
      ev.preventDefault();
      download(exportPath(format), `${getMissionId()}.${format}`).catch((e) => toast(`export: ${e.message}`));
    });
  }

  // Where the mission started, so every row says how long after the start it happened.
  let start = { missionId: null, sim: null, wall: null };
  let previous = null;
  // An event the simulated clock did not stamp (a person's answer, a memory use) happened at the last stamped time.
  let lastSim = null;

  function renderEvent(e) {
    const d = e.data ?? {};
    const { sim, wall } = sinceStart(e, start);
    if (sim !== null) lastSim = sim;
    const t = sim ?? lastSim ?? wall ?? 0;
    const secondary = isBookkeeping(e, previous);
    previous = e;
    const details = [];
    if (e.kind === 'verdict') {
      const list = evidenceList(d.evidence);
      if (list) details.push(h('details', { class: 'evidence', open: d.kind !== 'progress' }, h('summary', {}, 'evidence'), list));
    }
    details.push(h('details', { class: 'raw' }, h('summary', {}, 'data'), h('pre', {}, JSON.stringify(e, null, 2))));
    const link = missionHash(e.missionId, { t, event: e.seq });
    return h(
      'li',
      {
        class: 'ev', id: `ev-${e.seq}`, 'data-kind': e.kind, 'data-seq': e.seq, 'data-subgoal': e.subgoalId ?? '', 'data-t': t.toFixed(2),
        'data-verdict': e.kind === 'verdict' ? d.kind : undefined, 'data-bookkeeping': secondary ? 'true' : undefined,
      },
      h(
        'a',
        { class: 't', href: link, title: `#${e.seq} · ${e.wallTime} · link to this event` },
        sim === null ? '—' : `${sim.toFixed(1)} s`,
        h('small', {}, wall === null ? '' : `wall ${fmtClock(wall)}`),
      ),
      h('span', { class: 'kind' }, words(e.kind), e.subgoalId ? h('small', { class: 'muted' }, e.subgoalId) : null),
      h('div', { class: 'body' }, h('span', { class: 'text' }, sentence(e)), details),
    );
  }

  // Incremental: while the mission and filters stay the same, only events after the last one shown are fetched.
  let shown = { key: '', lastSeq: 0 };

  async function fetchFrom(id, base, fromSeq) {
    const out = [];
    let next = fromSeq;
    for (let page = 0; page < 50 && next !== null; page++) {
      const q = new URLSearchParams(base);
      q.set('limit', '1000');
      if (next > 1) q.set('fromSeq', String(next));
      const r = await api('GET', `/api/missions/${encodeURIComponent(id)}/trace?${q}`);
      out.push(...asList(r, 'events'));
      next = typeof r?.nextSeq === 'number' ? r.nextSeq : null;
    }
    return out;
  }

  async function loadStart(id) {
    if (start.missionId === id && start.wall !== null) return;
    const first = asList(await api('GET', `/api/missions/${encodeURIComponent(id)}/trace?limit=20`), 'events');
    const withSim = first.find((e) => typeof e.simTime === 'number');
    start = { missionId: id, sim: withSim ? withSim.simTime : null, wall: first[0] ? Date.parse(first[0].wallTime) : null };
  }

  async function doRefresh() {
    const id = getMissionId();
    const list = $('timeline');
    if (!id) {
      list.replaceChildren();
      shown = { key: '', lastSeq: 0 };
      for (const a of ['export-json', 'export-mcap']) $(a).setAttribute('href', '#');
      return;
    }
    $('export-json').setAttribute('href', exportPath('json'));
    $('export-mcap').setAttribute('href', exportPath('mcap'));
    const base = new URLSearchParams();
    if (kindSel.value) base.set('kind', kindSel.value);
    if ($('trace-subgoal').value) base.set('subgoalId', $('trace-subgoal').value);
    const key = `${id}?${base}`;
    const fresh = key !== shown.key;
    try {
      await loadStart(id);
      const events = await fetchFrom(id, base, fresh ? 1 : shown.lastSeq + 1);
      if (id !== getMissionId()) return;
      if (fresh) {
        list.replaceChildren();
        previous = null;
        lastSim = null;
      }
      const newer = events.filter((e) => fresh || e.seq > shown.lastSeq);
      list.append(...newer.map(renderEvent));
      shown = { key, lastSeq: Math.max(fresh ? 0 : shown.lastSeq, ...newer.map((e) => e.seq)) };
      list.dataset.count = String(list.children.length);
      applyFilters();
    } catch (e) {
      toast(`trace: ${e.message}`);
    }
  }

  // Serialised so two overlapping refreshes never append the same events twice.
  let chain = Promise.resolve();
  function refresh() {
    chain = chain.then(doRefresh, doRefresh);
    return chain;
  }

  function applyFilters() {
    const list = $('timeline');
    const visible = applyTraceFilters(list, readTraceFilters());
    list.dataset.visible = String(visible);
    $('trace-shown').textContent = `${visible} of ${list.children.length} events`;
  }

  /** Marks one row as the one pointed at and scrolls the list (not the page) to it. */
  function point(row) {
    const list = $('timeline');
    for (const r of list.querySelectorAll('.ev[aria-current]')) r.removeAttribute('aria-current');
    if (!row) return null;
    row.setAttribute('aria-current', 'true');
    list.scrollTop = row.offsetTop - list.offsetTop - list.clientHeight / 3;
    return Number(row.dataset.seq);
  }

  /** The first shown row at or after `seconds` since the mission start (else the last one): the scrubber calls this. */
  function jumpToTime(seconds) {
    const rows = [...$('timeline').querySelectorAll('.ev')].filter((r) => r.offsetParent !== null);
    return point(rows.find((r) => Number(r.dataset.t) >= seconds - 1e-6) ?? rows.at(-1) ?? null);
  }

  function focusEvent(seq) {
    const row = $('timeline').querySelector(`.ev[data-seq="${CSS.escape(String(seq))}"]`);
    if (row && row.offsetParent === null) return jumpToTime(Number(row.dataset.t));
    return point(row);
  }

  $('trace-filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void refresh();
  });
  kindSel.addEventListener('change', () => void refresh());
  $('trace-subgoal').addEventListener('change', () => void refresh());
  // Search, time range and hiding samples only show or hide rows already here: no refetch.
  for (const id of ['trace-search', 'trace-from', 'trace-to']) $(id).addEventListener('input', applyFilters);
  $('trace-hide-samples').addEventListener('change', applyFilters);
  applyFilters();

  return {
    refresh,
    refreshSoon: throttle(refresh, 1000),
    jumpToTime,
    focusEvent,
    setSubgoals(subgoals) {
      const sel = $('trace-subgoal');
      const current = sel.value;
      const ids = subgoals.map((s) => s.id);
      const have = [...sel.options].slice(1).map((o) => o.value);
      if (ids.join('\n') === have.join('\n')) return;
      sel.replaceChildren(h('option', { value: '' }, 'all subgoals'), ...subgoals.map((s) => h('option', { value: s.id }, `${s.id} ${s.skill}`)));
      sel.value = ids.includes(current) ? current : '';
    },
  };
}
