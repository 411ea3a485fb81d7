/** The benchmark's configurations: orca and its baselines, all on the same seeds. */
export const CONFIGS = ['open-loop', 'verify-retry', 'full', 'oracle'] as const;
export type ConfigName = (typeof CONFIGS)[number];
export const PRESETS = ['default', 'harsh'] as const;
export type Preset = (typeof PRESETS)[number];

export interface Ablation {
  trustExecutorDone: boolean;
  recovery: 'full' | 'retry_only' | 'none';
  asking: boolean;
}

/** OrchestratorConfig fields for one configuration (see src/app/config.ts `ablation`). */
export function configFor(name: ConfigName, preset: Preset): { faults: 'off' | Preset; ablation: Ablation } {
  switch (name) {
    case 'open-loop':
      return { faults: preset, ablation: { trustExecutorDone: true, recovery: 'none', asking: false } };
    case 'verify-retry':
      return { faults: preset, ablation: { trustExecutorDone: false, recovery: 'retry_only', asking: false } };
    case 'full':
      return { faults: preset, ablation: { trustExecutorDone: false, recovery: 'full', asking: true } };
    case 'oracle':
      // Faults off: the ceiling of the world and the planner; orca itself otherwise.
      return { faults: 'off', ablation: { trustExecutorDone: false, recovery: 'full', asking: true } };
  }
}

/** The (config, preset) cells a run measures: oracle has no fault level, so it runs once. */
export function cells(configs: readonly ConfigName[], presets: readonly Preset[]): { config: ConfigName; preset: Preset | 'off' }[] {
  const out: { config: ConfigName; preset: Preset | 'off' }[] = [];
  for (const c of configs) {
    if (c === 'oracle') out.push({ config: c, preset: 'off' });
    else for (const p of presets) out.push({ config: c, preset: p });
  }
  return out;
}
