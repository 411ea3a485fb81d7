import type { ConfigName, Preset } from './configs.js';
import type { FalseCompletionTally, MissionRecord } from './driver.js';
import type { SuiteName } from './schema.js';
import { diff, mean, percentile, rate, ratio, taskLevelRate } from './stats.js';

export interface CellSummary {
  suite: SuiteName;
  config: ConfigName;
  preset: Preset | 'off';
  /** Distinct tasks and missions (tasks × seeds). */
  tasks: number;
  missions: number;
  errors: number;
  /** Mean over tasks of each task's success rate over its seeds. */
  successRate: number;
  /** 95 % interval over tasks (stats.ts `taskLevelRate`), not over missions. */
  successCI: [number, number];
  /** Tasks that succeeded on every seed, on some, on none. */
  taskSuccess: { all: number; some: number; none: number };
  /** Mean share of goal clauses that hold at the end. */
  subgoalSuccess: number;
  /** Share of orca's own subgoals that succeeded (from the mission view). */
  planSubgoalSuccess: number;
  falseCompletions: FalseCompletionTally | null;
  /** Missions orca reported succeeded whose goal does not hold in the world's truth. */
  wrongSuccess: number;
  /** Of `wrongSuccess`, those where orca's own reading of the goal was false too: the verifier was fooled. */
  verifierFooled: number;
  /** Missions orca reported succeeded (the denominator of `wrongSuccess`). */
  reportedSuccess: number;
  /** Perception faults that began, summed over the cell's missions; null when no world reported them. */
  perceptionFaults: { phantoms: number; occlusions: number } | null;
  recoveries: Record<string, { failures: number; recovered: number }>;
  questionsPerTask: number;
  /** Ambiguous missions that succeeded after exactly one question, none irrelevant. */
  ambiguousResolvedWithOne: number;
  ambiguousMissions: number;
  /** Unambiguous missions that asked at least one question. */
  unnecessaryQuestionShare: number;
  unambiguousMissions: number;
  irrelevantQuestions: number;
  delegationsPerTask: number;
  personReportedClauses: number;
  undecidableClauses: number;
  /** Median over (task, seed) of this cell's sim time / oracle's, both succeeded. */
  simTimeVsOracle: number;
  simTimeMean: number;
  wallMsP50: number;
  wallMsP99: number;
}

const key = (r: Pick<MissionRecord, 'taskId' | 'seed'>): string => `${r.taskId}#${r.seed}`;

export function summarise(records: readonly MissionRecord[]): CellSummary[] {
  const groups = new Map<string, MissionRecord[]>();
  for (const r of records) {
    const k = `${r.suite}|${r.config}|${r.preset}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const oracleTime = new Map<string, number>();
  for (const r of records) if (r.config === 'oracle' && r.score.success) oracleTime.set(`${r.suite}|${key(r)}`, r.simTime);
  const out: CellSummary[] = [];
  for (const rs of groups.values()) {
    const first = rs[0]!;
    const ok = rs.filter((r) => r.score.success);
    const fcs = rs.map((r) => r.falseCompletions).filter((f): f is NonNullable<typeof f> => f !== null);
    const recoveries: CellSummary['recoveries'] = {};
    for (const r of rs)
      for (const [code, v] of Object.entries(r.recoveries)) {
        const x = (recoveries[code] ??= { failures: 0, recovered: 0 });
        x.failures += v.failures;
        x.recovered += v.recovered;
      }
    const amb = rs.filter((r) => r.ambiguous);
    const unamb = rs.filter((r) => !r.ambiguous);
    const rel = ok.map((r) => ratio(r.simTime, oracleTime.get(`${r.suite}|${key(r)}`) ?? Number.NaN)).filter(Number.isFinite);
    const overTasks = taskLevelRate(rs.map((r) => ({ task: r.taskId, success: r.score.success })));
    out.push({
      suite: first.suite,
      config: first.config,
      preset: first.preset,
      tasks: new Set(rs.map((r) => r.taskId)).size,
      missions: rs.length,
      errors: rs.filter((r) => r.status === 'error').length,
      successRate: overTasks.rate,
      successCI: overTasks.ci,
      taskSuccess: overTasks.distribution,
      subgoalSuccess: mean(rs.map((r) => (r.score.clauses === 0 ? 0 : r.score.clausesMet / r.score.clauses))),
      planSubgoalSuccess: rate(
        rs.reduce((a, r) => a + r.subgoalsSucceeded, 0),
        rs.reduce((a, r) => a + r.subgoals, 0),
      ),
      falseCompletions:
        fcs.length === 0
          ? null
          : {
              injected: fcs.reduce((a, f) => a + f.injected, 0),
              caught: fcs.reduce((a, f) => a + f.caught, 0),
              missed: fcs.reduce((a, f) => a + f.missed, 0),
              unjudged: fcs.reduce((a, f) => a + f.unjudged, 0),
              trueEarlyClaims: fcs.reduce((a, f) => a + f.trueEarlyClaims, 0),
            },
      wrongSuccess: rs.filter((r) => r.wrongSuccess === true).length,
      verifierFooled: rs.filter((r) => r.verifierFooled === true).length,
      reportedSuccess: rs.filter((r) => r.status === 'succeeded').length,
      perceptionFaults: sumPerception(rs),
      recoveries,
      questionsPerTask: mean(rs.map((r) => r.user.questions)),
      ambiguousResolvedWithOne: rate(amb.filter((r) => r.score.success && r.user.questions === 1 && r.user.irrelevant === 0).length, amb.length),
      ambiguousMissions: amb.length,
      unnecessaryQuestionShare: rate(unamb.filter((r) => r.user.questions > 0).length, unamb.length),
      unambiguousMissions: unamb.length,
      irrelevantQuestions: rs.reduce((a, r) => a + r.user.irrelevant, 0),
      delegationsPerTask: mean(rs.map((r) => r.user.delegations)),
      personReportedClauses: rs.reduce((a, r) => a + r.score.personReported, 0),
      undecidableClauses: rs.reduce((a, r) => a + r.score.undecidable.length, 0),
      simTimeVsOracle: rel.length === 0 ? Number.NaN : percentile(rel, 50),
      simTimeMean: mean(rs.map((r) => r.simTime)),
      wallMsP50: percentile(rs.map((r) => r.wallMs), 50),
      wallMsP99: percentile(rs.map((r) => r.wallMs), 99),
    });
  }
  return out.sort((a, b) => `${a.suite}${a.config}${a.preset}`.localeCompare(`${b.suite}${b.config}${b.preset}`));
}

function sumPerception(rs: readonly MissionRecord[]): CellSummary['perceptionFaults'] {
  const known = rs.map((r) => r.perceptionFaults).filter((p): p is NonNullable<typeof p> => p !== null && p !== undefined);
  if (known.length === 0) return null;
  return { phantoms: known.reduce((a, p) => a + p.phantoms, 0), occlusions: known.reduce((a, p) => a + p.occlusions, 0) };
}

export interface Comparison {
  suite: SuiteName;
  preset: Preset;
  full: number;
  versus: { config: ConfigName; rate: number; ratio: number; diff: number }[];
  oracle: number;
  gapToOracle: number;
}

export function compare(cells: readonly CellSummary[]): Comparison[] {
  const out: Comparison[] = [];
  const find = (s: SuiteName, c: ConfigName, p: Preset | 'off') => cells.find((x) => x.suite === s && x.config === c && x.preset === p);
  for (const full of cells.filter((c) => c.config === 'full')) {
    if (full.preset === 'off') continue;
    const oracle = find(full.suite, 'oracle', 'off')?.successRate ?? Number.NaN;
    out.push({
      suite: full.suite,
      preset: full.preset,
      full: full.successRate,
      versus: (['no-ask', 'verify-retry', 'open-loop'] as const).map((c) => {
        const r = find(full.suite, c, full.preset)?.successRate ?? Number.NaN;
        return { config: c, rate: r, ratio: ratio(full.successRate, r), diff: diff(full.successRate, r) };
      }),
      oracle,
      gapToOracle: diff(oracle, full.successRate),
    });
  }
  return out;
}
