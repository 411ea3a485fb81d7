/** The benchmark's configurations: orca and its ablations, all on the same seeds. */
export const CONFIGS = ['open-loop', 'verify-retry', 'no-ask', 'full', 'oracle'] as const;
export type ConfigName = (typeof CONFIGS)[number];
export const PRESETS = ['default', 'harsh', 'realistic'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Ablation {
  trustExecutorDone: boolean;
  recovery: 'full' | 'retry_only' | 'none';
  asking: boolean;
}

const FULL: Ablation = { trustExecutorDone: false, recovery: 'full', asking: true };

/**
 * Each configuration differs from `full` in what its note says and nothing else, so a gap between
 * it and `full` measures that one part. Asking stays on except in `no-ask`: a baseline that also
 * guessed ambiguous instructions would charge the guesses to recovery.
 */
export const CONFIG_SPECS: Record<ConfigName, { ablation: Ablation; faultsOff: boolean; switchesOff: string }> = {
  'open-loop': {
    ablation: { ...FULL, trustExecutorDone: true, recovery: 'none' },
    faultsOff: false,
    switchesOff: 'verification and recovery: trusts the executor\'s "done" and gives up at the first failure (asks when unsure, like full)',
  },
  'verify-retry': {
    ablation: { ...FULL, recovery: 'retry_only' },
    faultsOff: false,
    switchesOff: 'reflection and replanning: the temporal verifier judges every step, a failed step is retried as is while the retry budget lasts (asks when unsure, like full)',
  },
  'no-ask': {
    ablation: { ...FULL, asking: false },
    faultsOff: false,
    switchesOff: 'clarification: an ambiguous instruction takes its first candidate reading instead of asking (verifier and recovery as in full)',
  },
  full: { ablation: FULL, faultsOff: false, switchesOff: 'nothing: orca as shipped' },
  oracle: { ablation: FULL, faultsOff: true, switchesOff: 'the injected faults: orca as in full on a world whose policies never fail (the ceiling of the world and the planner)' },
};

/** OrchestratorConfig fields for one configuration (see src/app/config.ts `ablation`). */
export function configFor(name: ConfigName, preset: Preset): { faults: 'off' | Preset; ablation: Ablation } {
  const spec = CONFIG_SPECS[name];
  return { faults: spec.faultsOff ? 'off' : preset, ablation: { ...spec.ablation } };
}

/** The (config, preset) cells a run measures: oracle has no fault level, so it runs once. */
export function cells(configs: readonly ConfigName[], presets: readonly Preset[]): { config: ConfigName; preset: Preset | 'off' }[] {
  const out: { config: ConfigName; preset: Preset | 'off' }[] = [];
  for (const c of configs) {
    if (CONFIG_SPECS[c].faultsOff) out.push({ config: c, preset: 'off' });
    else for (const p of presets) out.push({ config: c, preset: p });
  }
  return out;
}
