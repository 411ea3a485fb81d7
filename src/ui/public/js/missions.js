import { $, h, fmtTime } from './dom.js';

/** The mission list (newest first); the open mission is marked with aria-current. */
export function renderMissionList(missions, currentId, open) {
  const sorted = [...missions].sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)));
  $('mission-list').replaceChildren(
    ...sorted.map((m) =>
      h(
        'li',
        {},
        h(
          'button',
          { type: 'button', 'data-mission': m.id, 'aria-current': m.id === currentId ? 'true' : undefined, onclick: () => open(m.id) },
          h('span', {}, m.instruction),
          h('small', {}, h('span', { class: 'badge', 'data-status': m.status }, m.status), ` ${m.scene} · ${fmtTime(m.createdAt)}`),
        ),
      ),
    ),
  );
}
