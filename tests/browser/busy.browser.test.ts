import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { FakeOrchestrator } from '../../src/server/testing/fake-orchestrator.js';
import { HAVE_CHROMIUM, launch, openPage, screenshot, serve } from './harness.js';
import type { Served } from './harness.js';

/**
 * A start refused because a mission waiting for an answer holds the robots: the page offers to
 * queue the new mission or to cancel the waiting one, instead of naming an API flag.
 */
describe.skipIf(!HAVE_CHROMIUM)('web page: robots busy with a waiting mission', () => {
  let browser: Browser;
  let orchestrator: FakeOrchestrator;
  let served: Served;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    orchestrator = new FakeOrchestrator();
    served = await serve(orchestrator);
  });
  afterEach(async () => {
    await served.close();
    await orchestrator.close();
  });

  /** The one-robot table scene: a mission that asks which cup holds its arm until answered. */
  async function refusedStart(): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openPage(browser, served.url);
    await page.selectOption('#scene-select', 'table');
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('.request[data-kind="clarification"]').waitFor();
    await page.getByRole('button', { name: 'New mission' }).click();
    await page.selectOption('#scene-select', 'table');
    await page.getByLabel('Instruction for a new mission').fill('wipe the table');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('#busy-offer:not([hidden])').waitFor();
    return { page, errors };
  }

  it('says which mission holds the robots and what it waits for, and queues the new one on request', async () => {
    const { page, errors } = await refusedStart();
    const offer = page.locator('#busy-offer');
    await expect(offer.locator('.q').textContent()).resolves.toBe('The robots of table are busy with mission m-1 (“bring me the cup”), which waits for an answer to “Which cup do you mean?”.');
    expect(await page.locator('body').textContent()).not.toContain('whenBusy');
    await expect(page.locator('#toast').isHidden()).resolves.toBe(true);
    await screenshot(page, 'busy-offer', '.chat');
    await offer.getByRole('button', { name: 'Queue it after m-1' }).click();
    await page.locator('#mission-list button[data-mission="m-2"][aria-current="true"]').waitFor();
    expect(orchestrator.started.at(-1)).toMatchObject({ instruction: 'wipe the table', scene: 'table', whenBusy: 'queue' });
    expect(orchestrator.getMission('m-2')?.reason).toMatch(/queued/);
    expect(orchestrator.getMission('m-1')?.status).toBe('awaiting_human');
    await expect(offer.isHidden()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('cancels the waiting mission and starts the new one on request', async () => {
    const { page, errors } = await refusedStart();
    await page.locator('#busy-offer').getByRole('button', { name: 'Cancel m-1 and start this one' }).click();
    await page.locator('#mission-list button[data-mission="m-2"][aria-current="true"]').waitFor();
    await page.locator('#mission-status[data-status="succeeded"]').waitFor();
    expect(orchestrator.getMission('m-1')).toMatchObject({ status: 'cancelled', reason: 'cancelled from the page to free the robots for a new mission' });
    expect(orchestrator.started.at(-1)).toMatchObject({ instruction: 'wipe the table', scene: 'table' });
    expect(orchestrator.started.at(-1)?.whenBusy).toBeUndefined();
    await expect(page.locator('#busy-offer').isHidden()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('web page: robots busy, over the real orchestrator', () => {
  let browser: Browser;
  let orchestrator: Orchestrator;
  let served: Served;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    orchestrator = await createOrchestrator({ db: ':memory:', clock: 'fast', faults: 'off', seed: 1 });
    served = await serve(orchestrator);
  });
  afterEach(async () => {
    await served.close();
    await orchestrator.close();
  });

  it('names the waiting mission and its question, and cancelling it lets the new mission run', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.getByLabel('Instruction for a new mission').fill('bring me the mug');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('.request[data-kind="clarification"]').waitFor();
    const question = orchestrator.pendingRequests('m-0001')[0]!.question;
    await page.getByRole('button', { name: 'New mission' }).click();
    await page.getByLabel('Instruction for a new mission').fill('put the potato on the dining table');
    await page.getByRole('button', { name: 'Start mission' }).click();
    const offer = page.locator('#busy-offer:not([hidden])');
    await offer.waitFor();
    await expect(offer.locator('.q').textContent()).resolves.toBe(`The robots of home are busy with mission m-0001 (“bring me the mug”), which waits for an answer to “${question}”.`);
    await offer.getByRole('button', { name: 'Cancel m-0001 and start this one' }).click();
    await page.locator('#mission-list button[data-mission="m-0002"][aria-current="true"]').waitFor();
    await page.locator('#mission-status[data-status="succeeded"]').waitFor({ timeout: 30_000 });
    expect(orchestrator.getMission('m-0001')).toMatchObject({ status: 'cancelled', reason: 'cancelled from the page to free the robots for a new mission' });
    expect(errors).toEqual([]);
  });
});
