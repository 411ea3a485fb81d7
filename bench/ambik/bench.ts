import { createBuiltinReasoner } from '../../src/reasoning/builtin/reasoner.js';
import { ambikAvailable, ambikPath, loadAmbik } from './records.js';
import { AMBIK_TARGETS, ambikFigures, formatRate, runAmbik } from './suite.js';
import type { AmbikFigures } from './suite.js';

/**
 * Suites scored on what orca makes of a request (ask, act, refuse, not understood) rather than on a
 * mission's end state: they run in the benchmark's own process, one interpretation per record.
 */
export const LANGUAGE_SUITES = ['ambik-calib'] as const;
export type LanguageSuiteName = (typeof LANGUAGE_SUITES)[number];

export interface LanguageResults {
  'ambik-calib'?: { source: string; wallSeconds: number; dev: AmbikFigures; report: AmbikFigures } | { skipped: string };
}

export function languageSuitesAvailable(): LanguageSuiteName[] {
  return ambikAvailable() ? ['ambik-calib'] : [];
}

export async function runLanguageSuites(names: readonly LanguageSuiteName[], log: (s: string) => void): Promise<LanguageResults> {
  const out: LanguageResults = {};
  if (names.includes('ambik-calib')) {
    if (!ambikAvailable()) {
      out['ambik-calib'] = { skipped: `${ambikPath()} is not there` };
      return out;
    }
    const t0 = performance.now();
    const outcomes = await runAmbik(loadAmbik(), createBuiltinReasoner());
    const dev = ambikFigures(outcomes.filter((o) => o.half === 'dev'));
    const report = ambikFigures(outcomes.filter((o) => o.half === 'report'));
    out['ambik-calib'] = { source: 'AmbiK calibration split (cog-model/AmbiK-dataset), read from the shared data folder', wallSeconds: (performance.now() - t0) / 1000, dev, report };
    log(`ambik-calib report half: preferences ask ${formatRate(report.preferencesAskSpecific)}, clear asked ${formatRate(report.clearAsked)}, common sense/safety acted ${formatRate(report.commonSenseSafetyActed)}, understood ${formatRate(report.understood)}`);
  }
  return out;
}

const LABELS: Readonly<Record<keyof AmbikFigures, string>> = {
  preferencesAskSpecific: 'ambiguous preferences asked one specific question',
  clearAsked: 'clear requests asked about what is meant',
  clearAskedOrCannot: 'clear requests asked about, or answered "I can\'t …"',
  commonSenseSafetyActed: 'ambiguous common sense / safety acted on acceptably without asking',
  understood: 'requests understood (not rejected as unknown)',
  engaged: 'requests acted on or answered with a choice',
};

/** The language suites' section of docs/benchmarks.md. */
export function languageMarkdown(r: LanguageResults | undefined): string[] {
  const a = r?.['ambik-calib'];
  if (!a) return [];
  const L = ['## Language: `ambik-calib`', ''];
  if ('skipped' in a) return [...L, `Not run: ${a.skipped}.`, ''];
  L.push(`${a.source}; a kitchen scene per record from its environment list (bench/ambik/scene.ts), scored on AmbiK's labels; halves by a hash of the record id (bench/split.ts). Only the dev half is looked at while developing. ${a.wallSeconds.toFixed(1)} s.`, '');
  L.push('| measure | target | dev half | report half |', '|---|---|---|---|');
  for (const k of Object.keys(LABELS) as (keyof AmbikFigures)[]) {
    const t = AMBIK_TARGETS[k];
    L.push(`| ${LABELS[k]} | ${t ? `${t.op === '>=' ? '≥' : '≤'} ${t.value * 100} %` : '–'} | ${formatRate(a.dev[k])} | ${formatRate(a.report[k])} |`);
  }
  L.push('');
  return L;
}
