import { $ } from './dom.js';
import { rowAtOrBefore } from './replay-model.js';

/**
 * The contract between the replay and the trace list: the replay dispatches `orca:trace-jump` on
 * `document` with `{missionId, seq, t}`; the trace list's rows carry `data-seq`. The row of the last
 * shown event at or before that time is marked `at-time` and scrolled into view.
 */
export function jumpTraceTo(seq) {
  const list = $('timeline');
  if (!list) return null;
  for (const el of list.querySelectorAll('.at-time')) el.classList.remove('at-time');
  const rows = [...list.querySelectorAll('li[data-seq]')].map((el) => ({ el, seq: Number(el.dataset.seq), hidden: el.offsetParent === null }));
  const row = rowAtOrBefore(rows, seq);
  if (!row) return null;
  row.el.classList.add('at-time');
  row.el.scrollIntoView({ block: 'nearest' });
  return row.el;
}

export function setupTraceJump() {
  document.addEventListener('orca:trace-jump', (ev) => jumpTraceTo(ev.detail.seq));
}
