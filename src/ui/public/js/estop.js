import { api } from './api.js';
import { $, toast } from './dom.js';

/** Two Escapes within this many ms trigger the e-stop from anywhere on the page. */
export const DOUBLE_ESCAPE_MS = 1000;

/** Wires the e-stop button, its release, and the keyboard shortcut; `onChange` hears the latched state. */
export function setupEstop(onChange) {
  async function press() {
    try {
      const r = await api('POST', '/api/estop', { reason: 'operator pressed e-stop on the web page' });
      onChange({ latched: true, reason: r?.reason ?? 'operator' });
    } catch (e) {
      toast(`E-STOP FAILED: ${e.message}`);
    }
  }
  $('estop').addEventListener('click', press);
  $('estop-release').addEventListener('click', async () => {
    try {
      await api('POST', '/api/estop/release', {});
      onChange({ latched: false, reason: null });
    } catch (e) {
      toast(`release: ${e.message}`);
    }
  });
  let lastEscape = 0;
  document.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Escape') return;
    const now = Date.now();
    if (now - lastEscape <= DOUBLE_ESCAPE_MS) {
      lastEscape = 0;
      void press();
    } else {
      lastEscape = now;
    }
  });
}

export function renderEstop(state) {
  $('estop').setAttribute('aria-pressed', state.latched ? 'true' : 'false');
  $('estop-state').textContent = state.latched ? `E-STOP LATCHED${state.reason ? `: ${state.reason}` : ''}` : '';
  $('estop-release').hidden = !state.latched;
  document.body.dataset.estop = state.latched ? 'latched' : 'clear';
}
