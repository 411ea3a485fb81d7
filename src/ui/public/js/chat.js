import { $, h, fmtTime } from './dom.js';

/** Chat lines of the open mission, oldest first, plus a note for pending questions (answered below). */
export function renderMessages(mission) {
  const list = $('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const lines = mission?.messages ?? [];
  list.replaceChildren(
    ...lines.map((m) =>
      h('li', { class: 'msg', 'data-from': m.from }, h('span', { class: 'who' }, `${m.from === 'user' ? 'you' : 'orca'} · ${fmtTime(m.at)}`), m.text),
    ),
  );
  if (mission && lines.length === 0) list.append(h('li', { class: 'msg', 'data-from': 'user' }, mission.instruction));
  // Questions the orchestrator did not also put in the chat lines are shown as orca's, with their answer.
  const said = lines.map((m) => m.text).join('\n');
  for (const q of mission?.questions ?? []) {
    if (said.includes(q.question)) continue;
    list.append(h('li', { class: 'msg', 'data-from': 'orca', 'data-question': 'true' }, h('span', { class: 'who' }, 'orca · question'), q.question));
    if (q.answer && !said.includes(q.answer)) list.append(h('li', { class: 'msg', 'data-from': 'user' }, h('span', { class: 'who' }, 'you · answer'), q.answer));
  }
  if (mission?.reason && ['succeeded', 'failed', 'cancelled'].includes(mission.status)) {
    const last = lines.at(-1)?.text ?? '';
    if (!last.includes(mission.reason)) list.append(h('li', { class: 'msg', 'data-from': 'orca', 'data-outcome': mission.status }, h('span', { class: 'who' }, 'orca · outcome'), `Mission ${mission.status}: ${mission.reason}`));
  }
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/** Composer mode: a new mission when nothing is open (or it ended), otherwise a message to the open mission. */
export function renderComposer(mission) {
  const live = mission && !['succeeded', 'failed', 'cancelled'].includes(mission.status);
  $('composer').dataset.mode = live ? 'message' : 'start';
  $('scene-row').hidden = Boolean(live);
  $('composer-label').textContent = live ? 'Message to orca (answer, correction or new instruction)' : 'Instruction for a new mission';
  $('composer-send').textContent = live ? 'Send' : 'Start mission';
  // Shift+Enter adds a line: in a new mission, each line after the first is a step-by-step direction.
  $('composer-input').placeholder = live ? 'e.g. the red one' : 'e.g. bring me the mug (Shift+Enter: one step per line)';
}
