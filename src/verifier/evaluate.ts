import { distance, formatPredicate, isBetween, isNextTo, isOnSide, planarDistance, VERIFIER_SPATIAL } from '../domain/index.js';
import type { EntityState, Observation, Predicate, Side, Truth, Vec3 } from '../domain/index.js';
import { resolve, targetMatches } from './lookup.js';
import type { View } from './lookup.js';
import type { BeliefMemory } from './memory.js';

export interface Evaluation {
  truth: Truth;
  reason: string;
  /** The distance the criterion compared with its threshold, metres (near, inLight). */
  distance?: number;
  /** The detector's confidence in the sighting the criterion rests on, when it rests on one. */
  confidence?: number;
}

export interface EvaluateOptions {
  /** `near(robot, x)`: planar distance from the robot's base to x, metres. Kept below the simulated robots' reach (0.9 m) so the verifier is never more lenient than reality. */
  nearThreshold?: number;
  /** `inLight(obj, lamp)`: 3-D distance from the lamp, metres. */
  lightRadius?: number;
}

export const NEAR_THRESHOLD_M = 0.85;
export const LIGHT_RADIUS_M = 1.5;

type Seen = Extract<View, { kind: 'seen' }>;
const unknown = (reason: string): Evaluation => ({ truth: 'unknown', reason });
const verdict = (ok: boolean, reason: string): Evaluation => ({ truth: ok ? 'true' : 'false', reason });

/** Adds what a reviewer plots over time (distance to the target, the sighting's confidence) when known. */
function measured(e: Evaluation, distanceM: number | undefined, confidence: number | undefined): Evaluation {
  return { ...e, ...(distanceM !== undefined ? { distance: Math.round(distanceM * 1000) / 1000 } : {}), ...(confidence !== undefined ? { confidence } : {}) };
}

function stateTest(v: View, read: (s: EntityState) => boolean | undefined, field: string): Evaluation {
  if (v.kind === 'absent') return unknown(v.note);
  const value = read(v.state);
  if (value === undefined) return unknown(`${v.note}; ${field} not visible`);
  return verdict(value, `${v.note}; ${field}: ${value}`);
}

function f2(n: number): string {
  return n.toFixed(2);
}

/** Position of an agent (the observing robot, or a detected robot/person). */
function agentPosition(agent: string, obs: Observation, memory?: BeliefMemory): Vec3 | string {
  if (agent === obs.robotId) return { x: obs.pose.x, y: obs.pose.y, z: 0 };
  const v = resolve(agent, obs, memory);
  return v.kind === 'seen' ? v.position : v.note;
}

function placed(relation: 'in' | 'on', obj: string, target: string, obs: Observation, memory?: BeliefMemory): Evaluation {
  if (obs.gripper.holding === obj) return verdict(false, `${obj} is in the gripper`);
  const v = resolve(obj, obs, memory);
  if (v.kind === 'absent') return unknown(v.note);
  if (v.heldBy) return verdict(false, `${v.note}; held by ${v.heldBy}`);
  if (!v.placement) return unknown(`${v.note}; placement not visible`);
  const where = `${v.placement.relation} ${v.placement.target}`;
  if (!targetMatches(v.placement.target, target, obs, memory)) return measured(verdict(false, `${v.note}; ${where}, not ${relation} ${target}`), undefined, v.confidence);
  if (v.placement.relation !== relation) return measured(verdict(false, `${v.note}; ${where}, not ${relation}`), undefined, v.confidence);
  return measured(verdict(true, `${v.note}; ${where}`), undefined, v.confidence);
}

function holding(robot: string, obj: string, obs: Observation, memory?: BeliefMemory): Evaluation {
  if (robot === obs.robotId) {
    const g = obs.gripper;
    if (g.holding === obj) {
      return g.contact ? verdict(true, `gripper holds ${obj} with contact`) : verdict(false, `gripper reports ${obj} but no finger contact`);
    }
    if (g.holding) return verdict(false, `gripper holds ${g.holding}, not ${obj}`);
    return verdict(false, `gripper holds nothing (aperture ${f2(g.aperture)}, contact ${g.contact})`);
  }
  const v = resolve(obj, obs, memory);
  if (v.kind === 'absent') return unknown(v.note);
  return verdict(v.heldBy === robot, `${v.note}; held by ${v.heldBy ?? 'nobody'}`);
}

function near(agent: string, target: string, obs: Observation, threshold: number, memory?: BeliefMemory): Evaluation {
  if (agent === obs.robotId && obs.room !== null && target === obs.room) return verdict(true, `${agent} is in room ${target}`);
  const a = agentPosition(agent, obs, memory);
  if (typeof a === 'string') return unknown(a);
  const t = resolve(target, obs, memory);
  if (t.kind === 'absent') return unknown(t.note);
  const d = planarDistance(a, t.position);
  return measured(verdict(d <= threshold, `${t.note}; ${agent} at planar distance ${f2(d)} m (threshold ${threshold} m)`), d, t.confidence);
}

function inLight(obj: string, lamp: string, obs: Observation, radius: number, memory?: BeliefMemory): Evaluation {
  const l = resolve(lamp, obs, memory);
  if (l.kind === 'absent') return unknown(l.note);
  if (l.state.on === undefined) return unknown(`${l.note}; on/off not visible`);
  if (!l.state.on) return verdict(false, `${l.note}; lamp is off`);
  const o = resolve(obj, obs, memory);
  const pos = o.kind === 'seen' ? o.position : obs.gripper.holding === obj ? obs.ee : undefined;
  if (!pos) return unknown(o.note);
  const d = distance(pos, l.position);
  return measured(verdict(d <= radius, `${lamp} is on; ${obj} at ${f2(d)} m from it (radius ${radius} m)`), d, l.confidence);
}

/** Positions of every argument of a spatial relation, or why one is missing. */
function positionsOf(ids: readonly string[], obs: Observation, memory?: BeliefMemory): Vec3[] | string {
  const out: Vec3[] = [];
  for (const id of ids) {
    const v = resolve(id, obs, memory);
    if (v.kind === 'absent') return v.note;
    out.push((v as Seen).position);
  }
  return out;
}

/** Where things stand relative to each other, with the verifier's stricter tolerances (src/domain/spatial.ts). */
function spatial(p: Predicate, obs: Observation, memory?: BeliefMemory): Evaluation {
  const at = positionsOf(p.args, obs, memory);
  if (typeof at === 'string') return unknown(at);
  const [a, b, c] = at as [Vec3, Vec3, Vec3 | undefined];
  const where = `${p.args[0]} at (${f2(a.x)}, ${f2(a.y)}), ${p.args[1]} at (${f2(b.x)}, ${f2(b.y)})`;
  if (p.pred === 'nextTo') return verdict(isNextTo(a, b, VERIFIER_SPATIAL), `${where}: ${f2(planarDistance(a, b))} m apart (at most ${VERIFIER_SPATIAL.nextTo} m)`);
  if (p.pred === 'between' && c) return verdict(isBetween(a, b, c, VERIFIER_SPATIAL), `${where}, ${p.args[2]} at (${f2(c.x)}, ${f2(c.y)})`);
  const side = p.pred as Side;
  return verdict(isOnSide(side, a, b, VERIFIER_SPATIAL), `${where}`);
}

function positive(p: Predicate, obs: Observation, memory: BeliefMemory | undefined, opts: EvaluateOptions): Evaluation {
  const [a = '', b = ''] = p.args;
  const view = (): View => resolve(a, obs, memory);
  switch (p.pred) {
    case 'in':
    case 'on':
      return placed(p.pred, a, b, obs, memory);
    case 'holding':
      return holding(a, b, obs, memory);
    case 'handEmpty': {
      if (a !== obs.robotId) return unknown(`cannot read the gripper of ${a}`);
      const g = obs.gripper;
      if (g.holding) return verdict(false, `gripper holds ${g.holding}`);
      return verdict(!g.contact, g.contact ? 'fingers blocked by something (a handle?)' : 'gripper is empty');
    }
    case 'heldBy': {
      if (obs.gripper.holding === a) return verdict(false, `${a} is still in ${obs.robotId}'s gripper`);
      const v = view();
      if (v.kind === 'absent') return unknown(v.note);
      return verdict(v.heldBy === b, `${v.note}; held by ${v.heldBy ?? 'nobody'}`);
    }
    case 'isOpen':
    case 'isClosed': {
      const v = view();
      if (v.kind === 'absent') return unknown(v.note);
      if (v.open === undefined) return unknown(`${v.note}; open state not visible`);
      return verdict(p.pred === 'isOpen' ? v.open : !v.open, `${v.note}; open: ${v.open}`);
    }
    case 'isOn':
      return stateTest(view(), (s) => s.on, 'on');
    case 'isOff':
      return stateTest(view(), (s) => (s.on === undefined ? undefined : !s.on), 'off');
    case 'isClean':
      return stateTest(view(), (s) => s.clean, 'clean');
    case 'isDirty':
      return stateTest(view(), (s) => (s.clean === undefined ? undefined : !s.clean), 'dirty');
    case 'isHot':
      return stateTest(view(), (s) => (s.temperature === undefined ? undefined : s.temperature === 'hot'), 'hot');
    case 'isCold':
      return stateTest(view(), (s) => (s.temperature === undefined ? undefined : s.temperature === 'cold'), 'cold');
    case 'isSliced':
      return stateTest(view(), (s) => s.sliced, 'sliced');
    case 'isFilled':
      return stateTest(view(), (s) => s.filled, 'filled');
    case 'near':
      return near(a, b, obs, opts.nearThreshold ?? NEAR_THRESHOLD_M, memory);
    case 'inLight':
      return inLight(a, b, obs, opts.lightRadius ?? LIGHT_RADIUS_M, memory);
    case 'leftOf':
    case 'rightOf':
    case 'behind':
    case 'inFrontOf':
    case 'nextTo':
    case 'between':
      return spatial(p, obs, memory);
  }
}

/**
 * Three-valued truth of one ground predicate in one observation, from detections only. Missing or
 * low-confidence evidence is `unknown`, except objects remembered inside a closed container (the
 * caller keeps `memory` updated with every observation before evaluating).
 */
export function evaluateOnObservation(
  predicate: Predicate,
  observation: Observation,
  memory?: BeliefMemory,
  opts: EvaluateOptions = {},
): Evaluation {
  const e = positive(predicate, observation, memory, opts);
  if (!predicate.neg || e.truth === 'unknown') return e;
  return { ...e, truth: e.truth === 'true' ? 'false' : 'true', reason: `${formatPredicate({ ...predicate, neg: false })} is ${e.truth}: ${e.reason}` };
}
