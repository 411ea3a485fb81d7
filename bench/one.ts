/**
 * Runs chosen benchmark tasks alone, to look into one failure: npx tsx bench/one.ts <taskId>[,<taskId>...]
 * [--config full] [--preset default|harsh|off] [--seeds 1,2,3] [--verbose]
 */
import { CONFIGS } from './configs.js';
import type { ConfigName, Preset } from './configs.js';
import { findOrchestratorFactory, OrchestratorDriver } from './driver.js';
import { loadSuites } from './tasks.js';

const argv = process.argv.slice(2);
const val = (name: string): string | undefined => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const ids = (argv[0] ?? '').split(',').filter(Boolean);
const config = (val('--config') ?? 'full') as ConfigName;
if (!CONFIGS.includes(config)) throw new Error(`--config: one of ${CONFIGS.join(', ')}`);
const preset = (val('--preset') ?? (config === 'oracle' ? 'off' : 'default')) as Preset | 'off';
const seeds = (val('--seeds') ?? '1').split(',').map(Number);
const factory = await findOrchestratorFactory();
if (!factory) throw new Error('no orchestrator');
const driver = new OrchestratorDriver(factory);
let ok = 0;
let n = 0;
for (const suite of loadSuites()) {
  for (const task of suite.tasks) {
    if (ids.length > 0 && !ids.includes(task.id)) continue;
    for (const seed of seeds) {
      const r = await driver.run({ suite: suite.name, task, config, preset, seed });
      n++;
      if (r.score.success) ok++;
      const line = `${r.score.success ? 'ok  ' : 'FAIL'} ${task.id} seed ${seed} ${r.status}${r.reason ? ` (${r.reason})` : ''} clauses ${r.score.clausesMet}/${r.score.clauses} q=${r.user.questions} irr=${r.user.irrelevant} del=${r.user.delegations}`;
      console.log(argv.includes('--verbose') ? `${line}\n  ${JSON.stringify(r)}` : line);
    }
  }
}
console.log(`${ok}/${n} succeeded (${config} @ ${preset})`);
await driver.close();
