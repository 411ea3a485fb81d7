/**
 * One sentence a person can read per trace event, reason first. Every tier owns its `data`, so each
 * shape is read defensively; anything unknown falls back to its fields in words, never raw JSON.
 */

const str = (v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
const arr = (v) => (Array.isArray(v) ? v : []);
const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});

/** `grasp_failed` → `grasp failed`; machine words read as words. */
export function words(code) {
  return str(code).replace(/_/g, ' ');
}

const VERDICT_HEAD = {
  succeeded: 'done',
  false_completion: 'not done though the robot said so',
  failed: 'failed',
  stalled: 'stalled, no progress',
  uncertain: 'uncertain, not enough evidence',
  accepted_as_reported: 'accepted as reported',
  progress: 'progress',
};

function criterionText(c) {
  const reason = str(c.reason);
  return reason ? `${str(c.predicate)}: ${reason}` : str(c.predicate);
}

/** The criteria that decide a verdict: for a success those that hold, otherwise those that do not. */
function decidingCriteria(kind, evidence) {
  const criteria = arr(obj(evidence).criteria).map(obj);
  if (kind === 'succeeded') return criteria;
  const open = criteria.filter((c) => c.truth !== 'true');
  return open.length > 0 ? open : criteria;
}

export function verdictSentence(d) {
  const kind = str(d.kind) || 'verdict';
  const evidence = obj(d.evidence);
  const head = kind === 'progress' && typeof d.score === 'number' ? `progress ${Math.round(d.score * 100)}%` : VERDICT_HEAD[kind] ?? words(kind);
  const code = str(d.code);
  const likely = code && code !== kind ? ` (likely ${words(code)})` : '';
  const reasons = decidingCriteria(kind, evidence).map(criterionText);
  const note = str(evidence.note);
  const reportedBy = kind === 'accepted_as_reported' && d.reportedBy ? ` by ${str(d.reportedBy)}` : '';
  const why = [...reasons, note && !reasons.some((r) => r.includes(note)) ? note : ''].filter(Boolean).join('; ');
  return `${head}${reportedBy}${likely}${why ? `: ${why}` : ''}`;
}

function conjunctText(c) {
  const o = obj(c);
  return o.pred ? `${str(o.pred)}(${arr(o.args).map(str).join(', ')})` : str(c);
}

function goalSentence(d) {
  const search = obj(d.search);
  if (search.type) {
    const where = arr(search.containers).map(str);
    return `look for ${words(search.type).toLowerCase()} in ${where.slice(0, 4).join(', ')}${where.length > 4 ? ` and ${where.length - 4} more places` : ''}`;
  }
  const steps = arr(obj(d.goal).steps).map((s) => arr(obj(s).conjuncts).map(conjunctText).join(' and '));
  const goalText = steps.length > 0 ? steps.join(', then ') : str(d.goal);
  const groundings = arr(d.groundings).map(obj).filter((g) => g.text && arr(g.ids).length > 0);
  const means = groundings.map((g) => `"${str(g.text)}" is ${arr(g.ids).map(str).join(' or ')}`).join('; ');
  return `goal: ${goalText}${means ? ` (${means})` : ''}`;
}

function allocationSentence(d) {
  const byRobot = new Map();
  for (const [step, robot] of Object.entries(obj(d.assignments))) {
    const who = typeof robot === 'object' ? str(obj(robot).id) : str(robot);
    byRobot.set(who, [...(byRobot.get(who) ?? []), step]);
  }
  if (byRobot.size === 0) return 'no steps to assign';
  return [...byRobot].map(([who, steps]) => `${who} does ${steps.length} step${steps.length === 1 ? '' : 's'}`).join('; ');
}

function callText(c) {
  const o = obj(c);
  return `${str(o.skill ?? o.name)}(${Object.values(obj(o.args)).map(str).join(', ')})`;
}

function planSentence(d) {
  const type = str(d.type);
  if (type === 'mission_started') return `started ${arr(d.subgoals).length} steps`;
  if (type === 'plan_changed') return `plan changed (${words(d.kind)}) after ${str(d.bySubgoal)}: ${arr(d.subgoals).length} step${arr(d.subgoals).length === 1 ? '' : 's'}`;
  const calls = arr(d.calls);
  return `plan v${str(d.version) || '?'}${d.source ? ` (${str(d.source)})` : ''}, ${calls.length} step${calls.length === 1 ? '' : 's'}: ${calls.map(callText).join(' → ')}`;
}

/** Cause and decision of a reflection, whether from the execution tier or the agents. */
export function reflectionParts(data) {
  const failure = data.failure;
  const cause =
    typeof failure === 'string' ? failure : failure ? [words(failure.code), failure.message && failure.message !== failure.code ? failure.message : ''].filter(Boolean).join(': ') : words(data.code ?? data.cause);
  const choice = data.choice ?? data.decision;
  const c = obj(choice);
  const extra = str(c.instruction ?? c.person ?? c.question ?? c.reason ?? '');
  const decision = typeof choice === 'string' ? words(choice) : c.kind ? `${words(c.kind)}${extra ? `: ${extra}` : ''}` : '';
  return { cause, decision, why: str(c.why ?? data.note ?? '') };
}

function reflectionSentence(d) {
  const type = str(d.type);
  if (type === 'reflection_requested') return `asked for a decision after ${words(d.code)} (attempt ${str(d.attempt)}, ${str(d.remainingRetries)} retries left)`;
  const { cause, decision, why } = reflectionParts(d);
  return `${cause || 'failure'} → ${decision || 'no decision'}${why ? `. ${why}` : ''}`;
}

function answerSentence(d) {
  if (str(d.type) === 'human_response') return `${words(d.kind)}${d.detail ? `: ${str(d.detail)}` : ''}`;
  const r = obj(d.response);
  if (r.type === 'ignore') return `declined${r.reason ? `: ${str(r.reason)}` : ''}`;
  if (r.type === 'accept') return 'accepted';
  return `answered "${str(r.text ?? d.answer ?? d.text)}"`;
}

/** Any other payload, in words: `lookedInto: fridge_1` → "looked into fridge_1". */
function fieldsSentence(d) {
  return Object.entries(d)
    .filter(([k, v]) => k !== 'type' && v !== null && v !== undefined && typeof v !== 'object')
    .map(([k, v]) => `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${str(v)}`)
    .join('; ');
}

/** One readable sentence for a trace event. */
export function sentence(e) {
  const d = obj(e.data);
  const type = str(d.type);
  switch (e.kind) {
    case 'instruction':
      return `${str(d.speaker) || 'someone'} asked: "${str(d.text ?? d.instruction)}"${arr(d.steps).length ? ` with steps: ${arr(d.steps).map(str).join(' | ')}` : ''}`;
    case 'question':
      if (type === 'human_request') return `asked ${str(d.person) || 'a person'}: ${str(d.text)}`;
      return `asked: ${str(d.question ?? d.text)}${arr(d.options).length ? ` (${arr(d.options).map(str).join(' | ')})` : ''}`;
    case 'answer':
      return answerSentence(d);
    case 'goal':
      return goalSentence(d);
    case 'plan':
      return planSentence(d);
    case 'validation':
      return d.ok === true ? 'the plan checks out' : `the plan has problems: ${arr(d.issues).map(str).join('; ')}`;
    case 'allocation':
      return allocationSentence(d);
    case 'dispatch':
      return `${str(d.robotId)} starts attempt ${str(d.attempt)}: "${str(d.instruction)}"`;
    case 'step':
      return `${str(d.robotId)} step ${str(d.step)}`;
    case 'verdict':
      return verdictSentence(d);
    case 'reflection':
      return reflectionSentence(d);
    case 'transition':
      if (type === 'executor_event') return `${str(d.robotId)} ${words(d.kind)}`;
      if (type === 'stop_confirmed') return `${str(d.robotId)} stopped (${words(d.reason)})`;
      return d.from !== undefined || d.to !== undefined ? `${words(d.from) || 'start'} → ${words(d.to)}` : fieldsSentence(d);
    case 'delegation':
      return `asked ${str(d.person ?? d.to) || 'a person'} to ${str(d.text ?? d.instruction)}`;
    case 'outcome':
      if (type === 'mission_outcome') return `the robots' part ended: ${words(d.outcome)}`;
      return `${words(d.status ?? d.outcome)}${d.reason ? `: ${str(d.reason)}` : ''}`;
    case 'estop':
      return `e-stop${d.reason ? `: ${str(d.reason)}` : ''}`;
    case 'correction':
      return `correction: "${str(d.instruction ?? d.text)}"`;
    case 'error':
      return `${str(d.message) || 'error'}${d.code ? ` (${words(d.code)})` : ''}`;
    case 'note':
      return str(d.text ?? d.note ?? d.message) || fieldsSentence(d);
    default:
      return fieldsSentence(d);
  }
}

/**
 * Events a reader does not need as rows of their own: the runner asking for a reflection and
 * recording the decision the agents' reflection row already says, and the failure a verdict already
 * gave its reason for. `previous` is the event before it in the mission's trace.
 */
export function isBookkeeping(e, previous) {
  const type = str(obj(e.data).type);
  if (e.kind === 'reflection' && (type === 'reflection_requested' || type === 'recovery_decided')) return true;
  return e.kind === 'error' && type === 'failure' && previous?.kind === 'verdict' && previous.subgoalId === e.subgoalId;
}
