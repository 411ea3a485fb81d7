import { splitMissionText } from './compose.js';
import { api, asList, getToken, setToken, subscribe } from './api.js';
import { hideBusyOffer, showBusyOffer } from './busy.js';
import { renderComposer, renderMessages } from './chat.js';
import { $, throttle, toast } from './dom.js';
import { renderEstop, setupEstop } from './estop.js';
import { parseHash, missionHash } from './hash-route.js';
import { createInbox } from './inbox.js';
import { renderMissionList } from './missions.js';
import { currentSubgoals, renderPlan, watchPlanWidth } from './plan-graph.js';
import { renderRequests } from './requests.js';
import { createCheckpoints } from './checkpoints.js';
import { createPlots } from './plots.js';
import { createReplay } from './replay.js';
import { createTraceView } from './trace.js';
import { setupTraceJump } from './trace-jump.js';
import { createWorldView } from './world.js';
import { setupWorldReset } from './world-reset.js';
import { setupMemoryPanel } from './memory-panel.js';

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

const state = { missionId: null, mission: null, missions: [], robots: [], scenes: [], estop: { latched: false, reason: null } };

const world = createWorldView(() => state);
const trace = createTraceView(() => state.missionId);
/** Set up with the page; until then a memory event has nothing to refresh. */
let memory = { refresh: async () => {} };
const replay = createReplay({ getMission: () => state.mission, onChange: () => onReplay() });
const plots = createPlots({ getMissionId: () => state.missionId, getTime: () => replay.time() });
const checkpoints = createCheckpoints({ getMissionId: () => state.missionId });
// A running mission's review panels follow its trace, but slowly: reading a whole trace and the
// checkpoint history costs the server time the mission's own updates need more.
const reviewSoon = throttle(() => {
  void replay.measure();
  void plots.refresh();
  void checkpoints.refresh();
}, 5000);

/** While scrubbing, the plan graph and plots show the chosen time instead of the present. */
function onReplay() {
  renderPlan($('plan'), replay.planView(state.mission));
  plots.redraw();
}
const inbox = createInbox({ answer: (r, response) => answer(r, response), open: (id) => openMission(id), missions: () => state.missions, openId: () => state.missionId });

/** The mission id lives in the URL hash (`#/missions/<id>`) so a reload reopens the live view. */
function missionFromHash() {
  return parseHash(location.hash).missionId;
}

function defaultScene() {
  return $('scene-select').value || state.scenes[0]?.name || null;
}

function render() {
  const m = state.mission;
  document.body.dataset.mission = m?.id ?? '';
  $('mission-title').textContent = m ? m.instruction : '';
  $('mission-status').textContent = m ? m.status : '';
  $('mission-status').dataset.status = m?.status ?? '';
  $('mission-controls').dataset.status = m?.status ?? '';
  $('btn-pause').disabled = !m || !['planning', 'running', 'awaiting_human'].includes(m.status);
  $('btn-resume').disabled = !m || !['paused', 'interrupted'].includes(m.status);
  $('btn-cancel').disabled = !m || TERMINAL.has(m.status);
  renderMessages(m);
  renderRequests($('requests'), m?.pending ?? [], answer);
  renderComposer(m);
  renderPlan($('plan'), replay.planView(m));
  $('plan-version').textContent = m?.planVersion ? `v${m.planVersion}` : '';
  trace.setSubgoals(m?.subgoals ?? []);
  world.setScene(m?.scene ?? defaultScene());
  const current = currentSubgoals(m);
  world.setHighlight(current.flatMap((sg) => [sg.robot, ...Object.values(sg.args ?? {})]));
  renderMissionList(state.missions, state.missionId, openMission);
  inbox.render();
}

/**
 * SSE events arrive in order (`fromStream`); API responses may race them, so a response replaces
 * the view only when it is not older, and an ended mission never goes back to a live state.
 */
function upsertMission(view, fromStream = false) {
  const i = state.missions.findIndex((m) => m.id === view.id);
  const known = i >= 0 ? state.missions[i] : null;
  const requestIds = (m) => (m?.pending ?? []).map((r) => r.id).join('\n');
  if (requestIds(known) !== requestIds(view)) inbox.refreshSoon();
  if (known && !fromStream) {
    if (String(view.updatedAt) < String(known.updatedAt)) return;
    if (TERMINAL.has(known.status) && !TERMINAL.has(view.status)) return;
  }
  if (i >= 0) state.missions[i] = view;
  else state.missions.push(view);
  if (view.id === state.missionId) state.mission = state.missions.find((m) => m.id === view.id) ?? view;
}

async function loadMission() {
  const id = state.missionId;
  if (!id) return;
  try {
    const view = await api('GET', `/api/missions/${encodeURIComponent(id)}`);
    if (id !== state.missionId) return;
    upsertMission(view);
    render();
  } catch (e) {
    toast(`mission ${id}: ${e.message}`);
  }
}
const missionSoon = throttle(loadMission, 250);

async function loadMissions() {
  try {
    for (const view of asList(await api('GET', '/api/missions'), 'missions')) upsertMission(view);
    if (state.mission) render();
    renderMissionList(state.missions, state.missionId, openMission);
    inbox.render();
  } catch (e) {
    toast(`missions: ${e.message}`);
  }
}
const missionsSoon = throttle(loadMissions, 1500);

function openMission(id) {
  if (id && parseHash(location.hash).missionId !== id) {
    location.hash = missionHash(id);
    return; // hashchange calls back here
  }
  state.missionId = id;
  state.mission = state.missions.find((m) => m.id === id) ?? null;
  replay.setMission(id);
  render();
  void loadMission();
  // A link to a moment or an event of the trace (`?t=…&event=…`) points the list at it once loaded.
  const { t, event } = parseHash(location.hash);
  void plots.refresh();
  void checkpoints.refresh();
  void trace.refresh().then(() => {
    if (id !== state.missionId) return;
    if (event !== null) trace.focusEvent(event);
    else if (t !== null) trace.jumpToTime(t);
  });
}

async function answer(request, response) {
  try {
    for (const b of document.querySelectorAll(`[data-request="${CSS.escape(request.id)}"] button`)) b.disabled = true;
    const view = await api('POST', `/api/missions/${encodeURIComponent(request.missionId)}/requests/${encodeURIComponent(request.id)}`, response);
    if (view && view.id) upsertMission(view);
    render();
  } catch (e) {
    toast(`answer: ${e.message}`);
    void loadMission();
  } finally {
    void inbox.refresh();
  }
}

function onEvent(e) {
  switch (e.type) {
    case 'mission':
      upsertMission(e.mission, true);
      if (e.missionId === state.missionId) render();
      else renderMissionList(state.missions, state.missionId, openMission);
      if (e.missionId === state.missionId) world.refreshSoon();
      // An ended mission's panels are read once more, in full.
      if (e.missionId === state.missionId && TERMINAL.has(e.mission.status)) reviewSoon();
      break;
    case 'request':
      inbox.refreshSoon();
      if (e.missionId === state.missionId) missionSoon();
      break;
    case 'message':
      if (e.missionId === state.missionId) missionSoon();
      break;
    case 'trace':
      if (e.missionId === state.missionId) {
        trace.refreshSoon();
        reviewSoon();
      }
      if (e.kind === 'memory') memory.refresh();
      break;
    case 'world':
      world.onWorld(e);
      break;
    case 'estop':
      state.estop = { latched: e.latched, reason: e.reason };
      renderEstop(state.estop);
      void world.refreshRobots();
      missionSoon();
      break;
  }
}

function onStream(s) {
  const el = $('conn');
  el.dataset.state = s;
  el.textContent = s === 'live' ? 'live' : 'reconnecting…';
  // Events may have been missed while disconnected: catch up from the API.
  if (s === 'live') {
    void loadMissions();
    void loadMission();
    void loadEstop();
    void inbox.refresh();
  }
}

async function loadEstop() {
  try {
    const r = await api('GET', '/api/estop');
    state.estop = { latched: Boolean(r.latched), reason: r.reason ?? null };
    renderEstop(state.estop);
  } catch {
    // Reported by the other loaders; the e-stop button still works.
  }
}

async function loadScenes() {
  try {
    state.scenes = asList(await api('GET', '/api/scenes'), 'scenes');
    const sel = $('scene-select');
    sel.replaceChildren(...state.scenes.map((s) => Object.assign(document.createElement('option'), { value: s.name, textContent: `${s.name} (${s.kind})` })));
    if (state.scenes.some((s) => s.name === 'home')) sel.value = 'home';
  } catch (e) {
    toast(`scenes: ${e.message}`);
  }
}

async function missionAction(action) {
  if (!state.missionId) return;
  try {
    const view = await api('POST', `/api/missions/${encodeURIComponent(state.missionId)}/${action}`, {});
    if (view && view.id) upsertMission(view);
    render();
  } catch (e) {
    toast(`${action}: ${e.message}`);
  }
}

/** Starts a mission; a refusal because the robots are busy becomes an offer (queue, cancel the holder, open it). */
async function startMission(body) {
  hideBusyOffer();
  try {
    const view = await api('POST', '/api/missions', body);
    $('composer-input').value = '';
    upsertMission(view);
    openMission(view.id);
  } catch (e) {
    const retry = (extra) => startMission({ ...body, ...extra }).catch((err) => toast(err.message));
    if (e.code === 'busy' && (await showBusyOffer(e, { scene: body.scene, start: retry, open: openMission }))) return;
    throw e;
  }
}

function setupComposer() {
  const input = $('composer-input');
  $('composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    const send = $('composer-send');
    send.disabled = true;
    try {
      if ($('composer').dataset.mode === 'message' && state.missionId) {
        const r = await api('POST', `/api/missions/${encodeURIComponent(state.missionId)}/messages`, { text });
        if (r?.mission) upsertMission(r.mission);
        input.value = '';
        render();
      } else {
        const scene = $('scene-select').value || undefined;
        const { instruction, steps } = splitMissionText(text);
        await startMission({ instruction, ...(steps.length > 0 ? { steps } : {}), ...(scene ? { scene } : {}) });
      }
    } catch (e) {
      toast(e.message);
    } finally {
      send.disabled = false;
    }
  });
  // Enter sends, Shift+Enter adds a line: the chat is usable without the mouse.
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' && !ev.shiftKey) {
      ev.preventDefault();
      $('composer').requestSubmit();
    }
  });
}

function setupToken() {
  $('token-input').value = getToken();
  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setToken($('token-input').value.trim());
    ev.currentTarget.closest('details').open = false;
    location.reload();
  });
}

async function main() {
  setupEstop((s) => {
    state.estop = s;
    renderEstop(s);
    void world.refreshRobots();
  });
  setupComposer();
  setupToken();
  setupTraceJump();
  setupWorldReset(() => world.scene(), () => world.refreshSoon());
  memory = setupMemoryPanel();
  watchPlanWidth($('plan'), () => renderPlan($('plan'), replay.planView(state.mission)));
  $('btn-pause').addEventListener('click', () => missionAction('pause'));
  $('btn-resume').addEventListener('click', () => missionAction('resume'));
  $('btn-cancel').addEventListener('click', () => missionAction('cancel'));
  $('new-mission').addEventListener('click', () => {
    history.pushState(null, '', location.pathname);
    openMission(null);
    $('composer-input').focus();
  });
  window.addEventListener('hashchange', () => openMission(missionFromHash()));
  await Promise.all([loadScenes(), loadMissions(), loadEstop(), world.refreshRobots(), inbox.refresh()]);
  subscribe('/api/events', onEvent, onStream);
  openMission(missionFromHash());
  document.body.dataset.ready = 'true';
}

void main();
