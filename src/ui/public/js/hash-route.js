/**
 * The page's address: `#/missions/<id>` opens a mission; `?t=<seconds since its start>` and
 * `&event=<seq>` point into its trace, so a link can be shared to a moment or to one event.
 */
export function parseHash(hash) {
  const m = /^#\/missions\/([^?]+)(?:\?(.*))?$/.exec(hash);
  if (!m) return { missionId: null, t: null, event: null };
  const q = new URLSearchParams(m[2] ?? '');
  const num = (v) => (v !== null && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
  return { missionId: decodeURIComponent(m[1]), t: num(q.get('t')), event: num(q.get('event')) };
}

export function missionHash(missionId, at = {}) {
  const q = new URLSearchParams();
  if (typeof at.t === 'number') q.set('t', at.t.toFixed(1));
  if (typeof at.event === 'number') q.set('event', String(at.event));
  const query = q.toString();
  return `#/missions/${encodeURIComponent(missionId)}${query ? `?${query}` : ''}`;
}
