import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractReadmeBlock, latestResultsFile, README_BEGIN, README_END, readmeBlock, readResultsFile, replaceReadmeBlock, RESULTS_FILE_RE, resultsFileName } from '../../bench/provenance.js';
import type { ResultsFile } from '../../bench/provenance.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const cell = (config: string, preset: string, successRate: number | null, tasks = 50) => ({
  suite: 'household', config, preset, tasks, missions: tasks * 5, successRate, unnecessaryQuestionShare: 0.01, unambiguousMissions: 200,
  falseCompletions: config === 'full' ? { injected: 10, caught: 9, missed: 1, unjudged: 0 } : null,
});

function results(date: string, commit = 'abcdef0123456789abcdef0123456789abcdef01', dirty = false): ResultsFile {
  return {
    meta: { date, mode: 'full', commit, dirty, machine: { cpu: 'Test CPU', cores: 2, memGiB: 8, node: 'v20', platform: 'linux/x64' }, seedsCompleted: [1, 2, 3], wallSeconds: 600 },
    cells: [cell('full', 'default', 0.9), cell('open-loop', 'default', 0.4), cell('oracle', 'off', 1), cell('no-ask', 'default', null)],
    micro: { overhead: { overheadP99: 0.61 }, fleet: { sustained: 300 } },
  };
}

describe('results files', () => {
  it('are named by run date and short commit, marked when the tree was dirty, and match the committed pattern', () => {
    expect(resultsFileName(results('2026-12-08T01:02:03.000Z').meta)).toBe('2026-12-08-abcdef0.json');
    expect(resultsFileName(results('2026-12-08T01:02:03.000Z', 'abcdef0123', true).meta)).toBe('2026-12-08-abcdef0-dirty.json');
    expect(RESULTS_FILE_RE.test('2026-12-08-abcdef0-dirty.json')).toBe(true);
    for (const scratch of ['latest.json', 'quick.json', 'full.json', 'k.json']) expect(RESULTS_FILE_RE.test(scratch)).toBe(false);
  });
  it('the newest committed one is found by its run date, ignoring scratch files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-results-'));
    expect(latestResultsFile(dir)).toBeNull();
    writeFileSync(join(dir, '2026-12-08-aaaaaaa.json'), JSON.stringify(results('2026-12-08T01:00:00.000Z')));
    writeFileSync(join(dir, '2026-12-08-bbbbbbb.json'), JSON.stringify(results('2026-12-08T03:00:00.000Z')));
    writeFileSync(join(dir, 'latest.json'), JSON.stringify(results('2026-12-09T00:00:00.000Z')));
    expect(basename(latestResultsFile(dir) ?? '')).toBe('2026-12-08-bbbbbbb.json');
  });
  it('a file that is not a results file is refused with the field that is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orca-results-'));
    writeFileSync(join(dir, 'x.json'), JSON.stringify({ meta: { date: '2026-12-08' } }));
    expect(() => readResultsFile(join(dir, 'x.json'))).toThrow(/not a benchmark results file: meta\.mode/);
  });
});

describe('README block', () => {
  const readme = `# orca\n\ntext before\n\n${README_BEGIN}\nhand-typed 100 %\n${README_END}\n\ntext after\n`;
  it('is generated from the results file: its name, commit, tree state, rates with task counts', () => {
    const block = readmeBlock(results('2026-12-08T01:00:00.000Z', 'abcdef0123', true), '2026-12-08-abcdef0-dirty.json');
    expect(block).toContain('bench/results/2026-12-08-abcdef0-dirty.json');
    expect(block).toContain('`abcdef0`, working tree **dirty**');
    expect(block).toContain('| household | default | 90.0 % (50) | n/a (50) | 40.0 % (50) | 100.0 % (50) |');
    expect(block).toContain('9 of 10 caught, 1 accepted as done');
    expect(block).toContain('Robots sustained at 20 Hz in one process: 300');
  });
  it('reports wrong "success" verdicts under realistic faults, and how many fooled the verifier', () => {
    const r = results('2026-12-08T01:00:00.000Z');
    r.cells.push({ ...cell('full', 'realistic', 0.8), wrongSuccess: 3, verifierFooled: 1, reportedSuccess: 200 });
    const block = readmeBlock(r, '2026-12-08-abcdef0.json');
    expect(block).toContain('3 of 200 missions reported succeeded, 1 of them with the verifier fooled');
    expect(block).toContain('| household | realistic | 80.0 % (50) |');
    r.cells.push({ ...cell('full', 'realistic', 0.5, 24), suite: 'household-hard' }, { ...cell('oracle', 'off', 0.9, 24), suite: 'household-hard' });
    const withHard = readmeBlock(r, '2026-12-08-abcdef0.json');
    expect(withHard).toContain('| household-hard | realistic | 50.0 % (24) |');
    expect(withHard).not.toContain('| household-hard | default |');
  });
  it('replaces only the text between the markers, and refuses a README without exactly one pair', () => {
    const out = replaceReadmeBlock(readme, 'generated');
    expect(out).toBe(`# orca\n\ntext before\n\n${README_BEGIN}\ngenerated\n${README_END}\n\ntext after\n`);
    expect(extractReadmeBlock(out)).toBe('generated');
    expect(() => replaceReadmeBlock('# orca\n', 'x')).toThrow(/exactly one/);
    expect(() => replaceReadmeBlock(readme + README_BEGIN, 'x')).toThrow(/exactly one/);
    expect(extractReadmeBlock(`${README_END}\n${README_BEGIN}`)).toBeNull();
  });
  it("the committed README's block matches the newest committed results file", () => {
    const readmeText = readFileSync(join(root, 'README.md'), 'utf8');
    const block = extractReadmeBlock(readmeText);
    expect(block).not.toBeNull();
    const file = latestResultsFile(join(root, 'bench/results'));
    // Until the first full run is committed the block keeps its earlier text; from then on it is generated.
    if (file === null) return;
    expect(block).toBe(readmeBlock(readResultsFile(file), basename(file)).trim());
    expect(readFileSync(join(root, 'docs/benchmarks.md'), 'utf8')).toContain(`bench/results/${basename(file)}`);
  });
});
