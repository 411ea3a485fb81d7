import { Command } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { SiteLatch } from '../../src/domain/estop.js';
import type { Goal } from '../../src/reasoning/goal.js';
import type { PlanningContext, PlanValidation, ProposedCall, Reasoner } from '../../src/reasoning/provider.js';
import type { SiteGeometry, TraceStore } from '../../src/traces/index.js';
import { recordExecution } from '../../src/runtime/execution-trace.js';
import type { GraphDeps } from './deps.js';
import type { FleetProvider } from './fleet.js';
import { buildMissionGraph } from './graph.js';
import type { MissionGraph } from './graph.js';
import { LiveMission } from './live.js';
import { handleMessage } from './messages.js';
import { MissionRecord } from './mission-record.js';
import { isForgetThat, MissionMemory } from '../memory/mission-memory.js';
import type { SiteMemory } from '../memory/site-memory.js';
import { LocalLeases } from './leases.js';
import type { MissionLeases } from './leases.js';
import { Ownership } from './ownership.js';
import { remoteReply } from './relay-reply.js';
import type { CommandRelay, CommandReply, MissionCommand } from './relay.js';
import { ReplayCapture } from './replay-capture.js';
import { listCheckpoints } from './checkpoints.js';
import type { EstopStore } from './estop-store.js';
import type { MissionStore } from './mission-store.js';
import type { MissionStateValue } from './state.js';
import { OrchestratorError, StartMissionSchema, TERMINAL_STATUSES } from './types.js';
import type {
  CheckpointView,
  EstopChannel,
  EstopOptions,
  EstopState,
  HumanRequestView,
  HumanResponse,
  MessageResult,
  MissionStatus,
  MissionView,
  Orchestrator,
  OrchestratorEvent,
  RobotView,
  SceneSummary,
  StartMission,
  WorldObjectView,
} from './types.js';

export interface OrchestratorParts {
  fleets: FleetProvider;
  reasoner: Reasoner;
  validatePlan(calls: readonly ProposedCall[], goal: Goal | null, ctx: PlanningContext): PlanValidation;
  traces: TraceStore;
  checkpointer: BaseCheckpointSaver;
  missions: MissionStore;
  /** Which process drives which mission; absent: this process drives them all (one SQLite file). */
  leases?: MissionLeases;
  /** Carries commands for missions other processes drive to them; absent: such commands are refused. */
  relay?: CommandRelay;
  /** The process's e-stop latch, shared with every robot the fleets build and with the HTTP gateway thread. */
  latch: SiteLatch;
  estops: EstopStore;
  /** The site memory (people's references, failure statistics); `memoryEnabled` false leaves it unread and unchanged by missions. */
  memory: SiteMemory;
  memoryEnabled: boolean;
  /** The database `estops` journals to (a SQLite file or a postgres:// URL), for other threads; null for an in-memory database. */
  estopJournal: string | null;
  defaultScene: string;
  speaker: string;
  ablation: GraphDeps['ablation'];
  /** Missions that may wait for busy robots at once; one more is refused (`queue_full`). */
  maxQueuedMissions: number;
  /** Called on close, after everything else (closing databases the composition root opened). */
  onClose?: () => void | Promise<void>;
  now?: () => Date;
}

const SETTLED: readonly MissionStatus[] = [...TERMINAL_STATUSES, 'awaiting_human', 'interrupted', 'paused'];
const GRAPH_LIMITS = { recursionLimit: 100_000 };

const missionIdOf = (n: number): string => `m-${String(n).padStart(4, '0')}`;

/** The orchestrator: mission graphs over fleets, with their trace, checkpoints and live events. */
export class OrcaOrchestrator implements Orchestrator {
  readonly traces: TraceStore;
  readonly memory: SiteMemory;
  private readonly missionMemory: MissionMemory;
  private readonly graph: MissionGraph;
  private readonly records = new Map<string, MissionRecord>();
  private readonly live = new Map<string, LiveMission>();
  private readonly runs = new Map<string, Promise<void>>();
  /** Missions waiting for busy robots before they start. */
  private readonly queued = new Set<string>();
  private readonly listeners = new Set<(e: OrchestratorEvent) => void>();
  private closed = false;
  private worldTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribeTrace: () => void;
  private readonly ownership: Ownership;
  /** False while the constructor recovers: the fleets were just built from the saved worlds. */
  private running = false;
  private readonly replay = new ReplayCapture();

  constructor(private readonly parts: OrchestratorParts) {
    this.traces = parts.traces;
    this.memory = parts.memory;
    this.missionMemory = new MissionMemory(parts.memory, parts.traces, parts.memoryEnabled);
    this.graph = buildMissionGraph(this.graphDeps(), parts.checkpointer);
    this.unsubscribeTrace = parts.traces.subscribe((e) => {
      if (!this.records.has(e.missionId) || e.kind === 'step') return;
      this.emit({ type: 'trace', missionId: e.missionId, seq: e.seq, kind: e.kind, subgoalId: e.subgoalId ?? null, summary: summarise(e.data) });
    });
    this.recoverEstop();
    this.ownership = new Ownership(parts.leases ?? new LocalLeases(), parts.missions, {
      records: this.records,
      adopted: (rec) => this.interruptAdopted(rec),
      lost: (id) => this.stopDriving(id),
      refreshed: (rec) => this.emit({ type: 'mission', missionId: rec.view.id, mission: this.view(rec.view.id) }),
    });
    this.ownership.recover(parts.missions.all());
    parts.relay?.serve((id, command) => this.actOnRelayed(id, command));
    this.running = true;
    this.ownership.start();
  }

  private get latched(): boolean {
    return this.parts.latch.latched;
  }

  private now(): string {
    return (this.parts.now?.() ?? new Date()).toISOString();
  }

  private graphDeps(): GraphDeps {
    return {
      fleet: (scene) => this.parts.fleets.get(scene),
      reasoner: this.parts.reasoner,
      validatePlan: this.parts.validatePlan,
      memory: this.missionMemory,
      live: this.live,
      trace: (missionId, kind, node, data, subgoalId) => {
        this.traces.append({ missionId, actor: { kind: 'agent', id: node }, kind, data, simTime: this.simTimeOf(missionId), ...(subgoalId ? { subgoalId } : {}) });
      },
      setStatus: (id, status, reason) => {
        // The graph re-entering `execute` must not undo an operator's pause.
        if (status === 'running' && this.records.get(id)?.status === 'paused' && this.live.has(id)) return;
        this.setStatus(id, status, reason ?? null);
      },
      say: (id, text) => this.say(id, 'orca', text),
      requestRaised: (req) => {
        const rec = this.records.get(req.missionId);
        if (!rec) return;
        rec.pending.set(req.id, req);
        this.changed(rec, true);
        this.emit({ type: 'request', missionId: req.missionId, request: req });
      },
      requestClosed: (missionId, requestId) => {
        const rec = this.records.get(missionId);
        if (rec?.pending.delete(requestId)) this.changed(rec, true);
      },
      attachRunner: (missionId, live) => this.attach(missionId, live),
      runnerFinished: (missionId, live) => {
        const rec = this.records.get(missionId);
        if (!rec) return;
        rec.fromRunner(live.runner.snapshot());
        this.changed(rec, true);
      },
      succeededSubgoals: (missionId) => {
        const done = new Set<string>();
        for (const e of this.traces.events(missionId, { kinds: ['transition'] })) {
          if (e.data['type'] === 'subgoal_state' && e.data['to'] === 'succeeded' && e.subgoalId) done.add(e.subgoalId);
        }
        return done;
      },
      goalSeqUsed: (missionId) => {
        let max = 0;
        for (const e of this.traces.events(missionId, { kinds: ['dispatch'] })) {
          const n = /\/g(\d+)$/.exec(e.goalId ?? '')?.[1];
          if (n !== undefined) max = Math.max(max, Number(n));
        }
        return max;
      },
      ablation: this.parts.ablation,
      now: () => this.now(),
    };
  }

  private simTimeOf(missionId: string): number | null {
    const rec = this.records.get(missionId);
    if (!rec) return null;
    try {
      return this.parts.fleets.get(rec.view.scene).simTime;
    } catch {
      return null;
    }
  }

  // ── missions ──────────────────────────────────────────────────────────────

  async startMission(input: StartMission): Promise<MissionView> {
    const parsed = StartMissionSchema.safeParse(input);
    if (!parsed.success) throw new OrchestratorError('bad_input', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const { instruction, robot } = parsed.data;
    const scene = parsed.data.scene ?? this.parts.defaultScene;
    const fleet = this.parts.fleets.get(scene);
    if (robot && !fleet.robots().some((r) => r.id === robot)) throw new OrchestratorError('bad_input', `scene ${scene} has no robot "${robot}"`, { robots: fleet.robots().map((r) => r.id) });
    if (this.latched) throw new OrchestratorError('estopped', 'the e-stop is latched; release it before starting a mission');
    const holder = this.busyHolder(scene, robot);
    if (holder && parsed.data.whenBusy !== 'queue') {
      const waitingFor = holder.status === 'awaiting_human' ? ([...holder.pending.values()][0]?.question ?? null) : null;
      const what = waitingFor ? `, which waits for an answer to "${waitingFor}"` : ` (${holder.status})`;
      throw new OrchestratorError('busy', `the robots of ${scene} are busy with mission ${holder.view.id}${what}; queue the mission (whenBusy: "queue"), cancel ${holder.view.id}, or wait`, {
        missionId: holder.view.id,
        scene,
        robots: robot ? [robot] : fleet.robots().map((r) => r.id),
        holder: { id: holder.view.id, instruction: holder.view.instruction, status: holder.status, waitingFor },
      });
    }
    const limit = this.parts.maxQueuedMissions;
    const waiting = [...this.queued].filter((q) => !TERMINAL_STATUSES.includes(this.records.get(q)?.status ?? 'cancelled')).length;
    if (holder && waiting >= limit) {
      throw new OrchestratorError('queue_full', `${waiting} missions are already queued (the limit is ${limit}); wait for some to end, or cancel one`, { queued: waiting, limit });
    }
    // Ids follow the store's count: deterministic given the database, so seeded runs replay exactly.
    let n = this.records.size + 1;
    while (!this.ownership.claim(missionIdOf(n))) n += 1;
    const id = missionIdOf(n);
    const speaker = parsed.data.speaker ?? this.parts.speaker;
    const now = this.now();
    const rec = new MissionRecord({
      id, instruction, scene, status: 'planning', reason: holder ? `queued behind mission ${holder.view.id}` : null, speaker,
      goal: null, planVersion: 0, subgoals: [], questions: [], delegations: [], pending: [], messages: [],
      createdAt: now, updatedAt: now, simTime: fleet.simTime,
    });
    this.records.set(id, rec);
    const steps = parsed.data.steps ?? [];
    this.traces.append({ missionId: id, actor: { kind: 'person', id: speaker }, kind: 'instruction', data: { text: instruction, speaker, scene, robot: robot ?? null, ...(steps.length > 0 ? { steps } : {}) }, simTime: fleet.simTime });
    this.say(id, 'user', steps.length > 0 ? `${instruction}\n${steps.map((st, i) => `${i + 1}. ${st}`).join('\n')}` : instruction);
    const initial: Partial<MissionStateValue> = { missionId: id, instruction, text: instruction, speaker, scene, onlyRobots: robot ? [robot] : null, mode: 'initial', steps };
    if (holder) this.queued.add(id);
    const launch = async (): Promise<void> => {
      if (holder) await this.settledTerminal(holder.view.id);
      this.queued.delete(id);
      // A mission cancelled while it waited in the queue must not start when its turn comes.
      if (TERMINAL_STATUSES.includes(this.records.get(id)?.status ?? 'cancelled')) return;
      await this.run(id, initial);
    };
    this.runs.set(id, launch());
    await this.untilPastPlanning(id);
    return this.view(id);
  }

  private busyHolder(scene: string, robot?: string): MissionRecord | null {
    for (const rec of this.records.values()) {
      if (rec.view.scene !== scene || TERMINAL_STATUSES.includes(rec.status) || rec.status === 'interrupted') continue;
      // A mission another process drives holds that process's robots, not this one's.
      if (!this.ownership.owns(rec.view.id)) continue;
      if (!robot) return rec;
      const uses = rec.view.subgoals.some((s) => s.robot === robot) || rec.view.subgoals.length === 0;
      if (uses) return rec;
    }
    return null;
  }

  /** Runs (or resumes) the mission's graph in the background; one run per mission at a time. */
  private async run(id: string, input: Partial<MissionStateValue> | Command | null): Promise<void> {
    const config = { configurable: { thread_id: id }, streamMode: 'values' as const, ...GRAPH_LIMITS };
    try {
      const stream = await this.graph.stream(input as never, config);
      for await (const state of stream) {
        const rec = this.records.get(id);
        if (rec && state && typeof state === 'object' && 'missionId' in state) {
          rec.fromGraph(state as MissionStateValue);
          this.changed(rec, false);
        }
      }
      await this.raiseCheckpointedRequest(id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (this.closed) return;
      this.traces.append({ missionId: id, actor: { kind: 'system', id: 'orchestrator' }, kind: 'error', data: { message } });
      this.setStatus(id, 'failed', `internal error: ${message}`);
    }
  }

  /** A stream that ended at an interrupt: its request is now durable, so it can be shown and answered. */
  private async raiseCheckpointedRequest(id: string): Promise<void> {
    const state = await this.graph.getState({ configurable: { thread_id: id } });
    const waiting = state.next.includes('clarify_wait') || state.next.includes('human_wait');
    const request = (state.values as MissionStateValue).request;
    if (!waiting || !request || this.closed) return;
    const rec = this.records.get(id);
    if (!rec) return;
    rec.pending.set(request.id, request);
    this.emit({ type: 'request', missionId: id, request });
    this.setStatus(id, 'awaiting_human', request.question);
  }

  private async untilPastPlanning(id: string): Promise<void> {
    await this.waitFor(id, (v) => v.status !== 'planning' || v.reason?.startsWith('queued') === true);
  }

  private waitFor(id: string, pred: (v: MissionView) => boolean): Promise<MissionView> {
    return new Promise((resolve) => {
      const check = (): boolean => {
        const rec = this.records.get(id);
        if (!rec) return false;
        if (pred(rec.view) || this.closed) {
          resolve(this.view(id));
          return true;
        }
        return false;
      };
      if (check()) return;
      const off = this.subscribe((e) => {
        if (e.type === 'mission' && e.missionId === id && check()) off();
      });
    });
  }

  private settledTerminal(id: string): Promise<MissionView> {
    return this.waitFor(id, (v) => TERMINAL_STATUSES.includes(v.status) || v.status === 'interrupted');
  }

  settled(missionId: string): Promise<MissionView> {
    this.require(missionId);
    return this.waitFor(missionId, (v) => SETTLED.includes(v.status) && !(v.status === 'paused' && this.live.has(missionId) && !this.latched && false));
  }

  async answer(missionId: string, requestId: string, response: HumanResponse): Promise<MissionView> {
    if (this.ownership.drivenElsewhere(missionId)) return remoteReply.view(await this.relay(missionId, { kind: 'answer', requestId, response }));
    const rec = this.requireOwned(missionId);
    const req = rec.pending.get(requestId);
    if (!req) {
      const known = this.traces.events(missionId, { kinds: ['question'] }).some((e) => e.data['requestId'] === requestId);
      if (known) throw new OrchestratorError('conflict', `request ${requestId} was already answered`);
      throw new OrchestratorError('not_found', `mission ${missionId} has no pending request ${requestId}`);
    }
    if (rec.status === 'interrupted') throw new OrchestratorError('conflict', `mission ${missionId} was interrupted by a restart; resume it first`);
    rec.pending.delete(requestId);
    this.setStatus(missionId, req.kind === 'clarification' ? 'planning' : 'running');
    const prior = this.runs.get(missionId);
    const next = (async () => {
      await prior;
      await this.run(missionId, new Command({ resume: response }));
    })();
    this.runs.set(missionId, next);
    await this.waitFor(missionId, (v) => v.status !== 'planning' && !(v.status === 'running' && req.kind === 'clarification' && v.planVersion === 0));
    return this.view(missionId);
  }

  async sendMessage(missionId: string, text: string, from?: string): Promise<MessageResult> {
    if (this.ownership.drivenElsewhere(missionId)) return remoteReply.message(await this.relay(missionId, { kind: 'message', text, ...(from ? { from } : {}) }));
    const rec = this.requireOwned(missionId);
    if (!text.trim() || text.length > 2000) throw new OrchestratorError('bad_input', 'a message needs 1 to 2000 characters');
    this.say(missionId, 'user', text);
    this.traces.append({ missionId, actor: { kind: 'person', id: from ?? rec.view.speaker }, kind: 'note', data: { message: text } });
    if (isForgetThat(text)) {
      const reply = this.missionMemory.forget(missionId, from ?? rec.view.speaker);
      this.say(missionId, 'orca', reply);
      return { intent: 'forget', reply, mission: this.view(missionId) };
    }
    const result = await handleMessage(this, { rec, live: this.live.get(missionId) ?? null, reasoner: this.parts.reasoner, text, fleets: this.parts.fleets, from: from ?? rec.view.speaker });
    this.say(missionId, 'orca', result.reply);
    return { intent: result.intent, reply: result.reply, mission: result.mission ?? this.view(missionId) };
  }

  async pause(missionId: string): Promise<MissionView> {
    if (this.ownership.drivenElsewhere(missionId)) return remoteReply.view(await this.relay(missionId, { kind: 'pause' }));
    const rec = this.requireOwned(missionId);
    if (TERMINAL_STATUSES.includes(rec.status)) throw new OrchestratorError('conflict', `mission ${missionId} has already ${rec.status}`);
    const live = this.live.get(missionId);
    if (live && !live.finished) live.runner.pause();
    if (rec.status !== 'interrupted') this.setStatus(missionId, 'paused', 'paused by operator');
    return this.view(missionId);
  }

  async resume(missionId: string): Promise<MissionView> {
    if (this.ownership.drivenElsewhere(missionId)) return remoteReply.view(await this.relay(missionId, { kind: 'resume' }));
    const rec = this.requireOwned(missionId);
    if (TERMINAL_STATUSES.includes(rec.status)) throw new OrchestratorError('conflict', `mission ${missionId} has already ${rec.status}`);
    if (this.latched) throw new OrchestratorError('estopped', 'the e-stop is latched; release it first');
    const live = this.live.get(missionId);
    if (live && !live.finished) {
      live.runner.resume();
      this.setStatus(missionId, rec.pending.size > 0 ? 'awaiting_human' : 'running');
      return this.view(missionId);
    }
    if (rec.status === 'interrupted' || rec.status === 'paused') {
      const state = await this.graph.getState({ configurable: { thread_id: missionId } });
      const waitingOnRunner = state.next.includes('human_wait');
      rec.pending.clear();
      this.setStatus(missionId, 'running', 'resumed after a restart');
      const input = waitingOnRunner ? new Command({ resume: { type: 'ignore', reason: 'stale: the process restarted' } }) : null;
      this.runs.set(missionId, this.run(missionId, input));
      await this.waitFor(missionId, (v) => v.status !== 'running' || this.live.has(missionId));
    }
    return this.view(missionId);
  }

  async cancel(missionId: string, reason = 'cancelled by operator'): Promise<MissionView> {
    if (this.ownership.drivenElsewhere(missionId)) return remoteReply.view(await this.relay(missionId, { kind: 'cancel', reason }));
    const rec = this.requireOwned(missionId);
    if (TERMINAL_STATUSES.includes(rec.status)) throw new OrchestratorError('conflict', `mission ${missionId} has already ${rec.status}`);
    const live = this.live.get(missionId);
    if (live && !live.finished) {
      live.runner.cancel(reason);
      // A graph waiting on a person's answer would never see the runner end: withdraw every request
      // it has out, including one raised while the runner was still winding down.
      const ended = (v: MissionView): boolean => TERMINAL_STATUSES.includes(v.status) || v.status === 'interrupted';
      for (;;) {
        const v = await this.waitFor(missionId, (x) => ended(x) || rec.pending.size > 0);
        if (ended(v) || this.closed) return this.view(missionId);
        this.withdrawRequests(missionId, rec, reason);
      }
    }
    const state = await this.graph.getState({ configurable: { thread_id: missionId } });
    if (state.next.includes('clarify_wait') && rec.status !== 'interrupted') {
      const req = [...rec.pending.keys()][0];
      if (req) return this.answer(missionId, req, { type: 'ignore', reason });
    }
    rec.pending.clear();
    this.traces.append({ missionId, actor: { kind: 'system', id: 'orchestrator' }, kind: 'outcome', data: { status: 'cancelled', reason } });
    this.setStatus(missionId, 'cancelled', reason);
    return this.view(missionId);
  }

  private withdrawRequests(missionId: string, rec: MissionRecord, reason: string): void {
    for (const requestId of [...rec.pending.keys()]) {
      rec.pending.delete(requestId);
      const prior = this.runs.get(missionId);
      const next = (async () => {
        await prior;
        await this.run(missionId, new Command({ resume: { type: 'ignore', reason } }));
      })();
      this.runs.set(missionId, next);
    }
  }

  estop(reason = 'e-stop', opts: EstopOptions = {}): void {
    // The shared latch first: from this instant no robot of the process accepts an action.
    this.parts.latch.latch();
    const by = opts.by ?? 'operator';
    const at = this.now();
    if (!opts.recorded) this.journal({ latched: true, by, reason, at });
    for (const fleet of this.parts.fleets.active()) fleet.estop(reason);
    for (const [id, live] of this.live) {
      if (live.finished) continue;
      live.runner.estop(reason);
      this.setStatus(id, 'paused', `e-stop: ${reason}`);
    }
    this.emit({ type: 'estop', latched: true, reason, by, at });
  }

  releaseEstop(by = 'operator', opts: Pick<EstopOptions, 'recorded'> = {}): void {
    if (!this.latched) return;
    const at = this.now();
    if (!opts.recorded) this.journal({ latched: false, by, reason: null, at });
    this.parts.latch.release();
    for (const fleet of this.parts.fleets.active()) fleet.releaseEstop();
    for (const live of this.live.values()) if (!live.finished) live.runner.releaseEstop();
    this.emit({ type: 'estop', latched: false, reason: null, by, at });
  }

  get estopLatched(): boolean {
    return this.latched;
  }

  estopState(): EstopState {
    const saved = this.parts.estops.current();
    return { latched: this.latched, by: saved?.by ?? null, reason: saved?.reason ?? null, at: saved?.at ?? null };
  }

  estopChannel(): EstopChannel {
    return { latch: this.parts.latch.buffer, journal: this.parts.estopJournal };
  }

  /** A failed journal write never unlatches: the robots stay stopped and the failure is reported. */
  private journal(rec: { latched: boolean; by: string; reason: string | null; at: string }): void {
    try {
      this.parts.estops.record(rec);
    } catch (err) {
      const message = `the e-stop journal could not be written: ${err instanceof Error ? err.message : String(err)}`;
      for (const id of this.live.keys()) this.traces.append({ missionId: id, actor: { kind: 'system', id: 'orchestrator' }, kind: 'error', data: { message } });
      if (!rec.latched) throw new OrchestratorError('conflict', `${message}; the latch stays set`);
    }
  }

  /** A latch the last process left set is set again before any fleet exists, so no robot ever moves unlatched. */
  private recoverEstop(): void {
    if (this.parts.estops.current()?.latched) this.parts.latch.latch();
  }

  getMission(id: string): MissionView | null {
    return this.records.has(id) ? this.view(id) : null;
  }

  listMissions(filter: { status?: MissionStatus; limit?: number } = {}): MissionView[] {
    const all = [...this.records.keys()].map((id) => this.view(id)).filter((v) => !filter.status || v.status === filter.status);
    all.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
    return all.slice(0, filter.limit ?? 100);
  }

  pendingRequests(missionId?: string): HumanRequestView[] {
    const recs = missionId ? [this.require(missionId)] : [...this.records.values()];
    return recs.flatMap((r) => (r.status === 'interrupted' ? [] : [...r.pending.values()]));
  }

  robots(): RobotView[] {
    const out: RobotView[] = [];
    for (const s of this.parts.fleets.scenes()) {
      const active = this.parts.fleets.active().find((f) => f.scene.name === s.name);
      if (!active) continue;
      const holder = this.busyHolder(s.name);
      out.push(...active.robots().map((r) => ({ ...r, busyWith: holder?.view.id ?? null })));
    }
    if (out.length === 0) out.push(...this.parts.fleets.get(this.parts.defaultScene).robots());
    return out;
  }

  scenes(): SceneSummary[] {
    return this.parts.fleets.scenes();
  }

  addScene(text: string): SceneSummary {
    return this.parts.fleets.addScene(text);
  }

  resetWorld(scene = this.parts.defaultScene): SceneSummary {
    const summary = this.parts.fleets.scenes().find((s) => s.name === scene);
    if (!summary) throw new OrchestratorError('not_found', `unknown scene "${scene}"`, { scene });
    const holder = [...this.records.values()].find((r) => r.view.scene === scene && !TERMINAL_STATUSES.includes(r.status));
    if (holder) {
      throw new OrchestratorError('conflict', `mission ${holder.view.id} on ${scene} is ${holder.status}; cancel it or let it end before resetting the world`, { missionId: holder.view.id, status: holder.status, scene });
    }
    if (!this.parts.fleets.resetWorld) throw new OrchestratorError('conflict', `the world of ${scene} is not simulated; it cannot be reset`, { scene });
    const fleet = this.parts.fleets.resetWorld(scene);
    if (this.latched) fleet.estop('e-stop latched before the world was reset');
    const robots = fleet.robots().map((r) => ({ id: r.id, x: r.pose.x, y: r.pose.y, theta: r.pose.theta, holding: r.holding }));
    this.emit({ type: 'world', scene, simTime: fleet.simTime, robots });
    return fleet.scene;
  }

  worldSvg(scene = this.parts.defaultScene): string | null {
    if (!this.parts.fleets.scenes().some((s) => s.name === scene)) return null;
    return this.parts.fleets.get(scene).svg();
  }

  worldObjects(scene = this.parts.defaultScene): WorldObjectView[] | null {
    if (!this.parts.fleets.scenes().some((s) => s.name === scene)) return null;
    return this.parts.fleets.get(scene).objects();
  }

  groundTruth(scene = this.parts.defaultScene): { snapshot: unknown; injectedFaults: readonly unknown[]; perceptionFaults?: unknown } | null {
    if (!this.parts.fleets.scenes().some((s) => s.name === scene)) return null;
    return this.parts.fleets.get(scene).groundTruth();
  }

  subscribe(listener: (e: OrchestratorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.ownership.stop();
    if (this.worldTimer) clearInterval(this.worldTimer);
    this.unsubscribeTrace();
    for (const rec of this.records.values()) if (this.ownership.owns(rec.view.id)) this.parts.missions.save(rec.view);
    for (const live of this.live.values()) live.runner.dispose();
    for (const fleet of this.parts.fleets.active()) fleet.close();
    await this.parts.fleets.close?.();
    await this.parts.onClose?.();
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private require(id: string): MissionRecord {
    const rec = this.records.get(id);
    if (!rec) throw new OrchestratorError('not_found', `no mission ${id}`);
    return rec;
  }

  /** Sends a command to the process driving the mission; its error comes back as the same typed error. */
  private async relay(missionId: string, command: MissionCommand): Promise<unknown> {
    if (!this.parts.relay) this.ownership.assertOwned(missionId);
    const reply = await this.parts.relay!.send(missionId, command);
    if (!reply.ok) throw remoteReply.error(reply);
    return reply.value;
  }

  /** A command another process relayed for a mission this one drives. */
  private async actOnRelayed(missionId: string, command: MissionCommand): Promise<CommandReply> {
    if (!this.ownership.owns(missionId)) return { ok: false, code: 'conflict', message: `mission ${missionId} is no longer driven by the process it was sent to; try again` };
    try {
      const value = await (command.kind === 'answer'
        ? this.answer(missionId, command.requestId, command.response)
        : command.kind === 'message'
          ? this.sendMessage(missionId, command.text, command.from)
          : command.kind === 'pause'
            ? this.pause(missionId)
            : command.kind === 'resume'
              ? this.resume(missionId)
              : this.cancel(missionId, command.reason));
      return { ok: true, value };
    } catch (err) {
      if (err instanceof OrchestratorError) return { ok: false, code: err.code, message: err.message, details: err.detail };
      return { ok: false, code: 'conflict', message: err instanceof Error ? err.message : String(err) };
    }
  }

  private requireOwned(id: string): MissionRecord {
    const rec = this.require(id);
    this.ownership.assertOwned(id);
    return rec;
  }

  view(id: string): MissionView {
    const rec = this.require(id);
    const live = this.live.get(id);
    if (live && !live.finished) rec.fromRunner(live.runner.snapshot());
    let simTime = rec.view.simTime;
    try {
      simTime = this.parts.fleets.get(rec.view.scene).simTime;
    } catch {
      // an uploaded scene lost with a restart: keep the last known time
    }
    return structuredClone({ ...rec.view, pending: rec.status === 'interrupted' ? [] : [...rec.pending.values()], simTime });
  }

  siteGeometry(scene: string): SiteGeometry | null {
    try {
      return this.parts.fleets.get(scene).site?.() ?? null;
    } catch {
      return null;
    }
  }

  async checkpoints(missionId: string): Promise<CheckpointView[]> {
    return listCheckpoints(this.graph, missionId);
  }

  setStatus(id: string, status: MissionStatus, reason: string | null = null): void {
    const rec = this.records.get(id);
    if (!rec) return;
    if (TERMINAL_STATUSES.includes(rec.status) && !TERMINAL_STATUSES.includes(status)) return;
    rec.view = { ...rec.view, status, reason };
    if (TERMINAL_STATUSES.includes(status)) this.missionMemory.endMission(id);
    if (TERMINAL_STATUSES.includes(status)) this.replay.forget(id);
    this.changed(rec, true);
    if (TERMINAL_STATUSES.includes(status)) this.ownership.ended(id);
  }

  private say(id: string, from: 'user' | 'orca', text: string): void {
    const rec = this.records.get(id);
    if (!rec) return;
    rec.view = { ...rec.view, messages: [...rec.view.messages, { from, text, at: this.now() }] };
    this.changed(rec, false);
    this.emit({ type: 'message', missionId: id, from, text });
  }

  private changed(rec: MissionRecord, persist: boolean): void {
    rec.touch(this.now());
    if (persist) this.parts.missions.save(rec.view);
    this.emit({ type: 'mission', missionId: rec.view.id, mission: this.view(rec.view.id) });
  }

  emit(e: OrchestratorEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // a listener's failure is its own business
      }
    }
  }

  private attach(missionId: string, live: LiveMission): void {
    const rec = this.records.get(missionId);
    const fleet = rec ? this.parts.fleets.get(rec.view.scene) : null;
    recordExecution(live.runner.subscribe, this.traces, missionId, fleet ? (e, input) => this.replay.decorate(fleet, e, input) : undefined);
    live.runner.subscribe((e) => {
      if (!rec || e.type === 'executor_event') return;
      // A runner that latched itself (a robot found e-stopped before this thread heard of it) pauses its mission.
      if (e.type === 'estop' && rec.status !== 'paused' && !TERMINAL_STATUSES.includes(rec.status)) this.setStatus(missionId, 'paused', `e-stop: ${e.reason}`);
      rec.onExecutionEvent(e);
      if (e.type === 'subgoal_state' && (e.to === 'succeeded' || e.to === 'failed')) this.missionMemory.subgoalEnded(missionId, e.subgoalId, e.to === 'succeeded');
      if (e.type === 'subgoal_state' || e.type === 'plan_changed' || e.type === 'human_request' || e.type === 'human_response') {
        this.changed(rec, e.type !== 'subgoal_state' || e.to === 'succeeded' || e.to === 'failed');
      }
    });
    this.startWorldTicker();
  }

  private startWorldTicker(): void {
    if (this.worldTimer) return;
    this.worldTimer = setInterval(() => {
      // Robots only move while a mission runs; the map needs no updates otherwise.
      if (![...this.live.values()].some((l) => !l.finished)) return;
      for (const fleet of this.parts.fleets.active()) {
        const robots = fleet.robots().map((r) => ({ id: r.id, x: r.pose.x, y: r.pose.y, theta: r.pose.theta, holding: r.holding }));
        this.emit({ type: 'world', scene: fleet.scene.name, simTime: fleet.simTime, robots });
      }
    }, 250);
    this.worldTimer.unref();
  }

  /**
   * A mission of a process that stopped (this one before a restart, or another that died): a pending
   * clarification stays pending; anything that ran is interrupted and paused. A simulated world
   * already open here is rebuilt from the snapshot its last owner saved, unless a mission of this
   * process is using it.
   */
  private interruptAdopted(rec: MissionRecord): void {
    const view = rec.view;
    const busyHere = [...this.live.entries()].some(([id, l]) => !l.finished && this.records.get(id)?.view.scene === view.scene);
    const open = this.parts.fleets.active().some((f) => f.scene.name === view.scene);
    if (this.running && open && !busyHere && this.parts.fleets.reloadWorld) {
      const fleet = this.parts.fleets.reloadWorld(view.scene);
      if (this.latched) fleet.estop('e-stop latched before the world was reloaded');
    }
    const clarifying = view.status === 'awaiting_human' && view.pending.length > 0 && view.pending.every((r) => r.kind === 'clarification');
    if (!clarifying) {
      rec.view = { ...rec.view, status: 'interrupted', reason: 'the process stopped while this mission ran; it stays paused until resumed' };
      this.traces.append({ missionId: view.id, actor: { kind: 'system', id: 'orchestrator' }, kind: 'pause', data: { reason: 'interrupted by a restart' } });
      this.parts.missions.save(rec.view);
    }
    this.emit({ type: 'mission', missionId: view.id, mission: this.view(view.id) });
  }

  /** Another process holds the mission now: its robots here are stopped and its graph is left alone. */
  private stopDriving(id: string): void {
    const live = this.live.get(id);
    if (live && !live.finished) live.runner.pause();
    this.live.delete(id);
  }

  /** For message handling: the view of a mission by id, and starting a follow-up mission. */
  get defaultSpeaker(): string {
    return this.parts.speaker;
  }
}

function summarise(data: Record<string, unknown>): string {
  for (const key of ['text', 'question', 'reason', 'message', 'status', 'type']) {
    const v = data[key];
    if (typeof v === 'string') return v.slice(0, 200);
  }
  return '';
}
