/** Small statistics for the report: all pure, all total on empty input. */

/** Nearest-rank percentile (p in [0, 100]); NaN for no samples. */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile out of range: ${p}`);
  const s = [...xs].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1]!;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}

export function rate(hits: number, n: number): number {
  return n === 0 ? Number.NaN : hits / n;
}

/** a / b, NaN when b is 0 or either is not a number (never Infinity in a report). */
export function ratio(a: number, b: number): number {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return Number.NaN;
  return a / b;
}

export function diff(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) ? a - b : Number.NaN;
}

/** Wilson score interval for a success rate (95 %): honest error bars for small task counts. */
export function wilson(hits: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [Number.NaN, Number.NaN];
  const p = hits / n;
  const d = 1 + (z * z) / n;
  const c = p + (z * z) / (2 * n);
  const m = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, (c - m) / d), Math.min(1, (c + m) / d)];
}

/**
 * A success rate over tasks with seeds nested inside them. Seeds of one task share its instruction,
 * scene and plan, so they are not independent samples of the task population: each task's rate is
 * first averaged over its seeds, the rate is the mean of those per-task rates, and the interval is a
 * Wilson score interval with n = the number of tasks. A per-task rate lies in [0, 1] with mean p, so
 * its variance is at most p(1 − p): the interval is never narrower than what the spread of the
 * per-task rates supports (exact when every task either always or never succeeds), and unlike a
 * percentile bootstrap over tasks it keeps a width when every task succeeds on every seed.
 */
export function taskLevelRate(outcomes: readonly { task: string; success: boolean }[], z = 1.96): {
  rate: number;
  ci: [number, number];
  tasks: number;
  /** How many tasks succeeded on every seed, on some, on none. */
  distribution: { all: number; some: number; none: number };
} {
  const byTask = new Map<string, { ok: number; n: number }>();
  for (const o of outcomes) {
    const t = byTask.get(o.task) ?? { ok: 0, n: 0 };
    byTask.set(o.task, { ok: t.ok + (o.success ? 1 : 0), n: t.n + 1 });
  }
  const rates = [...byTask.values()].map((t) => t.ok / t.n);
  const rate = mean(rates);
  const distribution = { all: rates.filter((r) => r === 1).length, some: rates.filter((r) => r > 0 && r < 1).length, none: rates.filter((r) => r === 0).length };
  return { rate, ci: wilson(rate * rates.length, rates.length, z), tasks: rates.length, distribution };
}

/** Counts of each key. */
export function tally(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

export function fmt(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)} %` : 'n/a';
}
