import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { SiteMemory, openMemoryStore } from '../../agents/memory/index.js';
import { PG_URL, freshPgDatabase } from '../../tests/support/pg.js';
import { runCli } from './cli.js';
import { FakeOrchestrator } from './testing/fake-orchestrator.js';
import { captureIo, fakeDeps } from './testing/io.js';

const dir = mkdtempSync(join(tmpdir(), 'orca-memory-cli-'));
const deps = fakeDeps(new FakeOrchestrator());
let db: string;
let n = 0;
let refId: string;

/** The same commands on both databases: a SQLite file, or a PostgreSQL URL. */
const backends: [string, () => string][] = [['SQLite', () => join(dir, `orca-${++n}.sqlite`)], ...(PG_URL ? [['PostgreSQL', () => freshPgDatabase()] as [string, () => string]] : [])];

function seed(makeDb: () => string): void {
  db = makeDb();
  const store = openMemoryStore(db);
  const memory = new SiteMemory(store, () => '2026-01-02T03:04:05.000Z');
  refId = memory.rememberReference({ site: 'home', person: 'alex', phrase: 'my mug', ids: ['mug_red'], label: 'the red mug', saidBy: 'alex', evidence: { missionId: 'm-0001', seq: 4 } }).entry.id;
  memory.recordFailure({ site: 'home', skill: 'pick', objectType: 'Mug', robot: 'rover' }, 'grasp_failed', { missionId: 'm-0002', seq: 17 });
  store.close();
}
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function orca(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(['memory', ...argv, '--db', db], io, deps);
  return { code, out: io.out.join(''), err: io.err.join('') };
}

describe.each(backends)('orca memory on %s', (_name, makeDb) => {
  beforeEach(() => seed(makeDb));

  it('lists what is remembered with who said it, when it was confirmed and its evidence', async () => {
    const r = await orca();
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${refId}  [home] alex: "my mug" = the red mug (mug_red) — said by alex, confirmed 2026-01-02T03:04:05.000Z, evidence m-0001#4`);
    expect(r.out).toMatch(/rover pick on Mug: 1 attempts, failures grasp_failed ×1 — said by orca.*evidence m-0002#17/);
    const refs = await orca('list', '--kind', 'reference', '--json');
    expect(JSON.parse(refs.out)).toEqual([expect.objectContaining({ id: refId, phrase: 'my mug' })]);
  });

  it('edits and deletes an entry', async () => {
    const edited = await orca('edit', refId, '--ids', 'mug_blue', '--label', 'the blue mug');
    expect(edited.code).toBe(0);
    expect(edited.out).toContain('"my mug" = the blue mug (mug_blue)');
    expect((await orca('delete', refId)).out).toBe(`forgot ${refId}\n`);
    expect((await orca('show', refId)).code).toBe(2);
  });

  it('refuses bad input with exit code 2 and changes nothing', async () => {
    expect((await orca('edit', refId)).err).toMatch(/needs at least one/);
    expect((await orca('edit', refId, '--ids', ',')).code).toBe(2);
    expect((await orca('list', '--kind', 'mugs')).code).toBe(2);
    expect((await orca('forget', refId)).code).toBe(2);
    expect((await orca('show')).code).toBe(2);
    expect((await orca('show', refId)).out).toContain('"my mug" = the red mug');
    const missing = captureIo();
    expect(await runCli(['memory', '--db', join(dir, 'none.sqlite')], missing, deps)).toBe(2);
    expect(await runCli(['memory', '--db', 'postgres://orca:secret@localhost'], missing, deps)).toBe(2);
    expect(missing.err.join('')).not.toContain('secret');
  });
});
