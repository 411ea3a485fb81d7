import { distance } from '../domain/index.js';
import type { Observation, Predicate, Vec3 } from '../domain/index.js';
import { resolve } from './lookup.js';
import type { BeliefMemory } from './memory.js';
import type { Evaluation } from './evaluate.js';

/** 1 at distance 0, falling towards 0 with distance: closer counts as progress. */
function closeness(a: Vec3, b: Vec3): number {
  return 1 / (1 + distance(a, b));
}

/**
 * How far along an unmet criterion looks, 0..1, from distances between the end effector, the robot
 * and the detections involved. Only used to shape the progress score; never to decide success.
 */
export function shaping(p: Predicate, obs: Observation, memory?: BeliefMemory): number {
  const pos = (id: string): Vec3 | undefined => {
    const v = resolve(id, obs, memory);
    return v.kind === 'seen' ? v.position : undefined;
  };
  const base: Vec3 = { x: obs.pose.x, y: obs.pose.y, z: 0 };
  const [a = '', b = ''] = p.args;
  switch (p.pred) {
    case 'in':
    case 'on':
    case 'heldBy': {
      const target = pos(b);
      if (obs.gripper.holding === a) return target ? 0.5 + 0.5 * closeness(obs.ee, target) : 0.5;
      const obj = pos(a);
      return obj ? 0.4 * closeness(obs.ee, obj) : 0;
    }
    case 'holding': {
      const obj = pos(b);
      return obj ? closeness(obs.ee, obj) : 0;
    }
    case 'near': {
      const t = pos(b);
      return t ? closeness(base, { ...t, z: 0 }) : 0;
    }
    case 'inLight': {
      const o = pos(a) ?? (obs.gripper.holding === a ? obs.ee : undefined);
      const l = pos(b);
      return o && l ? closeness(o, l) : 0;
    }
    case 'isOpen':
    case 'isClosed':
    case 'isOn':
    case 'isOff': {
      const d = obs.detections.find((x) => x.id === a);
      const point = d?.parts?.handle ?? d?.parts?.button ?? pos(a);
      return point ? closeness(obs.ee, point) : 0;
    }
    case 'isClean':
    case 'isSliced':
    case 'isCold': {
      const o = pos(a);
      return o ? 0.5 * closeness(obs.ee, o) : 0;
    }
    default:
      return 0;
  }
}

/**
 * Progress score 0..1: the fraction of criteria that hold, plus up to 0.9 of a criterion's share for
 * each unmet one by its shaping term, so approaching the goal raises the score but only meeting
 * every criterion reaches 1.
 */
export function progressScore(
  criteria: readonly Predicate[],
  evaluations: readonly Evaluation[],
  obs: Observation,
  memory?: BeliefMemory,
): number {
  if (criteria.length === 0) return 0;
  let sum = 0;
  criteria.forEach((p, i) => {
    if (evaluations[i]?.truth === 'true') sum += 1;
    else if (!p.neg) sum += 0.9 * Math.min(1, Math.max(0, shaping(p, obs, memory)));
  });
  return Math.min(1, sum / criteria.length);
}
