import { api } from './api.js';
import { $, h, toast } from './dom.js';

function describe(c) {
  const st = c.state;
  const parts = [];
  if (st.planVersion) parts.push(`plan v${st.planVersion}${st.calls.length ? `: ${st.calls.join(', ')}` : ''}`);
  else if (st.goal) parts.push('goal read');
  if (st.search) parts.push(`searching for ${st.search}`);
  if (st.escalation) parts.push(`handling ${st.escalation}`);
  if (st.request) parts.push(`asked: ${st.request}`);
  if (st.questions) parts.push(`${st.questions} question${st.questions === 1 ? '' : 's'} asked`);
  if (st.outcome) parts.push(`outcome ${st.outcome}`);
  return parts.join(' · ') || (st.text ? `reading "${st.text}"` : 'nothing yet');
}

/** The mission graph's LangGraph checkpoints beside the trace: which node wrote each, where it goes next, what the graph knew. */
export function createCheckpoints({ getMissionId }) {
  const list = $('checkpoints');

  async function refresh() {
    const id = getMissionId();
    if (!id) return list.replaceChildren();
    try {
      const r = await api('GET', `/api/missions/${encodeURIComponent(id)}/checkpoints`);
      if (id !== getMissionId()) return;
      const cps = r.checkpoints ?? [];
      list.dataset.count = String(cps.length);
      if (cps.length === 0) return list.replaceChildren(h('li', { class: 'muted' }, 'No checkpoints for this mission.'));
      list.replaceChildren(
        ...cps.map((c) =>
          h(
            'li',
            { class: 'checkpoint', 'data-node': c.node ?? '', 'data-step': String(c.step) },
            h('span', { class: 'cp-node' }, c.node ?? c.source),
            h('span', { class: 'muted' }, c.next.length ? ` → ${c.next.join(', ')}` : ' → end'),
            h('div', { class: 'cp-state' }, describe(c)),
            h('details', {}, h('summary', {}, 'state'), h('pre', {}, JSON.stringify({ id: c.id, step: c.step, source: c.source, createdAt: c.createdAt, ...c.state }, null, 2))),
          ),
        ),
      );
    } catch (e) {
      toast(`checkpoints: ${e.message}`);
    }
  }

  return { refresh };
}
