import type { TraceEvent } from './schema.js';
import { missionSpan } from './replay.js';

/** One point: seconds of simulated time since the mission started, and the value then. */
export type PlotPoint = [t: number, value: number];

export interface PlotMarker {
  t: number;
  /** `verdict`: a deciding verdict; `failure`: the attempt failed (its code in `label`). */
  kind: 'verdict' | 'failure';
  label: string;
  ok: boolean;
}

export interface SubgoalPlot {
  subgoalId: string;
  robotId: string | null;
  series: {
    /** The verifier's progress score, 0..1. */
    progress: PlotPoint[];
    /** Metres between the robot and the target, as the verifier measured it (the nearest criterion). */
    distance: PlotPoint[];
    /** Gripper aperture from the sampled steps, 0 closed .. 1 open. */
    aperture: PlotPoint[];
    /** The detector's confidence in the sightings the verdict rested on (the least of them). */
    confidence: PlotPoint[];
  };
  markers: PlotMarker[];
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

function criteriaOf(data: TraceEvent['data']): { distance?: unknown; confidence?: unknown }[] {
  const evidence = data['evidence'];
  if (typeof evidence !== 'object' || evidence === null || Array.isArray(evidence)) return [];
  const criteria = (evidence as Record<string, unknown>)['criteria'];
  return Array.isArray(criteria) ? criteria.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null) : [];
}

function least(values: unknown[]): number | null {
  const nums = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return nums.length > 0 ? Math.min(...nums) : null;
}

function plotOf(plots: Map<string, SubgoalPlot>, subgoalId: string): SubgoalPlot {
  let plot = plots.get(subgoalId);
  if (!plot) {
    plot = { subgoalId, robotId: null, series: { progress: [], distance: [], aperture: [], confidence: [] }, markers: [] };
    plots.set(subgoalId, plot);
  }
  return plot;
}

function addVerdict(plot: SubgoalPlot, e: TraceEvent, t: number): void {
  const kind = e.data['kind'];
  const score = e.data['score'];
  if (kind === 'progress' && typeof score === 'number') plot.series.progress.push([t, round3(score)]);
  else if (kind === 'succeeded' || kind === 'accepted_as_reported') plot.series.progress.push([t, 1]);
  const criteria = criteriaOf(e.data);
  const distance = least(criteria.map((c) => c.distance));
  if (distance !== null) plot.series.distance.push([t, round3(distance)]);
  const confidence = least(criteria.map((c) => c.confidence));
  if (confidence !== null) plot.series.confidence.push([t, round3(confidence)]);
  if (typeof kind === 'string' && kind !== 'progress') {
    const why = e.data['code'] ?? e.data['diagnosis'];
    plot.markers.push({ t, kind: 'verdict', label: typeof why === 'string' && why !== kind ? `${kind}: ${why}` : kind, ok: kind === 'succeeded' || kind === 'accepted_as_reported' });
  }
}

/**
 * Per-subgoal telemetry over a mission's simulated time, read back from its trace: progress,
 * distance to the target and the sighting confidence from verdicts, the gripper from sampled steps,
 * and a marker for every deciding verdict and failure. Subgoals appear in the order they first act.
 */
export function subgoalPlots(events: readonly TraceEvent[]): SubgoalPlot[] {
  const span = missionSpan(events);
  if (!span) return [];
  const plots = new Map<string, SubgoalPlot>();
  for (const e of events) {
    if (!e.subgoalId || e.simTime === null) continue;
    const t = round3(e.simTime - span.start);
    const robotId = e.data['robotId'];
    if (e.kind === 'verdict') {
      const plot = plotOf(plots, e.subgoalId);
      if (typeof robotId === 'string') plot.robotId = robotId;
      addVerdict(plot, e, t);
    } else if (e.kind === 'step') {
      const robot = e.data['robot'];
      const aperture = typeof robot === 'object' && robot !== null && !Array.isArray(robot) ? (robot as Record<string, unknown>)['aperture'] : undefined;
      const plot = plotOf(plots, e.subgoalId);
      if (typeof robotId === 'string') plot.robotId = robotId;
      if (typeof aperture === 'number') plot.series.aperture.push([t, round3(aperture)]);
    } else if (e.kind === 'error') {
      const code = e.data['code'];
      plotOf(plots, e.subgoalId).markers.push({ t, kind: 'failure', label: typeof code === 'string' ? code : 'failed', ok: false });
    }
  }
  return [...plots.values()];
}
