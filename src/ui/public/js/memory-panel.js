import { api } from './api.js';
import { $, h } from './dom.js';

/**
 * The *Memory* panel: what orca remembers at its sites (references people gave, failure statistics),
 * each with who said it, when it was last confirmed and its evidence. A person corrects a reference's
 * things or description, or deletes any entry; the server validates every change.
 */

function evidenceText(entry) {
  return entry.evidence.map((e) => `${e.missionId}${e.seq !== null ? ` #${e.seq}` : ''}`).join(', ');
}

function summary(entry) {
  if (entry.kind === 'reference') return `${entry.person ?? 'everyone'}: "${entry.phrase}" = ${entry.label} (${entry.ids.join(', ')})`;
  const failures = Object.entries(entry.failures).map(([code, n]) => `${code} ×${n}`).join(', ') || 'no failures';
  const recoveries = Object.entries(entry.recoveries)
    .flatMap(([code, byKind]) => Object.entries(byKind).map(([kind, c]) => `${code} → ${kind}: ${c.worked} worked, ${c.failed} failed`))
    .join('; ');
  return `${entry.robot} ${entry.skill} on ${entry.objectType}: ${entry.attempts} attempts, ${failures}${recoveries ? `; ${recoveries}` : ''}`;
}

function editForm(entry, onDone) {
  const ids = h('input', { name: 'ids', value: entry.ids.join(', '), 'aria-label': `Things "${entry.phrase}" means (ids, comma separated)` });
  const label = h('input', { name: 'label', value: entry.label, 'aria-label': `Description of what "${entry.phrase}" means` });
  const form = h('form', { class: 'memory-edit' }, ids, label, h('button', { type: 'submit' }, 'Save'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { ids: ids.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0), label: label.value.trim() };
    await onDone(() => api('PATCH', `/api/memory/${encodeURIComponent(entry.id)}`, body));
  });
  return form;
}

function row(entry, act) {
  const controls = [h('button', { type: 'button', onclick: () => act(() => api('DELETE', `/api/memory/${encodeURIComponent(entry.id)}`)), 'aria-label': `Forget ${entry.id}` }, 'Forget')];
  if (entry.kind === 'reference') {
    const edit = h('details', {}, h('summary', {}, 'Edit'), editForm(entry, act));
    controls.unshift(edit);
  }
  return h(
    'li',
    { class: 'memory-entry', dataset: { kind: entry.kind, id: entry.id } },
    h('span', { class: 'memory-summary' }, summary(entry)),
    h('span', { class: 'muted memory-meta' }, ` — said by ${entry.saidBy}, confirmed ${entry.confirmedAt}, evidence ${evidenceText(entry)}`),
    ...controls,
  );
}

/** The panel starts closed and loads only while open, so a page that never looks at memory never asks for it. */
export function setupMemoryPanel() {
  const panel = $('memory-panel');
  const list = $('memory-list');
  const status = $('memory-status');
  if (!panel || !list || !status) return { refresh: async () => {} };
  const refresh = async () => {
    if (!panel.open) return;
    try {
      const { entries } = await api('GET', '/api/memory');
      list.replaceChildren(...entries.map((e) => row(e, act)));
      status.textContent = entries.length === 0 ? 'Nothing remembered yet.' : '';
    } catch (e) {
      status.textContent = `Memory unavailable: ${e.message}`;
    }
  };
  const act = async (request) => {
    try {
      await request();
      status.textContent = '';
    } catch (e) {
      status.textContent = `Not changed: ${e.message}`;
      return;
    }
    await refresh();
  };
  $('memory-refresh')?.addEventListener('click', () => void refresh());
  panel.addEventListener('toggle', () => void refresh());
  return { refresh };
}
