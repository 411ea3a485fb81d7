import { interrupt } from '@langchain/langgraph';
import { describeFallback } from '../../src/reasoning/provider.js';
import type { ReasonerFallback } from '../../src/reasoning/provider.js';
import type { GraphDeps } from './deps.js';
import { listInWords, skillsNearest } from '../../src/reasoning/builtin/dialogue/index.js';
import { immediateIntent } from './messages.js';
import { currentText } from './nodes-plan.js';
import type { MissionStateUpdate, MissionStateValue } from './state.js';
import type { HumanRequestView, HumanResponse } from './types.js';

type Node = (s: MissionStateValue) => Promise<MissionStateUpdate> | MissionStateUpdate;

const MAX_ASKS_PER_MENTION = 2;

/** Mid-mission language that cannot be acted on is answered in chat; the running plan goes on. */
function giveUp(deps: GraphDeps, s: MissionStateValue, reason: string): MissionStateUpdate {
  if (s.mode !== 'initial') {
    deps.say(s.missionId, `${reason.replace(/[.\s]+$/, '')}; the plan goes on as it was.`);
    return { next: 'execute', mode: 'initial', text: currentText(s), search: null };
  }
  return { outcome: { status: 'failed', reason }, next: 'report' };
}

/** A stage the model could not answer is on the record: which, why, and what answered instead. */
function traceFallback(deps: GraphDeps, missionId: string, node: string, fallback: ReasonerFallback | undefined): void {
  if (fallback) deps.trace(missionId, 'note', node, { text: describeFallback(fallback), fallback });
}

/**
 * A question about a change sent while the plan runs ("actually, the green one" → "which green
 * one?"): the running plan is the one being changed, so the robots wait for the answer rather than
 * go on with it. True when this paused the runner.
 */
function holdForAnswer(deps: GraphDeps, s: MissionStateValue): boolean {
  const live = deps.live.get(s.missionId);
  if (s.mode === 'initial' || !live || live.finished || live.runner.estopLatched || live.runner.snapshot().state !== 'running') return false;
  live.runner.pause();
  deps.trace(s.missionId, 'note', 'interpret', { held: 'the running plan waits for the answer to a question about changing it' });
  deps.say(s.missionId, 'The robots wait until you answer.');
  return true;
}

export function perceiveNode(deps: GraphDeps): Node {
  return (s) => {
    const belief = deps.fleet(s.scene).perceive();
    deps.trace(s.missionId, 'note', 'perceive', {
      text: `belief: ${belief.entities.size} entities, ${belief.unknowns().length} unseen insides`,
      robots: [...belief.robots.keys()],
    });
    return { next: 'interpret' };
  };
}

export function interpretNode(deps: GraphDeps): Node {
  return async (s) => {
    const fleet = deps.fleet(s.scene);
    const belief = fleet.perceive();
    const steps = s.text === s.instruction ? s.steps : [];
    const memory = deps.memory.references(s.missionId, s.scene, s.speaker, belief);
    const r = await deps.reasoner.interpret({ instruction: s.text, belief, speaker: s.speaker, choices: s.choices, ...(steps.length > 0 ? { steps } : {}), ...(memory.length > 0 ? { memory } : {}) });
    traceFallback(deps, s.missionId, 'interpret', r.fallback);
    switch (r.kind) {
      case 'goal': {
        const merging = s.mode === 'merge' && s.goal !== null;
        const goal = merging ? { steps: [...s.goal!.steps, ...r.goal.steps] } : r.goal;
        deps.trace(s.missionId, 'goal', 'interpret', { goal, groundings: r.groundings, mode: s.mode, ...(r.notes ? { notes: r.notes } : {}) });
        // Choices are a person's answers unless the no-asking ablation made them.
        deps.memory.afterGoal(s.missionId, s.scene, s.speaker, r.groundings, deps.ablation.asking ? s.choices : {}, memory, belief);
        // What orca chose without asking, and what it will not do, is said before the plan runs.
        for (const note of r.notes ?? []) deps.say(s.missionId, `${note}.`);
        const goalTexts = merging ? [...s.goalTexts, s.text] : [s.text];
        const groundings = merging ? [...s.groundings, ...r.groundings] : r.groundings;
        return { goal, goalTexts, groundings, search: null, clarification: null, unclear: null, next: 'plan' };
      }
      case 'clarify': {
        if (!deps.ablation.asking && r.pending?.options[0]) {
          // The no-asking ablation takes the first candidate, as a planner that never asks would.
          return { choices: { ...s.choices, [r.pending.mentionKey]: r.pending.options[0].ids }, next: 'interpret' };
        }
        return { clarification: r.pending, next: 'ask', request: clarificationRequest(s, r.question, r.options), heldForAnswer: s.heldForAnswer || holdForAnswer(deps, s) };
      }
      case 'search': {
        const prior = s.search && s.search.type === r.search.type ? s.search : null;
        const looked = prior?.looked ?? [];
        const containers = [...new Set(r.search.containers)].filter((c) => !looked.includes(c));
        if (containers.length === 0) {
          return giveUp(deps, s, `I looked in ${looked.join(', ') || 'every place I know'} and found no ${humanType(r.search.type)}.`);
        }
        const search = { type: r.search.type, containers, looked };
        deps.trace(s.missionId, 'goal', 'interpret', { search });
        if (looked.length === 0) deps.say(s.missionId, `I have not seen ${article(r.search.type)} ${humanType(r.search.type)} yet; I will look in ${containers.slice(0, 3).join(', ')}.`);
        return { search, next: 'plan' };
      }
      case 'refuse':
        deps.trace(s.missionId, 'note', 'interpret', { refused: r.reason });
        return giveUp(deps, s, `I won't do that: ${r.reason}`);
      case 'not_found':
        deps.trace(s.missionId, 'note', 'interpret', { notFound: r.reason });
        return giveUp(deps, s, r.reason);
      case 'not_understood':
        deps.trace(s.missionId, 'note', 'interpret', { notUnderstood: r.reason, unknown: r.unknown });
        return notUnderstoodOnce(deps, s, r.reason, r.closest ?? []);
    }
  };
}

/**
 * A request orca cannot understand is asked about once, saying what it did not understand and what
 * it can do (its skills, in words); an answer it still cannot understand ends the mission as failed,
 * with both reasons. The same question is never asked twice.
 */
function notUnderstoodOnce(deps: GraphDeps, s: MissionStateValue, reason: string, closest: readonly string[]): MissionStateUpdate {
  if (s.mode !== 'initial') return giveUp(deps, s, `${reason}.`);
  if (s.unclear !== null) {
    return { outcome: { status: 'failed', reason: `I did not understand "${s.unclear.text}" (${s.unclear.reason}), nor the answer "${s.text}" (${reason})` }, next: 'report' };
  }
  const ctx = deps.fleet(s.scene).planningContext(s.speaker, s.onlyRobots ?? undefined);
  // The skills nearest to what was asked come first ("I can't "bake"; I can heat something in a microwave…").
  const { near, rest } = skillsNearest(ctx.skills.list(), ctx.robots, closest);
  const can = near.length > 0 ? `${reason}; I can ${listInWords(near)}. I can also ${listInWords(rest)}` : `${reason}. I can ${listInWords(rest)}`;
  const question = `${can}. Which of these should I do? (Say "cancel" to stop.)`;
  return { unclear: { text: s.text, reason }, clarification: null, next: 'ask', request: clarificationRequest(s, question, []) };
}

function clarificationRequest(s: MissionStateValue, question: string, options: string[]): HumanRequestView {
  return {
    id: `${s.missionId}-r${s.requestSeq + 1}`,
    missionId: s.missionId,
    kind: 'clarification',
    question: s.askAttempts > 0 ? `Sorry, I could not tell from that. ${question}` : question,
    options,
    allowed: ['respond', 'accept', 'ignore'],
    subgoalId: null,
    assignedTo: s.speaker,
    createdAt: '',
  };
}

/** Records the question before waiting for it, so the interrupting node stays free of side effects. */
export function askNode(deps: GraphDeps): Node {
  return (s) => {
    if (!s.request) return { next: 'interpret' };
    const request = { ...s.request, createdAt: deps.now() };
    deps.trace(s.missionId, 'question', 'clarify', { requestId: request.id, kind: request.kind, question: request.question, options: request.options });
    deps.say(s.missionId, request.question);
    // The request is raised by the orchestrator once the interrupt is checkpointed, not here:
    // an answer must never arrive for a question the checkpoint does not hold yet.
    return {
      request,
      requestSeq: s.requestSeq + 1,
      questions: [...s.questions, { question: request.question, options: request.options, answer: null }],
      next: 'clarify_wait',
    };
  };
}

/** The only thing this node does is wait: `interrupt()` checkpoints, and the answer resumes here. */
export function waitNode(): Node {
  return (s) => {
    const response = interrupt<HumanRequestView | null, HumanResponse>(s.request);
    return { response };
  };
}

const answerText = (r: HumanResponse): string | null => (r.type === 'respond' || r.type === 'edit' ? r.text : r.type === 'accept' ? 'either is fine' : null);

/** "Stop" given as an answer: a running plan is cancelled with a confirmed stop (its outcome then ends the mission), else the mission ends here. */
function stopped(deps: GraphDeps, s: MissionStateValue, reason: string): MissionStateUpdate {
  const live = deps.live.get(s.missionId);
  if (!live || live.finished) return { outcome: { status: 'cancelled', reason }, next: 'report' };
  live.runner.cancel(reason);
  return { heldForAnswer: false, mode: 'initial', search: null, next: 'execute' };
}

export function readAnswerNode(deps: GraphDeps): Node {
  return async (s) => {
    const response = s.response;
    const request = s.request;
    if (request) deps.requestClosed(s.missionId, request.id);
    const text = response ? answerText(response) : null;
    deps.trace(s.missionId, 'answer', 'clarify', { requestId: request?.id ?? null, response: response ?? null });
    const questions = s.questions.map((q, i) => (i === s.questions.length - 1 ? { ...q, answer: text ?? '(ignored)' } : q));
    // A cancel withdraws the question with its own reason; the outcome says that, not just "unanswered".
    const declined = response?.type === 'ignore' && response.reason ? response.reason : 'the question was left unanswered';
    if (text === null && s.mode !== 'initial') {
      // A question about a change: without an answer there is no change, and the plan goes on as it was.
      deps.say(s.missionId, 'No answer, so the plan goes on as it was.');
      return { questions, request: null, clarification: null, askAttempts: 0, mode: 'initial', text: currentText(s), search: null, next: 'execute' };
    }
    if (text === null) return { questions, request: null, outcome: { status: 'cancelled', reason: declined }, next: 'report' };
    if (immediateIntent(text)?.kind === 'stop') return { questions, request: null, clarification: null, ...stopped(deps, s, `stopped in answer to the question ("${text}")`) };
    deps.setStatus(s.missionId, 'planning');
    if (!s.clarification) return { questions, request: null, text, next: 'interpret' };
    const belief = deps.fleet(s.scene).perceive();
    const reading = await deps.reasoner.readAnswer(s.clarification, text, belief);
    traceFallback(deps, s.missionId, 'read_answer', reading.fallback);
    if (reading.kind === 'chosen') {
      return {
        questions,
        request: null,
        choices: { ...s.choices, [s.clarification.mentionKey]: reading.ids },
        clarification: null,
        askAttempts: 0,
        next: 'interpret',
      };
    }
    if (s.askAttempts + 1 >= MAX_ASKS_PER_MENTION) {
      return { questions, request: null, ...giveUp(deps, s, `I still could not tell which ${humanType(s.clarification.headType)} you mean${s.mode === 'initial' ? ', so I stopped' : ''}.`) };
    }
    const retry = clarificationRequest({ ...s, askAttempts: s.askAttempts + 1 }, s.questions.at(-1)?.question.replace(/^Sorry, I could not tell from that\. /, '') ?? '', s.clarification.options.map((o) => o.label));
    return { questions, askAttempts: s.askAttempts + 1, request: retry, next: 'ask' };
  };
}

const article = (word: string): string => (/^[aeiou]/i.test(word) ? 'an' : 'a');

/** "WineBottle" → "wine bottle": catalogue types read as words in replies. */
const humanType = (type: string): string => type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() || 'one';
