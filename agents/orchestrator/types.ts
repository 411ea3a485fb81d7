import { z } from 'zod';
import type { SiteGeometry, TraceStore } from '../../src/traces/index.js';
import type { SiteMemory } from '../memory/site-memory.js';

/**
 * The programmatic API of orca: what the HTTP service, the CLI and tests drive. One orchestrator
 * owns the missions of a process, their LangGraph threads (thread id = mission id) and the fleets
 * (simulated households or configured robots) they run on.
 */

export const MissionStatusSchema = z.enum([
  /** Reading the instruction, planning or validating. */
  'planning',
  /** Waiting for a person: a clarification question, an approval or a delegated task. */
  'awaiting_human',
  'running',
  'paused',
  /** The process stopped while the mission ran; it stays paused until resumed. */
  'interrupted',
  'succeeded',
  'failed',
  'cancelled',
]);
export type MissionStatus = z.infer<typeof MissionStatusSchema>;

export const TERMINAL_STATUSES: readonly MissionStatus[] = ['succeeded', 'failed', 'cancelled'];

export const HumanResponseTypeSchema = z.enum(['accept', 'edit', 'respond', 'ignore']);
export type HumanResponseType = z.infer<typeof HumanResponseTypeSchema>;

/** One shape for clarification questions, approvals and delegations (and failure questions). */
export interface HumanRequestView {
  id: string;
  missionId: string;
  kind: 'clarification' | 'approval' | 'delegation' | 'question';
  /** What the person is asked, in words. */
  question: string;
  /** Choices to offer as buttons (clarifications: the candidates). */
  options: string[];
  allowed: HumanResponseType[];
  subgoalId: string | null;
  /** Who should answer (a person id for delegations), or null for anyone with the operator role. */
  assignedTo: string | null;
  createdAt: string;
}

/** An answer: `accept` (approve, or "done" for a delegation), `respond` (free text or an option), `edit`, `ignore` (reject / skip). */
export const HumanResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), by: z.string().max(200).optional() }),
  z.object({ type: z.literal('respond'), text: z.string().min(1).max(2000), by: z.string().max(200).optional() }),
  z.object({ type: z.literal('edit'), text: z.string().min(1).max(2000), by: z.string().max(200).optional() }),
  z.object({ type: z.literal('ignore'), reason: z.string().max(2000).optional(), by: z.string().max(200).optional() }),
]);
export type HumanResponse = z.infer<typeof HumanResponseSchema>;

export interface SubgoalView {
  id: string;
  skill: string;
  args: Record<string, string>;
  /** Robot id, or `person:<id>`. */
  robot: string;
  dependsOn: string[];
  instruction: string;
  status: 'pending' | 'running' | 'verifying' | 'awaiting_human' | 'succeeded' | 'failed' | 'cancelled' | 'delegated' | 'paused' | 'estopped';
  attempts: number;
  failureCodes: string[];
  progress: number | null;
}

export interface QuestionRecord {
  question: string;
  options: string[];
  answer: string | null;
}

export interface MissionView {
  id: string;
  instruction: string;
  scene: string;
  status: MissionStatus;
  /** Why it ended, or why it is waiting. */
  reason: string | null;
  speaker: string;
  goal: unknown | null;
  planVersion: number;
  subgoals: SubgoalView[];
  questions: QuestionRecord[];
  delegations: { subgoalId: string; person: string; instruction: string; status: string }[];
  pending: HumanRequestView[];
  /** Chat lines, oldest first: the user's messages and orca's replies. */
  messages: { from: 'user' | 'orca'; text: string; at: string }[];
  createdAt: string;
  updatedAt: string;
  simTime: number;
}

export const StartMissionSchema = z
  .object({
    instruction: z.string().trim().min(1).max(2000),
    /**
     * Step-by-step directions with the instruction ("Pick up the apple.", "Chill it in the fridge.", …).
     * The instruction says what is wanted; the steps may add what it leaves unsaid (a state, a count, a
     * vessel), never replace it. orca still plans its own route and checks every result.
     */
    steps: z.array(z.string().trim().min(1).max(500)).max(60).optional(),
    /** A built-in or uploaded scene name; default: the orchestrator's default scene. */
    scene: z.string().min(1).max(200).optional(),
    /** Restricts the mission to one robot. */
    robot: z.string().min(1).max(200).optional(),
    speaker: z.string().min(1).max(200).optional(),
    /** When the robots are busy: wait for them (`queue`) or refuse with a conflict (`refuse`, the default). */
    whenBusy: z.enum(['queue', 'refuse']).optional(),
  })
  .strict();
export type StartMission = z.infer<typeof StartMissionSchema>;

export interface MessageResult {
  intent: string;
  reply: string;
  mission: MissionView;
}

export interface RobotView {
  id: string;
  scene: string;
  kind: string;
  capabilities: string[];
  busyWith: string | null;
  estopped: boolean;
  pose: { x: number; y: number; theta: number };
  holding: string | null;
  health: { ok: boolean; detail: string };
  /** What the robot's latest observation detected (its own view, not ground truth), most confident first. */
  sees?: { id: string; type: string; confidence: number }[];
}

/** One LangGraph checkpoint of a mission's graph, as a reviewer reads it beside the trace. */
export interface CheckpointView {
  id: string;
  parentId: string | null;
  /** LangGraph's step number (-1 for the input checkpoint). */
  step: number;
  /** `input`, `loop` (after a node), `update` (an answer or resume written into the state). */
  source: string;
  /** The node whose run wrote this checkpoint (what its parent was about to run); null when unknown. */
  node: string | null;
  /** Nodes the graph runs next from here; empty at the end. */
  next: string[];
  createdAt: string | null;
  /** What the graph knew then. */
  state: {
    /** The sentence being interpreted. */
    text: string;
    /** Whether a goal had been read. */
    goal: boolean;
    planVersion: number;
    /** The plan's skill calls, as `skill(args)`. */
    calls: string[];
    /** Clarification questions asked so far. */
    questions: number;
    /** The question of the request raised to a person, if one was open. */
    request: string | null;
    /** What the runner escalated to the graph (a reflection, a person's task, a message, the outcome). */
    escalation: string | null;
    /** The type being searched for, while searching. */
    search: string | null;
    outcome: string | null;
    /** The routing decision the last node made. */
    route: string;
  };
}

/** Live events for SSE: every mission change, human request, chat line and world tick (throttled). */
export type OrchestratorEvent =
  | { type: 'mission'; missionId: string; mission: MissionView }
  | { type: 'request'; missionId: string; request: HumanRequestView }
  | { type: 'message'; missionId: string; from: 'user' | 'orca'; text: string }
  | { type: 'trace'; missionId: string; seq: number; kind: string; subgoalId: string | null; summary: string }
  | { type: 'world'; scene: string; simTime: number; robots: { id: string; x: number; y: number; theta: number; holding: string | null }[] }
  | { type: 'estop'; latched: boolean; reason: string | null; by?: string | null; at?: string | null };

/** The site's e-stop latch as the surfaces show it: who set or released it last, when and why. */
export interface EstopState {
  latched: boolean;
  by: string | null;
  reason: string | null;
  at: string | null;
}

/**
 * What another thread needs to latch the orchestrator's robots without waiting for it: the shared
 * latch's memory, and the SQLite file that journals it (null: the orchestrator journals a latch it is
 * told about itself).
 */
export interface EstopChannel {
  latch: SharedArrayBuffer;
  journal: string | null;
}

export interface EstopOptions {
  /** Who pressed it (a token's holder, a speaker, `cli`); default `operator`. */
  by?: string;
  /** Already journalled by whoever set the shared latch (the HTTP gateway thread). */
  recorded?: boolean;
}

export interface Orchestrator {
  /** Creates a mission and runs it until it ends or waits for a person. Throws `BusyError` when its robots are busy and `whenBusy` is `refuse`. */
  startMission(input: StartMission): Promise<MissionView>;
  /** Answers a pending human request. Throws `NotFoundError` / `ConflictError` (already answered). */
  answer(missionId: string, requestId: string, response: HumanResponse): Promise<MissionView>;
  /** A chat message to a mission: an answer, a correction, a new instruction, stop/pause/resume or a question. */
  sendMessage(missionId: string, text: string, from?: string): Promise<MessageResult>;
  pause(missionId: string): Promise<MissionView>;
  resume(missionId: string): Promise<MissionView>;
  cancel(missionId: string, reason?: string): Promise<MissionView>;
  /**
   * Latches every robot of every fleet, journals who did it, and pauses every live mission;
   * synchronous so it never waits behind other work. The latch survives a restart.
   */
  estop(reason?: string, opts?: EstopOptions): void;
  /** Clears the latch (journalled, unless another process already did); missions stay paused until resumed. */
  releaseEstop(by?: string, opts?: Pick<EstopOptions, 'recorded'>): void;
  readonly estopLatched: boolean;
  estopState(): EstopState;
  estopChannel(): EstopChannel;
  getMission(id: string): MissionView | null;
  listMissions(filter?: { status?: MissionStatus; limit?: number }): MissionView[];
  pendingRequests(missionId?: string): HumanRequestView[];
  robots(): RobotView[];
  /** Built-in and uploaded scenes. */
  scenes(): SceneSummary[];
  /** Validates and registers a scene file's text under its name; throws `OrchestratorError('bad_input')` naming the failing field. */
  addScene(text: string): SceneSummary;
  /**
   * Puts a simulated scene's world (and the robots' belief of it) back as its scene file describes it.
   * Throws `OrchestratorError('conflict')` while a mission on the scene has not ended, and
   * `not_found` for an unknown scene.
   */
  resetWorld(scene?: string): SceneSummary;
  /** A scene's rooms and fixtures for the Foxglove map; null when the fleet cannot tell (or the scene is unknown). */
  siteGeometry?(scene: string): SiteGeometry | null;
  /** SVG of a scene's world (default scene when omitted); null for an unknown scene. */
  worldSvg(scene?: string): string | null;
  /** Final or current world of a simulated scene: every object's type, attributes, state and location. */
  worldObjects(scene?: string): WorldObjectView[] | null;
  /**
   * Ground truth of a simulated scene (its world snapshot and the faults its simulated policies
   * injected), for tests and the benchmark only; orca's own decisions never read it. Null for
   * real robots or an unknown scene.
   */
  groundTruth(scene?: string): { snapshot: unknown; injectedFaults: readonly unknown[]; perceptionFaults?: unknown } | null;
  /** The mission graph's checkpoints, oldest first; empty for a mission the graph never ran. */
  checkpoints(missionId: string): Promise<CheckpointView[]>;
  /** Resolves when the mission is terminal or waits for a person. */
  settled(missionId: string): Promise<MissionView>;
  subscribe(listener: (e: OrchestratorEvent) => void): () => void;
  readonly traces: TraceStore;
  /** The site memory: list, edit and delete entries (API, `orca memory`, the page's panel). */
  readonly memory: SiteMemory;
  close(): Promise<void>;
}

export interface SceneSummary {
  name: string;
  kind: 'house' | 'tabletop';
  /** Built-in scene, uploaded scene file, or the site of a configured fleet (config/fleets). */
  source: 'builtin' | 'uploaded' | 'fleet';
  robots: string[];
  people: string[];
  description: string | null;
}

export interface WorldObjectView {
  id: string;
  type: string;
  attributes: Record<string, string>;
  state: Record<string, boolean | number | string>;
  location: { relation: 'in' | 'on' | 'held_by' | 'at'; target: string | null };
}

/** Typed failures the surfaces map to HTTP statuses and exit codes. */
export class OrchestratorError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'busy' | 'bad_input' | 'estopped' | 'queue_full',
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'OrchestratorError';
  }
}
