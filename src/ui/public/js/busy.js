import { api } from './api.js';
import { $, h, toast } from './dom.js';

/**
 * The mission a busy refusal (409 `busy`) names: the orchestrator's own `missionId`, else the first
 * of the `holders` the server adds.
 * @param {unknown} detail
 * @returns {string | null}
 */
export function holderId(detail) {
  if (!detail || typeof detail !== 'object') return null;
  if (typeof detail.missionId === 'string') return detail.missionId;
  const first = Array.isArray(detail.holders) ? detail.holders.find((x) => x && typeof x.missionId === 'string') : null;
  return first ? first.missionId : null;
}

/**
 * What the holding mission is doing, in words.
 * @param {{ status: string, reason?: string | null, pending?: { question: string }[] } | null} m
 */
export function holdWords(m) {
  if (!m) return 'has not ended';
  const asked = m.pending?.[0];
  if (m.status === 'awaiting_human' && asked) return `waits for an answer to “${asked.question}”`;
  if (m.status === 'paused') return `is paused${m.reason ? ` (${m.reason})` : ''}`;
  return `is ${m.status}`;
}

export function hideBusyOffer() {
  const box = $('busy-offer');
  box.hidden = true;
  box.replaceChildren();
}

/**
 * Offers what a person can do when a start is refused because a mission holds the robots: queue the
 * new mission behind it, cancel the holding one and start, or open it (to answer its question).
 * `start(extra)` posts the new mission again (with `{ whenBusy: 'queue' }` to queue it) and
 * reports its own failures; `open(id)` shows a mission.
 */
export async function showBusyOffer(error, { scene, start, open }) {
  const id = holderId(error.detail);
  if (!id) return false;
  let holder = null;
  try {
    holder = await api('GET', `/api/missions/${encodeURIComponent(id)}`);
  } catch {
    // The offer stands without the details: the id is enough to act on.
  }
  const box = $('busy-offer');
  const act = (fn) => async () => {
    for (const b of box.querySelectorAll('button')) b.disabled = true;
    hideBusyOffer();
    await fn();
  };
  const where = scene ? ` of ${scene}` : '';
  const what = holder ? ` (“${holder.instruction}”)` : '';
  box.replaceChildren(
    h('p', { class: 'q', id: 'busy-offer-text' }, `The robots${where} are busy with mission ${id}${what}, which ${holdWords(holder)}.`),
    h(
      'div',
      { class: 'options', role: 'group', 'aria-labelledby': 'busy-offer-text' },
      h('button', { type: 'button', 'data-action': 'queue', onclick: act(() => start({ whenBusy: 'queue' })) }, `Queue it after ${id}`),
      h(
        'button',
        {
          type: 'button',
          'data-action': 'cancel-holder',
          onclick: act(async () => {
            try {
              await api('POST', `/api/missions/${encodeURIComponent(id)}/cancel`, { reason: 'cancelled from the page to free the robots for a new mission' });
            } catch (e) {
              // 409: it ended meanwhile, which frees the robots just the same.
              if (e.status !== 409) return toast(`cancel ${id}: ${e.message}`);
            }
            await start({});
          }),
        },
        `Cancel ${id} and start this one`,
      ),
      h('button', { type: 'button', 'data-action': 'open-holder', onclick: act(async () => open(id)) }, `Open ${id}`),
      h('button', { type: 'button', 'data-action': 'dismiss', onclick: act(async () => undefined) }, 'Dismiss'),
    ),
  );
  box.dataset.holder = id;
  box.hidden = false;
  box.querySelector('button')?.focus();
  return true;
}
