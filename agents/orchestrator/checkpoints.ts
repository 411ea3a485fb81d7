import type { MissionGraph } from './graph.js';
import type { MissionStateValue } from './state.js';
import type { CheckpointView } from './types.js';

/** Checkpoints listed per mission at most; a mission's graph rarely takes more than a few hundred steps. */
export const MAX_CHECKPOINTS = 1000;

/** What the graph knew at a checkpoint, in the terms a reviewer asks about; the whole state stays in the checkpointer. */
function summary(v: Partial<MissionStateValue>): CheckpointView['state'] {
  return {
    text: v.text ?? '',
    goal: v.goal !== null && v.goal !== undefined,
    planVersion: v.planVersion ?? 0,
    calls: (v.calls ?? []).map((c) => `${c.skill}(${Object.values(c.args).join(', ')})`),
    questions: (v.questions ?? []).length,
    request: v.request ? v.request.question : null,
    escalation: v.escalation ? v.escalation.kind : null,
    search: v.search ? v.search.type : null,
    outcome: v.outcome ? v.outcome.status : null,
    route: v.next ?? '',
  };
}

/**
 * A mission's LangGraph checkpoints, oldest first: the node that wrote each one (the node its parent
 * was about to run), the nodes it leads to, and a summary of the state then.
 */
export async function listCheckpoints(graph: MissionGraph, missionId: string): Promise<CheckpointView[]> {
  const newestFirst: CheckpointView[] = [];
  const nextOf = new Map<string, string[]>();
  for await (const snap of graph.getStateHistory({ configurable: { thread_id: missionId } }, { limit: MAX_CHECKPOINTS })) {
    const id = String(snap.config.configurable?.['checkpoint_id'] ?? '');
    const parentId = snap.parentConfig ? String(snap.parentConfig.configurable?.['checkpoint_id'] ?? '') : null;
    const metadata: { step?: unknown; source?: unknown } = snap.metadata ?? {};
    nextOf.set(id, [...snap.next]);
    newestFirst.push({
      id,
      parentId,
      step: typeof metadata.step === 'number' ? metadata.step : -1,
      source: typeof metadata.source === 'string' ? metadata.source : 'unknown',
      node: null,
      next: [...snap.next],
      createdAt: snap.createdAt ?? null,
      state: summary(snap.values as Partial<MissionStateValue>),
    });
  }
  return newestFirst.reverse().map((c) => ({ ...c, node: c.source === 'input' ? 'input' : (c.parentId ? (nextOf.get(c.parentId) ?? []).join(', ') || null : null) }));
}
