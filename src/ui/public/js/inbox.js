import { api, asList } from './api.js';
import { $, h, throttle, toast } from './dom.js';
import { renderRequests } from './requests.js';

const BASE_TITLE = 'orca';

function waited(createdAt, now) {
  const s = Math.max(0, (now - Date.parse(createdAt)) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** Oldest first: whoever has waited longest is answered first. */
export function oldestFirst(requests) {
  return [...requests].sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)) || String(a.id).localeCompare(String(b.id)));
}

/**
 * Every pending question, approval and delegation across missions, oldest first, each answerable
 * here exactly as inside its mission (`answer(request, response)`); the count is on the header
 * badge and in the page title.
 */
export function createInbox({ answer, open, missions, openId }) {
  let requests = [];

  function render() {
    const list = $('inbox-list');
    const now = Date.now();
    const byId = new Map(missions().map((m) => [m.id, m]));
    list.replaceChildren(
      ...requests.map((r) => {
        const mission = byId.get(r.missionId);
        // The open mission's requests are answered in its chat; one card per request on the page.
        const here = r.missionId === openId();
        const card = h('div', {});
        if (!here) renderRequests(card, [r], answer, 'inbox');
        return h(
          'li',
          { class: 'inbox-item', 'data-request': r.id, 'data-mission': r.missionId, 'data-open': here ? 'true' : undefined },
          h(
            'div',
            { class: 'inbox-meta' },
            h('button', { type: 'button', class: 'linklike', onclick: () => open(r.missionId), title: 'Open this mission' }, mission ? mission.instruction : r.missionId),
            h('small', { class: 'muted' }, ` ${r.missionId} · asked ${waited(r.createdAt, now)}`),
          ),
          here ? h('p', { class: 'inbox-here' }, h('span', { class: 'q' }, r.question), h('small', { class: 'muted' }, ' — open below: answer it in the chat')) : card.firstChild,
        );
      }),
    );
    const n = requests.length;
    $('inbox-empty').hidden = n > 0;
    $('inbox-summary').textContent = n > 0 ? `(${n} waiting)` : '';
    const badge = $('inbox-count');
    badge.textContent = String(n);
    badge.dataset.count = String(n);
    document.title = n > 0 ? `(${n}) ${BASE_TITLE}` : BASE_TITLE;
  }

  async function refresh() {
    try {
      requests = oldestFirst(asList(await api('GET', '/api/requests'), 'requests'));
      render();
    } catch (e) {
      toast(`inbox: ${e.message}`);
    }
  }

  $('inbox-link').addEventListener('click', () => {
    $('inbox').scrollIntoView({ block: 'start' });
    $('inbox').focus({ preventScroll: true });
  });

  return { refresh, refreshSoon: throttle(refresh, 300), render };
}
