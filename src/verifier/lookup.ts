import type { Detection, EntityState, Observation, Placement, Vec3 } from '../domain/index.js';
import { MIN_CONFIDENCE, openness } from './memory.js';
import type { BeliefMemory } from './memory.js';

/** What the verifier can say about one id in one observation. */
export type View =
  | {
      kind: 'seen';
      id: string;
      type: string;
      position: Vec3;
      state: EntityState;
      placement?: Placement;
      heldBy?: string;
      open?: boolean;
      /** "apple_1 seen (conf 0.91)", or a belief-memory explanation. */
      note: string;
      /** The detector's confidence, when the view is a sighting in this observation. */
      confidence?: number;
    }
  | { kind: 'absent'; note: string };

function fromDetection(d: Detection, note: string, confidence?: number): View {
  const v: View = { kind: 'seen', id: d.id, type: d.type, position: d.position, state: d.state, note, ...(confidence !== undefined ? { confidence } : {}) };
  if (d.placement) v.placement = d.placement;
  if (d.heldBy) v.heldBy = d.heldBy;
  const o = openness(d.state, d.parts?.openness);
  if (o !== undefined) v.open = o;
  return v;
}

/**
 * Resolves an id against one observation: a confident detection, a region of a confident detection,
 * a belief-memory recall (object hidden in a closed container), or absent with the reason.
 */
export function resolve(id: string, obs: Observation, memory?: BeliefMemory): View {
  const d = obs.detections.find((x) => x.id === id);
  if (d && d.confidence >= MIN_CONFIDENCE) return fromDetection(d, `${id} seen (conf ${d.confidence.toFixed(2)})`, d.confidence);
  for (const p of obs.detections) {
    if (p.confidence < MIN_CONFIDENCE) continue;
    const r = p.regions?.find((x) => x.id === id);
    if (r) {
      const v: View = { kind: 'seen', id, type: 'region', position: r.position, state: r.state, note: `${id} seen as a region of ${p.id}` };
      const o = openness(r.state);
      if (o !== undefined) v.open = o;
      return v;
    }
  }
  if (d) return { kind: 'absent', note: `${id} seen only with low confidence ${d.confidence.toFixed(2)} (< ${MIN_CONFIDENCE})` };
  const recalled = memory?.recallHidden(id, obs);
  if (recalled) return fromDetection(recalled.detection, recalled.reason);
  return { kind: 'absent', note: `${id} not in view` };
}

/**
 * Does a placement target satisfy a wanted receptacle? Naming an entity also matches its regions:
 * regions listed in the parent's detection (now or remembered), or by the id convention
 * `<parent>_<region>`.
 */
export function targetMatches(target: string, wanted: string, obs: Observation, memory?: BeliefMemory): boolean {
  if (target === wanted) return true;
  const parent = obs.detections.find((d) => d.id === wanted);
  if (parent?.regions?.some((r) => r.id === target)) return true;
  if (memory?.regionParent(target) === wanted) return true;
  return target.startsWith(`${wanted}_`);
}
