import { SiteLatch } from '../../domain/estop.js';
import { InMemoryMemoryStore, SiteMemory } from '../../../agents/memory/index.js';
import { MemoryTraceStore } from '../../traces/index.js';
import { OrchestratorError } from '../../../agents/orchestrator/types.js';
import type {
  CheckpointView,
  EstopChannel,
  EstopState,
  HumanRequestView,
  HumanResponse,
  MissionView,
  Orchestrator,
  OrchestratorEvent,
  SceneSummary,
  StartMission,
  SubgoalView,
  WorldObjectView,
} from '../../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../../app/config.js';

export interface FakeRequest {
  kind: HumanRequestView['kind'];
  question: string;
  options?: string[];
  allowed?: HumanRequestView['allowed'];
}

export interface FakeScript {
  scenes?: SceneSummary[];
  /** Asked one after another before the plan runs. */
  requests?: FakeRequest[];
  /** The outcome once every request is answered, from the responses given. Default: succeeded. */
  finish?: (responses: HumanResponse[]) => { status: 'succeeded' | 'failed' | 'cancelled'; reason?: string };
  world?: WorldObjectView[];
}

const HOME: SceneSummary = { name: 'home', kind: 'house', source: 'builtin', robots: ['rover'], people: ['alex'], description: 'a flat' };

/**
 * A scripted, in-memory Orchestrator for CLI tests: it asks its requests in order, records the
 * answers like the real one (questions, trace events) and ends with the scripted outcome.
 */
export class FakeOrchestrator implements Orchestrator {
  readonly memory = new SiteMemory(new InMemoryMemoryStore(), () => '2026-01-01T00:00:00.000Z');
  readonly traces = new MemoryTraceStore({ now: () => Date.parse('2026-01-01T00:00:00.000Z') });
  readonly configs: OrchestratorConfigInput[] = [];
  readonly started: StartMission[] = [];
  readonly responses: HumanResponse[] = [];
  closed = false;
  estopLatched = false;
  private readonly scenesList: SceneSummary[];
  private readonly listeners = new Set<(e: OrchestratorEvent) => void>();
  private readonly missions = new Map<string, { view: MissionView; queue: FakeRequest[]; pending: HumanRequestView | null }>();
  private nextRequest = 1;

  constructor(private readonly script: FakeScript = {}) {
    this.scenesList = [...(script.scenes ?? [HOME])];
  }

  async startMission(input: StartMission): Promise<MissionView> {
    this.started.push(input);
    const scene = input.scene ?? 'home';
    if (!this.scenesList.some((s) => s.name === scene)) throw new OrchestratorError('bad_input', `unknown scene "${scene}"`);
    const id = `m${this.missions.size + 1}`;
    const now = '2026-01-01T00:00:00.000Z';
    const view: MissionView = {
      id, instruction: input.instruction, scene, status: 'planning', reason: null, speaker: input.speaker ?? 'alex',
      goal: { all: ['in(mug_1, sink_1)'] }, planVersion: 0, subgoals: [], questions: [], delegations: [], pending: [],
      messages: [{ from: 'user', text: input.instruction, at: now }], createdAt: now, updatedAt: now, simTime: 0,
    };
    this.missions.set(id, { view, queue: [...(this.script.requests ?? [])], pending: null });
    this.trace(id, 'instruction', { text: input.instruction, speaker: view.speaker });
    this.advance(id);
    return this.view(id);
  }

  async answer(missionId: string, requestId: string, response: HumanResponse): Promise<MissionView> {
    const m = this.entry(missionId);
    if (!m.pending || m.pending.id !== requestId) throw new OrchestratorError('not_found', `no pending request ${requestId}`);
    this.responses.push(response);
    const text = response.type === 'respond' || response.type === 'edit' ? response.text : response.type;
    const q = m.view.questions.find((x) => x.question === m.pending?.question && x.answer === null);
    if (q) q.answer = text;
    this.trace(missionId, 'answer', { requestId, response });
    m.pending = null;
    this.advance(missionId);
    return this.view(missionId);
  }

  async sendMessage(missionId: string): Promise<never> {
    throw new OrchestratorError('conflict', `fake orchestrator takes no messages (${missionId})`);
  }
  async pause(id: string): Promise<MissionView> { return this.view(id); }
  async resume(id: string): Promise<MissionView> { return this.view(id); }
  async cancel(id: string, reason = 'cancelled'): Promise<MissionView> {
    const m = this.entry(id);
    m.pending = null;
    this.finishWith(id, 'cancelled', reason);
    return this.view(id);
  }
  private readonly latch = SiteLatch.create();
  estop(): void { this.estopLatched = true; this.latch.latch(); }
  releaseEstop(): void { this.estopLatched = false; this.latch.release(); }
  estopState(): EstopState { return { latched: this.estopLatched, by: null, reason: null, at: null }; }
  estopChannel(): EstopChannel { return { latch: this.latch.buffer, journal: null }; }
  getMission(id: string): MissionView | null { return this.missions.has(id) ? this.view(id) : null; }
  listMissions(): MissionView[] { return [...this.missions.keys()].map((id) => this.view(id)); }
  async checkpoints(): Promise<CheckpointView[]> {
    return [];
  }

  pendingRequests(missionId?: string): HumanRequestView[] {
    return [...this.missions.entries()].filter(([id]) => missionId === undefined || id === missionId).flatMap(([, m]) => (m.pending ? [m.pending] : []));
  }
  robots(): [] { return []; }
  scenes(): SceneSummary[] { return [...this.scenesList]; }
  addScene(text: string): SceneSummary {
    const m = /^name:\s*(\S+)/m.exec(text);
    if (!m?.[1]) throw new OrchestratorError('bad_input', 'name: required');
    const s: SceneSummary = { name: m[1], kind: 'house', source: 'uploaded', robots: [], people: [], description: null };
    this.scenesList.push(s);
    return s;
  }
  resetWorld(scene = 'home'): SceneSummary {
    const found = this.scenesList.find((s) => s.name === scene);
    if (!found) throw new OrchestratorError('not_found', `unknown scene "${scene}"`);
    return found;
  }
  worldSvg(): string | null { return '<svg/>'; }
  worldObjects(scene?: string): WorldObjectView[] | null {
    return this.scenesList.some((s) => s.name === (scene ?? 'home')) ? (this.script.world ?? []) : null;
  }
  async settled(id: string): Promise<MissionView> { return this.view(id); }
  groundTruth(): { snapshot: unknown; injectedFaults: readonly unknown[] } | null {
    return null;
  }

  subscribe(listener: (e: OrchestratorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async close(): Promise<void> { this.closed = true; }

  private entry(id: string) {
    const m = this.missions.get(id);
    if (!m) throw new OrchestratorError('not_found', `no mission ${id}`);
    return m;
  }

  private view(id: string): MissionView {
    const m = this.entry(id);
    return structuredClone({ ...m.view, pending: m.pending ? [m.pending] : [] });
  }

  private advance(id: string): void {
    const m = this.entry(id);
    const next = m.queue.shift();
    if (next) {
      const req: HumanRequestView = {
        id: `r${this.nextRequest++}`, missionId: id, kind: next.kind, question: next.question, options: next.options ?? [],
        allowed: next.allowed ?? (next.kind === 'clarification' || next.kind === 'question' ? ['respond'] : ['accept', 'ignore']),
        subgoalId: null, assignedTo: null, createdAt: m.view.createdAt,
      };
      m.pending = req;
      if (req.kind === 'clarification' || req.kind === 'question') m.view.questions.push({ question: req.question, options: req.options, answer: null });
      if (req.kind === 'delegation') m.view.delegations.push({ subgoalId: 's1', person: 'alex', instruction: req.question, status: 'pending' });
      m.view.status = 'awaiting_human';
      this.trace(id, 'question', { requestId: req.id, kind: req.kind, question: req.question, options: req.options });
      this.emit({ type: 'request', missionId: id, request: req });
      this.emit({ type: 'mission', missionId: id, mission: this.view(id) });
      return;
    }
    const end = this.script.finish?.(this.responses) ?? { status: 'succeeded' };
    m.view.planVersion = 1;
    m.view.subgoals = [sub('s1', 'pick_up', { object: 'mug_1' }, [], end.status === 'succeeded' ? 'succeeded' : 'failed'), sub('s2', 'put_in', { object: 'mug_1', receptacle: 'sink_1' }, ['s1'], end.status === 'succeeded' ? 'succeeded' : 'cancelled')];
    for (const d of m.view.delegations) d.status = 'done';
    m.view.simTime = 42.5;
    this.finishWith(id, end.status, end.reason ?? null);
  }

  private finishWith(id: string, status: 'succeeded' | 'failed' | 'cancelled', reason: string | null): void {
    const m = this.entry(id);
    m.view.status = status;
    m.view.reason = reason;
    this.trace(id, 'outcome', { status, reason });
    this.emit({ type: 'mission', missionId: id, mission: this.view(id) });
  }

  private trace(missionId: string, kind: 'instruction' | 'question' | 'answer' | 'outcome', data: Record<string, unknown>): void {
    const e = this.traces.append({ missionId, actor: { kind: 'agent', id: 'fake' }, kind, data });
    this.emit({ type: 'trace', missionId, seq: e.seq, kind, subgoalId: null, summary: kind });
  }

  private emit(e: OrchestratorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}

function sub(id: string, skill: string, args: Record<string, string>, dependsOn: string[], status: SubgoalView['status']): SubgoalView {
  return { id, skill, args, robot: 'rover', dependsOn, instruction: `${skill} ${Object.values(args).join(' ')}`, status, attempts: status === 'failed' ? 2 : 1, failureCodes: status === 'failed' ? ['grasp_failed'] : [], progress: null };
}
