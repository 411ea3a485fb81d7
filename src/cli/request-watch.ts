import { TERMINAL_STATUSES } from '../../agents/orchestrator/types.js';
import type { HumanRequestView, MissionView, Orchestrator } from '../../agents/orchestrator/types.js';

export interface RequestWatch {
  /** Aborts when the request stops standing: it was withdrawn, or its mission ended. */
  readonly signal: AbortSignal;
  stop(): void;
}

const stillStands = (m: MissionView | null, requestId: string): boolean =>
  m !== null && !TERMINAL_STATUSES.includes(m.status) && m.pending.some((r) => r.id === requestId);

/**
 * Watches one pending request while a person is asked it, so a prompt never outlives its
 * question: a cancel, an e-stop's withdrawal, a replan or the mission's end take it down.
 */
export function watchRequest(o: Orchestrator, req: HumanRequestView): RequestWatch {
  const controller = new AbortController();
  const off = o.subscribe((e) => {
    if (e.type === 'mission' && e.missionId === req.missionId && !stillStands(e.mission, req.id)) controller.abort();
  });
  if (!stillStands(o.getMission(req.missionId), req.id)) controller.abort();
  return { signal: controller.signal, stop: off };
}

/**
 * The mission once it has moved on from a request that stopped standing: withdrawing a request
 * empties it before the mission's status follows, so settling at once could still read the old wait.
 */
export async function movedOn(o: Orchestrator, req: HumanRequestView): Promise<MissionView | null> {
  const moved = (m: MissionView | null): boolean => m === null || m.status !== 'awaiting_human' || m.pending.some((r) => r.id !== req.id);
  await new Promise<void>((resolve) => {
    if (moved(o.getMission(req.missionId))) return resolve();
    const off = o.subscribe((e) => {
      if (e.type !== 'mission' || e.missionId !== req.missionId || !moved(e.mission)) return;
      off();
      resolve();
    });
  });
  return o.getMission(req.missionId) ? o.settled(req.missionId) : null;
}

/** What the person is told when a question they were asked no longer takes an answer. */
export function withdrawnNotice(req: HumanRequestView, mission: MissionView | null): string {
  const what = `the ${req.kind} "${req.question}"`;
  if (!mission) return `${what} is closed: its mission is gone`;
  const why = mission.reason ? `: ${mission.reason}` : '';
  if (TERMINAL_STATUSES.includes(mission.status)) return `${what} is closed: mission ${mission.id} ${mission.status}${why}`;
  return `${what} was withdrawn (mission ${mission.id} is ${mission.status}${why}); it no longer takes an answer`;
}
