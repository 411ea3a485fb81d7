import { OrchestratorError, StartMissionSchema, TERMINAL_STATUSES } from '../../../agents/orchestrator/types.js';
import type {
  CheckpointView,
  EstopChannel, EstopOptions, EstopState, HumanRequestView, HumanResponse, MessageResult, MissionView, Orchestrator, OrchestratorEvent, RobotView, SceneSummary, StartMission, SubgoalView, WorldObjectView,
} from '../../../agents/orchestrator/types.js';
import { SiteLatch } from '../../domain/estop.js';
import { InMemoryMemoryStore, SiteMemory } from '../../../agents/memory/index.js';
import { MemoryTraceStore } from '../../traces/index.js';
import type { TraceEventInput, TraceStore } from '../../traces/index.js';
import { FakeScenes } from './fake-scenes.js';

/** Options of the in-memory stand-in; defaults: a question is asked when the instruction mentions "cup". */
export interface FakeOrchestratorOptions {
  asks?: (instruction: string) => { question: string; options: string[] } | null;
  now?: () => number;
  /** Missions that may wait in the queue at once (default 20). */
  maxQueued?: number;
}

interface Internal {
  view: MissionView;
  robot: string;
  queued: boolean;
  running: boolean;
  answered: Set<string>;
}

const defaultAsk = (instruction: string) => (/\bcup\b/i.test(instruction) ? { question: 'Which cup do you mean?', options: ['the red cup', 'the blue cup'] } : null);

/**
 * An in-memory Orchestrator for the server's tests: missions plan two subgoals and run them over a few
 * event-loop turns, may first ask a clarification question, hold their robot while unfinished,
 * honour pause/resume/cancel and the e-stop latch, and record a trace. No world, no reasoner.
 */
export class FakeOrchestrator implements Orchestrator {
  readonly traces: TraceStore;
  readonly memory = new SiteMemory(new InMemoryMemoryStore(), () => '2026-01-01T00:00:00.000Z');
  /** Every accepted startMission input, in order. */
  readonly started: StartMission[] = [];
  /** Scenes whose world was reset, in order. */
  readonly resets: string[] = [];
  private readonly missions = new Map<string, Internal>();
  private readonly listeners = new Set<(e: OrchestratorEvent) => void>();
  private readonly world = new FakeScenes();
  /** Shared with the HTTP gateway thread, as the real orchestrator's is. */
  readonly latch = SiteLatch.create();
  private lastEstop: EstopState = { latched: false, by: null, reason: null, at: null };
  private counter = 0;
  private gate: Promise<void> | null = null;
  private readonly asks: NonNullable<FakeOrchestratorOptions['asks']>;
  private readonly now: () => number;
  private readonly maxQueued: number;
  private readonly stopTraceFeed: () => void;

  constructor(options: FakeOrchestratorOptions = {}) {
    this.asks = options.asks ?? defaultAsk;
    this.now = options.now ?? Date.now;
    this.maxQueued = options.maxQueued ?? 20;
    this.traces = new MemoryTraceStore({ now: this.now });
    this.stopTraceFeed = this.traces.subscribe((e) =>
      this.emit({ type: 'trace', missionId: e.missionId, seq: e.seq, kind: e.kind, subgoalId: e.subgoalId ?? null, summary: `${e.kind} ${JSON.stringify(e.data).slice(0, 80)}` }),
    );
  }

  /** Makes every later startMission wait (after validation) until the returned function is called. */
  blockStarts(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      this.gate = null;
      release();
    };
  }

  private get latched(): boolean {
    return this.latch.latched;
  }

  get estopLatched(): boolean {
    return this.latched;
  }

  estopState(): EstopState {
    return { ...this.lastEstop, latched: this.latched };
  }

  estopChannel(): EstopChannel {
    return { latch: this.latch.buffer, journal: null };
  }

  async startMission(input: StartMission): Promise<MissionView> {
    const parsed = StartMissionSchema.safeParse(input);
    if (!parsed.success) throw new OrchestratorError('bad_input', 'invalid mission', { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    const req = parsed.data;
    this.started.push(req);
    const scene = this.world.find((s) => s.name === (req.scene ?? 'home'));
    if (!scene) throw new OrchestratorError('not_found', `unknown scene ${req.scene ?? ''}`, { scene: req.scene });
    if (req.robot !== undefined && !scene.robots.includes(req.robot)) throw new OrchestratorError('bad_input', `no robot ${req.robot} in ${scene.name}`, { field: 'robot', message: 'unknown robot' });
    if (this.gate) await this.gate;
    if (this.latched) throw new OrchestratorError('estopped', 'the e-stop is latched; release it first');
    const robot = req.robot ?? scene.robots.find((r) => !this.holder(r)) ?? scene.robots[0] ?? 'none';
    const holder = this.holder(robot);
    if (holder && req.whenBusy !== 'queue') throw new OrchestratorError('busy', `robot ${robot} is busy with mission ${holder}`, { robot, missionId: holder });
    const queued = [...this.missions.values()].filter((x) => x.queued && !this.terminal(x)).length;
    if (holder && queued >= this.maxQueued) throw new OrchestratorError('queue_full', `${queued} missions are already queued (the limit is ${this.maxQueued})`, { queued, limit: this.maxQueued });
    const id = `m-${++this.counter}`;
    const at = this.iso();
    const view: MissionView = {
      id, instruction: req.instruction, scene: scene.name, status: 'planning', reason: holder ? `queued: ${robot} is busy with ${holder}` : null, speaker: req.speaker ?? 'user',
      goal: null, planVersion: 0, subgoals: [], questions: [], delegations: [], pending: [], messages: [{ from: 'user', text: req.instruction, at }], createdAt: at, updatedAt: at, simTime: 0,
    };
    const m: Internal = { view, robot, queued: holder !== null, running: false, answered: new Set() };
    this.missions.set(id, m);
    this.trace(m, 'instruction', { text: req.instruction, robot }, { kind: 'person', id: view.speaker });
    this.changed(m);
    if (!m.queued) this.begin(m);
    return this.copy(m);
  }

  async answer(missionId: string, requestId: string, response: HumanResponse): Promise<MissionView> {
    const m = this.get(missionId);
    const request = m.view.pending.find((r) => r.id === requestId);
    if (!request) {
      if (m.answered.has(requestId)) throw new OrchestratorError('conflict', `request ${requestId} was already answered`, { requestId });
      throw new OrchestratorError('not_found', `no request ${requestId} on ${missionId}`, { requestId });
    }
    if (!request.allowed.includes(response.type)) throw new OrchestratorError('bad_input', `${response.type} is not allowed here`, { field: 'type', message: `allowed: ${request.allowed.join(', ')}` });
    m.view.pending = m.view.pending.filter((r) => r.id !== requestId);
    m.answered.add(requestId);
    const text = response.type === 'respond' || response.type === 'edit' ? response.text : response.type;
    const q = m.view.questions.find((x) => x.answer === null);
    if (q) q.answer = text;
    this.trace(m, 'answer', { requestId, response: text }, { kind: 'person', id: response.by ?? 'operator' });
    if (response.type === 'ignore') this.finish(m, 'cancelled', 'the question was declined');
    else this.plan(m);
    return this.copy(m);
  }

  async sendMessage(missionId: string, text: string, from?: string): Promise<MessageResult> {
    const m = this.get(missionId);
    if (this.terminal(m)) throw new OrchestratorError('conflict', `mission ${missionId} has ended`, { status: m.view.status });
    m.view.messages.push({ from: 'user', text, at: this.iso() });
    this.emit({ type: 'message', missionId, from: 'user', text });
    const pending = m.view.pending[0];
    let intent = 'correction';
    if (pending) {
      intent = 'answer';
      await this.answer(missionId, pending.id, { type: 'respond', text, by: from });
    } else if (/^(stop|cancel)\b/i.test(text)) {
      intent = 'cancel';
      await this.cancel(missionId, text);
    } else if (/^pause\b/i.test(text)) {
      intent = 'pause';
      await this.pause(missionId);
    }
    const reply = intent === 'answer' ? `Thanks, going with ${text}.` : intent === 'correction' ? 'Noted.' : `OK, ${intent}.`;
    m.view.messages.push({ from: 'orca', text: reply, at: this.iso() });
    this.emit({ type: 'message', missionId, from: 'orca', text: reply });
    return { intent, reply, mission: this.copy(m) };
  }

  async pause(missionId: string): Promise<MissionView> {
    const m = this.get(missionId);
    if (this.terminal(m) || m.view.status === 'paused') throw new OrchestratorError('conflict', `mission ${missionId} is ${m.view.status}`, { status: m.view.status });
    this.trace(m, 'pause', {});
    this.setStatus(m, 'paused', 'paused by operator', 'paused');
    return this.copy(m);
  }

  async resume(missionId: string): Promise<MissionView> {
    const m = this.get(missionId);
    if (m.view.status !== 'paused' && m.view.status !== 'interrupted') throw new OrchestratorError('conflict', `mission ${missionId} is ${m.view.status}, not paused`, { status: m.view.status });
    if (this.latched) throw new OrchestratorError('estopped', 'the e-stop is latched; release it first');
    this.trace(m, 'resume', {});
    if (m.view.subgoals.length === 0) this.begin(m);
    else this.run(m);
    return this.copy(m);
  }

  async cancel(missionId: string, reason?: string): Promise<MissionView> {
    const m = this.get(missionId);
    if (this.terminal(m)) throw new OrchestratorError('conflict', `mission ${missionId} has already ended`, { status: m.view.status });
    this.trace(m, 'cancel', { reason: reason ?? null });
    m.view.pending = [];
    this.finish(m, 'cancelled', reason ?? 'cancelled by operator');
    return this.copy(m);
  }

  estop(reason?: string, opts: EstopOptions = {}): void {
    this.latch.latch();
    const at = new Date(this.now()).toISOString();
    this.lastEstop = { latched: true, by: opts.by ?? 'operator', reason: reason ?? null, at };
    for (const m of this.missions.values()) {
      if (this.terminal(m)) continue;
      this.trace(m, 'estop', { reason: reason ?? null, by: opts.by ?? 'operator' });
      this.setStatus(m, 'paused', 'e-stop', 'estopped');
    }
    this.emit({ type: 'estop', latched: true, reason: reason ?? null, by: opts.by ?? 'operator', at });
  }

  releaseEstop(by = 'operator'): void {
    this.latch.release();
    const at = new Date(this.now()).toISOString();
    this.lastEstop = { latched: false, by, reason: null, at };
    this.emit({ type: 'estop', latched: false, reason: null, by, at });
  }

  getMission(id: string): MissionView | null {
    const m = this.missions.get(id);
    return m ? this.copy(m) : null;
  }

  listMissions(filter: { status?: MissionView['status']; limit?: number } = {}): MissionView[] {
    const all = [...this.missions.values()].reverse().filter((m) => !filter.status || m.view.status === filter.status);
    return all.slice(0, filter.limit ?? all.length).map((m) => this.copy(m));
  }

  /** The fake runs no graph, so it has no checkpoints to show. */
  async checkpoints(): Promise<CheckpointView[]> {
    return [];
  }

  pendingRequests(missionId?: string): HumanRequestView[] {
    return [...this.missions.values()].filter((m) => !missionId || m.view.id === missionId).flatMap((m) => structuredClone(m.view.pending));
  }

  robots(): RobotView[] {
    return this.world.list().flatMap((s) =>
      s.robots.map((id, i) => ({ id, scene: s.name, kind: s.kind === 'house' ? 'mobile_manipulator' : 'arm', capabilities: ['pick', 'place'], busyWith: this.holder(id), estopped: this.latched, pose: { x: i, y: 0, theta: 0 }, holding: null, health: { ok: true, detail: 'ok' } })),
    );
  }

  scenes(): SceneSummary[] {
    return this.world.list();
  }

  addScene(text: string): SceneSummary {
    return this.world.add(text);
  }

  resetWorld(scene = 'home'): SceneSummary {
    const summary = this.world.find((s) => s.name === scene);
    if (!summary) throw new OrchestratorError('not_found', `unknown scene "${scene}"`, { scene });
    const holder = [...this.missions.values()].find((m) => m.view.scene === scene && !this.terminal(m));
    if (holder) throw new OrchestratorError('conflict', `mission ${holder.view.id} on ${scene} is ${holder.view.status}; cancel it or let it end before resetting the world`, { missionId: holder.view.id, scene });
    this.resets.push(scene);
    this.emit({ type: 'world', scene, simTime: 0, robots: [] });
    return structuredClone(summary);
  }

  worldSvg(scene = 'home'): string | null {
    return this.world.svg(scene);
  }

  worldObjects(scene = 'home'): WorldObjectView[] | null {
    return this.world.objects(scene);
  }

  async settled(missionId: string): Promise<MissionView> {
    const done = () => {
      const v = this.get(missionId).view;
      return this.terminal(this.get(missionId)) || v.status === 'awaiting_human' || v.status === 'paused';
    };
    if (done()) return this.copy(this.get(missionId));
    return new Promise((resolve) => {
      const stop = this.subscribe((e) => {
        if (e.type === 'mission' && e.missionId === missionId && done()) {
          stop();
          resolve(e.mission);
        }
      });
    });
  }

  groundTruth(): { snapshot: unknown; injectedFaults: readonly unknown[] } | null {
    return null;
  }

  subscribe(listener: (e: OrchestratorEvent) => void): () => void {
    const entry = (e: OrchestratorEvent) => listener(e);
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  async close(): Promise<void> {
    this.stopTraceFeed();
    this.listeners.clear();
  }

  // ---- mission life ----

  private begin(m: Internal): void {
    m.queued = false;
    const ask = this.asks(m.view.instruction);
    if (!ask) {
      this.plan(m);
      return;
    }
    const request: HumanRequestView = {
      id: `q-${m.view.id}-${m.view.questions.length + 1}`, missionId: m.view.id, kind: 'clarification', question: ask.question, options: ask.options,
      allowed: ['respond', 'ignore'], subgoalId: null, assignedTo: null, createdAt: this.iso(),
    };
    this.trace(m, 'question', { question: ask.question, options: ask.options }, { kind: 'agent', id: 'interpreter' });
    m.view.questions.push({ question: ask.question, options: ask.options, answer: null });
    m.view.pending.push(request);
    this.emit({ type: 'request', missionId: m.view.id, request: structuredClone(request) });
    this.setStatus(m, 'awaiting_human', 'waiting for an answer');
  }

  private plan(m: Internal): void {
    const sub = (id: string, skill: string, dependsOn: string[]): SubgoalView => ({
      id, skill, args: { object: 'cup-1' }, robot: m.robot, dependsOn, instruction: `${skill} cup-1`, status: 'pending', attempts: 0, failureCodes: [], progress: null,
    });
    m.view.goal = { holds: ['in(cup-1, sink)'] };
    m.view.planVersion += 1;
    m.view.subgoals = [sub('s1', 'pick', []), sub('s2', 'place', ['s1'])];
    this.trace(m, 'plan', { subgoals: m.view.subgoals.map((s) => s.id) }, { kind: 'agent', id: 'planner' });
    this.run(m);
  }

  /** Advances one subgoal per event-loop turn so clients observe intermediate states. */
  private run(m: Internal): void {
    this.setStatus(m, 'running', null, 'running');
    if (m.running) return;
    m.running = true;
    const step = () => {
      if (m.view.status !== 'running') {
        m.running = false;
        return;
      }
      const next = m.view.subgoals.find((s) => s.status !== 'succeeded');
      if (!next) {
        m.running = false;
        this.finish(m, 'succeeded', null);
        return;
      }
      next.attempts += 1;
      m.view.simTime += 1;
      this.trace(m, 'dispatch', { skill: next.skill }, undefined, next.id);
      this.trace(m, 'step', { progress: 1 }, { kind: 'executor', id: 'fake' }, next.id);
      this.trace(m, 'verdict', { ok: true }, { kind: 'verifier', id: 'fake' }, next.id);
      next.status = 'succeeded';
      next.progress = 1;
      this.changed(m);
      setImmediate(step);
    };
    setImmediate(step);
  }

  private finish(m: Internal, status: 'succeeded' | 'failed' | 'cancelled', reason: string | null): void {
    for (const s of m.view.subgoals) if (s.status !== 'succeeded') s.status = 'cancelled';
    this.trace(m, 'outcome', { status, reason });
    m.view.status = status;
    m.view.reason = reason;
    this.changed(m);
    const waiting = [...this.missions.values()].find((x) => x.queued && x.robot === m.robot && !this.latched);
    if (waiting) this.begin(waiting);
  }

  private setStatus(m: Internal, status: MissionView['status'], reason: string | null, subgoalStatus?: SubgoalView['status']): void {
    m.view.status = status;
    m.view.reason = reason;
    if (subgoalStatus) for (const s of m.view.subgoals) if (s.status !== 'succeeded') s.status = subgoalStatus === 'running' ? 'pending' : subgoalStatus;
    this.changed(m);
  }

  // ---- helpers ----

  private holder(robot: string): string | null {
    for (const m of this.missions.values()) if (m.robot === robot && !m.queued && !this.terminal(m)) return m.view.id;
    return null;
  }

  private get(id: string): Internal {
    const m = this.missions.get(id);
    if (!m) throw new OrchestratorError('not_found', `no mission ${id}`, { missionId: id });
    return m;
  }

  private terminal(m: Internal): boolean {
    return TERMINAL_STATUSES.includes(m.view.status);
  }

  private trace(m: Internal, kind: TraceEventInput['kind'], data: Record<string, unknown>, actor: TraceEventInput['actor'] = { kind: 'machine', id: 'fake' }, subgoalId?: string): void {
    this.traces.append({ missionId: m.view.id, actor, kind, data, simTime: m.view.simTime, ...(subgoalId ? { subgoalId } : {}) });
  }

  private changed(m: Internal): void {
    m.view.updatedAt = this.iso();
    this.emit({ type: 'mission', missionId: m.view.id, mission: this.copy(m) });
  }

  private copy(m: Internal): MissionView {
    return structuredClone(m.view);
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }

  private emit(e: OrchestratorEvent): void {
    for (const l of [...this.listeners]) l(e);
  }
}
