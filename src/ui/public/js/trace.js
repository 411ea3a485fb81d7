import { api, asList, download } from './api.js';
import { $, h, fmtTime, throttle, toast } from './dom.js';
import { reflectionParts, summarize } from './trace-summary.js';

const KINDS = ['instruction', 'question', 'answer', 'goal', 'plan', 'validation', 'allocation', 'dispatch', 'step', 'verdict', 'reflection', 'delegation', 'correction', 'transition', 'pause', 'resume', 'cancel', 'estop', 'estop_release', 'outcome', 'note', 'error'];

/** The trace timeline of the open mission, with kind/subgoal filters and JSON/MCAP export links. */
export function createTraceView(getMissionId) {
  const kindSel = $('trace-kind');
  for (const k of KINDS) kindSel.append(h('option', { value: k }, k));

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

  function renderEvent(e) {
    const d = e.data ?? {};
    const body = [h('span', { class: 'summary' }, summarize(e))];
    if (e.kind === 'reflection') {
      const { cause, decision } = reflectionParts(d);
      if (cause || decision) body.push(h('div', { class: 'cause-decision' }, h('span', { class: 'cause' }, `cause: ${cause || '—'}`), ' → ', h('span', { class: 'decision' }, `decision: ${decision || '—'}`)));
    }
    if (e.kind === 'verdict' && d.evidence !== undefined) {
      body.push(h('details', { class: 'evidence', open: d.kind !== 'progress' }, h('summary', {}, 'evidence'), h('pre', {}, JSON.stringify(d.evidence, null, 2))));
    } else if (!['step', 'transition'].includes(e.kind)) {
      body.push(h('details', {}, h('summary', {}, 'data'), h('pre', {}, JSON.stringify(d, null, 2))));
    }
    return h(
      'li',
      { class: 'ev', 'data-kind': e.kind, 'data-seq': e.seq, 'data-subgoal': e.subgoalId ?? '', 'data-verdict': e.kind === 'verdict' ? d.kind : undefined },
      h('span', { class: 'seq' }, `#${e.seq}`),
      h('span', { class: 't', title: e.wallTime }, e.simTime === null || e.simTime === undefined ? fmtTime(e.wallTime) : `${Number(e.simTime).toFixed(1)} s`),
      h('span', { class: 'kind' }, e.kind, e.subgoalId ? h('small', { class: 'muted' }, ` ${e.subgoalId}`) : null, h('br'), h('small', { class: 'muted' }, `${e.actor?.kind ?? ''}:${e.actor?.id ?? ''}`)),
      h('div', {}, body),
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
      const events = await fetchFrom(id, base, fresh ? 1 : shown.lastSeq + 1);
      if (id !== getMissionId()) return;
      if (fresh) list.replaceChildren();
      const newer = events.filter((e) => fresh || e.seq > shown.lastSeq);
      list.append(...newer.map(renderEvent));
      shown = { key, lastSeq: Math.max(fresh ? 0 : shown.lastSeq, ...newer.map((e) => e.seq)) };
      list.dataset.count = String(list.children.length);
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

  $('trace-filters').addEventListener('submit', (ev) => {
    ev.preventDefault();
    void refresh();
  });
  kindSel.addEventListener('change', () => void refresh());
  // Sampled steps and progress verdicts are most of a trace; hiding them is a class flip, not a refetch.
  const hideSamples = () => $('timeline').classList.toggle('hide-samples', $('trace-hide-samples').checked);
  $('trace-hide-samples').addEventListener('change', hideSamples);
  hideSamples();
  $('trace-subgoal').addEventListener('change', () => void refresh());

  return {
    refresh,
    refreshSoon: throttle(refresh, 1000),
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
