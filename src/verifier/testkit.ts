import type { Detection, Observation, Predicate, Subgoal, Vec3 } from '../domain/index.js';
import { parsePredicate } from '../domain/index.js';

/** Small builders for hand-made observation streams in the verifier's tests. */
export const ROBOT = 'mm_1';
export const DT = 0.05;

export function det(id: string, type: string, position: Vec3, extra: Partial<Detection> = {}): Detection {
  return { id, type, confidence: 0.9, position, attributes: {}, state: {}, ...extra };
}

export interface ObsSpec {
  ee?: Vec3;
  pose?: { x: number; y: number; theta: number };
  gripper?: Partial<Observation['gripper']>;
  detections?: Detection[];
  room?: string | null;
}

/** A stream: each call makes the next observation (seq+1, simTime+DT) of ROBOT. */
export function stream(start = 0): (spec?: ObsSpec) => Observation {
  let seq = start;
  return (spec = {}) => {
    const s = seq++;
    return {
      robotId: ROBOT,
      seq: s,
      simTime: +(s * DT).toFixed(6),
      pose: spec.pose ?? { x: 0, y: 0, theta: 0 },
      ee: spec.ee ?? { x: 0.3, y: 0, z: 1 },
      gripper: { aperture: 1, contact: false, holding: null, ...spec.gripper },
      room: spec.room === undefined ? 'kitchen' : spec.room,
      detections: spec.detections ?? [],
    };
  };
}

export function subgoal(skill: string, criteria: string[], over: Partial<Subgoal['success']> = {}): Subgoal {
  return {
    id: 'sg_1',
    skill,
    args: {},
    assignee: { kind: 'robot', id: ROBOT },
    dependsOn: [],
    instruction: skill,
    success: {
      all: criteria.map((c): Predicate => parsePredicate(c)),
      consecutive: 3,
      settleSeconds: 1,
      stallSeconds: 2,
      ...over,
    },
    timeoutSeconds: 30,
    retries: 1,
    requiresApproval: false,
  };
}
