import { CONFIGS, PRESETS } from './configs.js';
import type { ConfigName, Preset } from './configs.js';
import { LANGUAGE_SUITES, languageSuitesAvailable } from './ambik/bench.js';
import type { LanguageSuiteName } from './ambik/bench.js';
import { REPEAT_SUITE } from './repeat/suite.js';
import type { SuiteName } from './schema.js';
import { DEFAULT_SUITES, SUITES } from './schema.js';

/** Command-line options of `npm run bench`. */
export interface Options {
  quick: boolean;
  seeds: number[];
  suites: SuiteName[];
  /** Suites scored on interpretations alone, run in this process (`ambik-calib`). */
  languageSuites: LanguageSuiteName[];
  /** The `repeat` suite (memory on and off over sequences of missions), run in this process. */
  repeat: boolean;
  configs: ConfigName[];
  presets: Preset[];
  workers: number;
  missionBudgetS: number;
  micro: boolean;
  /** Full runs only: a quick run never touches the committed docs. */
  writeDocs: boolean;
  /** Write only bench/results/<tag>.json (trial runs that must not replace latest.json or full.json). */
  tag: string | null;
  /**
   * The `networked` configuration (household tasks through an orca sim-robot process, in real time):
   * `sample` runs one task and a short latency sample (quick runs), `all` every household task on the
   * first seed, `off` skips it (`--networked off|sample|all`).
   */
  networked: 'off' | 'sample' | 'all';
}

export function parseArgs(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const val = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  const list = <T extends string>(name: string, all: readonly T[], dflt: readonly T[]): T[] => {
    const v = val(name);
    if (!v) return [...dflt];
    const xs = v.split(',').map((s) => s.trim()) as T[];
    for (const x of xs) if (!all.includes(x)) throw new Error(`${name}: unknown "${x}" (one of ${all.join(', ')})`);
    return xs;
  };
  const nSeeds = Number(val('--seeds') ?? (quick ? 1 : 5));
  const chosen = list<SuiteName | LanguageSuiteName | typeof REPEAT_SUITE>('--suites', [...SUITES, ...LANGUAGE_SUITES, REPEAT_SUITE], [...DEFAULT_SUITES, ...languageSuitesAvailable(), REPEAT_SUITE]);
  return {
    quick,
    seeds: Array.from({ length: nSeeds }, (_, i) => i + 1),
    suites: chosen.filter((s): s is SuiteName => (SUITES as readonly string[]).includes(s)),
    languageSuites: chosen.filter((s): s is LanguageSuiteName => (LANGUAGE_SUITES as readonly string[]).includes(s)),
    repeat: chosen.includes(REPEAT_SUITE),
    configs: list('--configs', CONFIGS, CONFIGS),
    presets: list('--presets', PRESETS, quick ? ['default'] : PRESETS),
    workers: Math.max(1, Number(val('--workers') ?? 2)),
    missionBudgetS: Number(val('--budget') ?? (quick ? 35 : 690)),
    micro: !argv.includes('--no-micro'),
    writeDocs: !quick && !argv.includes('--no-docs'),
    tag: val('--tag') ?? null,
    networked: networkedMode(val('--networked'), quick),
  };
}


function networkedMode(v: string | undefined, quick: boolean): Options['networked'] {
  if (v === undefined) return quick ? 'sample' : 'all';
  if (v === 'off' || v === 'sample' || v === 'all') return v;
  throw new Error(`--networked: unknown "${v}" (one of off, sample, all)`);
}
