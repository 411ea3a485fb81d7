/** The execution machine's subgoal states as the plan graph names them (as the mission view does). */
const STATUS = {
  pending: 'pending',
  awaiting_approval: 'awaiting_human',
  dispatching: 'running',
  executing: 'running',
  verifying: 'verifying',
  stopping: 'running',
  reflecting: 'running',
  awaiting_human: 'awaiting_human',
  paused: 'paused',
  cancelling: 'running',
  estopped: 'estopped',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
};

export function subgoalStatus(machineState) {
  return STATUS[machineState] ?? 'pending';
}

/**
 * Which trace row stands for time `seq`: the last row at or before it that is shown (rows hidden by a
 * filter do not count); null when none is.
 */
export function rowAtOrBefore(rows, seq) {
  let best = null;
  for (const row of rows) {
    if (row.seq > seq) continue;
    if (row.hidden) continue;
    if (best === null || row.seq > best.seq) best = row;
  }
  return best;
}

/**
 * The plan graph's subgoals at a replayed time: the plan of then, each in its state then. A subgoal
 * of an earlier plan version that the mission no longer lists is drawn from its id alone.
 */
export function replayedSubgoals(current, then) {
  const known = new Map((current ?? []).map((sg) => [sg.id, sg]));
  return then.map(({ id, state }) => {
    const sg = known.get(id) ?? { id, skill: id.replace(/^v\d+-/, ''), args: {}, robot: '', dependsOn: [], instruction: '', attempts: 0, failureCodes: [] };
    return { ...sg, dependsOn: (sg.dependsOn ?? []).filter((d) => then.some((t) => t.id === d)), status: subgoalStatus(state), progress: null };
  });
}
