/** Client-side filters of the trace list: text search, a time range, hiding samples, state transitions and bookkeeping. */

/** Seconds since the mission started, in simulated time and in wall time (null when unknown). */
export function sinceStart(e, start) {
  const sim = typeof e.simTime === 'number' && typeof start.sim === 'number' ? e.simTime - start.sim : null;
  const at = Date.parse(e.wallTime);
  const wall = typeof start.wall === 'number' && Number.isFinite(at) ? (at - start.wall) / 1000 : null;
  return { sim, wall };
}

/**
 * Whether a row stays visible. `row`: its text, time since the start, kind, verdict kind and whether
 * it is bookkeeping; `f`: the query (every word must appear), the range in seconds and `hideSamples`.
 */
export function rowMatches(row, f) {
  if (f.hideSamples && (row.kind === 'step' || row.kind === 'transition' || row.verdict === 'progress' || row.bookkeeping)) return false;
  if (typeof f.from === 'number' && row.t < f.from) return false;
  if (typeof f.to === 'number' && row.t > f.to) return false;
  const text = row.text.toLowerCase();
  return f.query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => text.includes(word));
}

function num(id) {
  const v = document.getElementById(id).value.trim();
  return v !== '' && Number.isFinite(Number(v)) ? Number(v) : null;
}

export function readTraceFilters() {
  return { query: document.getElementById('trace-search').value, from: num('trace-from'), to: num('trace-to'), hideSamples: document.getElementById('trace-hide-samples').checked };
}

/** Hides the rows that do not match; returns how many are shown. */
export function applyTraceFilters(list, f) {
  let shown = 0;
  for (const li of list.children) {
    const body = li.querySelector('.text');
    const row = { text: `${li.dataset.kind} ${li.dataset.subgoal} ${body ? body.textContent : ''}`, t: Number(li.dataset.t), kind: li.dataset.kind, verdict: li.dataset.verdict, bookkeeping: li.dataset.bookkeeping === 'true' };
    const ok = rowMatches(row, f);
    li.hidden = !ok;
    if (ok) shown += 1;
  }
  return shown;
}
