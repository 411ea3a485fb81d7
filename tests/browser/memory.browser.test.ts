import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeOrchestrator } from '../../src/server/testing/fake-orchestrator.js';
import { HAVE_CHROMIUM, launch, openPage } from './harness.js';
import type { Served } from './harness.js';
import { serve } from './harness.js';

/** The page's memory panel over the real HTTP server and the fake orchestrator's site memory. */
describe.skipIf(!HAVE_CHROMIUM)('web page: the memory panel', () => {
  let browser: Browser;
  let orchestrator: FakeOrchestrator;
  let served: Served;
  let refId: string;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    orchestrator = new FakeOrchestrator();
    refId = orchestrator.memory.rememberReference({ site: 'home', person: 'alex', phrase: 'my mug', ids: ['mug_red'], label: 'the red mug', saidBy: 'alex', evidence: { missionId: 'm-0001', seq: 4 } }).entry.id;
    orchestrator.memory.recordFailure({ site: 'home', skill: 'pick', objectType: 'Mug', robot: 'rover' }, 'grasp_failed', { missionId: 'm-0002', seq: 9 });
    served = await serve(orchestrator);
  });
  afterEach(async () => {
    await served.close();
    await orchestrator.close();
  });

  it('lists entries with their evidence, edits a reference, refuses a bad edit, and forgets an entry', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.locator('#memory-panel summary').click();
    const entry = page.locator(`.memory-entry[data-id="${refId}"]`);
    await entry.waitFor();
    await expect(entry.textContent()).resolves.toMatch(/alex: "my mug" = the red mug \(mug_red\).*said by alex.*evidence m-0001 #4/);
    await expect(page.locator('.memory-entry[data-kind="failure_stats"]').textContent()).resolves.toMatch(/rover pick on Mug: 1 attempts, grasp_failed ×1/);

    await entry.getByText('Edit').click();
    await page.getByLabel('Things "my mug" means (ids, comma separated)').fill('mug_blue');
    await page.getByLabel('Description of what "my mug" means').fill('the blue mug');
    await entry.getByRole('button', { name: 'Save' }).click();
    await page.locator(`.memory-entry[data-id="${refId}"]`, { hasText: 'the blue mug (mug_blue)' }).waitFor();
    expect(orchestrator.memory.get(refId)).toMatchObject({ ids: ['mug_blue'], label: 'the blue mug' });

    const again = page.locator(`.memory-entry[data-id="${refId}"]`);
    await again.getByText('Edit').click();
    await page.getByLabel('Things "my mug" means (ids, comma separated)').fill(' , ');
    await again.getByRole('button', { name: 'Save' }).click();
    await page.locator('#memory-status', { hasText: 'Not changed' }).waitFor();
    expect(orchestrator.memory.get(refId)).toMatchObject({ ids: ['mug_blue'] });

    await page.getByRole('button', { name: `Forget ${refId}` }).click();
    await entry.waitFor({ state: 'detached' });
    expect(orchestrator.memory.get(refId)).toBeNull();
    expect(errors).toEqual([]);
  });
});
