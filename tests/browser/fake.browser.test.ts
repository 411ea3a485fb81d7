import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RobotView } from '../../agents/orchestrator/types.js';
import { FakeOrchestrator } from '../../src/server/testing/fake-orchestrator.js';
import { HAVE_CHROMIUM, launch, openPage, screenshot, serve } from './harness.js';
import type { Served } from './harness.js';

/**
 * The page against the real HTTP server over the server's in-memory fake orchestrator: wiring of
 * chat, requests, plan graph, trace review, e-stop, reload and tokens, independent of the planner.
 */
describe.skipIf(!HAVE_CHROMIUM)('web page over the fake orchestrator', () => {
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

  it('asks which cup, takes the clicked option, shows the plan succeed and the verdicts in the trace', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    const question = page.locator('.request[data-kind="clarification"]');
    await expect(question.locator('.q').textContent()).resolves.toBe('Which cup do you mean?');
    expect(page.url()).toMatch(/#\/missions\/m-1$/);
    await question.getByRole('button', { name: 'the red cup' }).click();
    await page.locator('#mission-status[data-status="succeeded"]').waitFor();
    await expect(page.locator('.request').count()).resolves.toBe(0);
    const nodes = page.locator('#plan .node');
    await expect(nodes.count()).resolves.toBe(2);
    expect(await nodes.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['succeeded', 'succeeded']);
    // The answer reached the orchestrator as the option's text.
    expect(orchestrator.getMission('m-1')?.questions[0]?.answer).toBe('the red cup');
    await page.locator('#timeline .ev[data-kind="outcome"]').waitFor();
    await expect(page.locator('#timeline .ev[data-kind="verdict"]').count()).resolves.toBe(2);
    await page.selectOption('#trace-kind', 'verdict');
    await expect.poll(() => page.locator('#timeline .ev:not([data-kind="verdict"])').count()).toBe(0);
    await expect(page.locator('#timeline .ev').count()).resolves.toBe(2);
    await page.selectOption('#trace-subgoal', 's2');
    await page.locator('#timeline[data-count="1"]').waitFor();
    expect(await page.locator('#export-json').getAttribute('href')).toBe('/api/missions/m-1/trace/export?format=json');
    expect(await page.locator('#export-mcap').getAttribute('href')).toBe('/api/missions/m-1/trace/export?format=mcap');
    await screenshot(page, 'fake-mission-succeeded');
    expect(errors).toEqual([]);
  });

  it('sends the lines after the first as step-by-step directions of a new mission', async () => {
    const { page, errors } = await openPage(browser, served.url);
    const input = page.getByLabel('Instruction for a new mission');
    await input.fill('bring me the cup');
    await input.press('Shift+Enter');
    await input.pressSequentially('1. Pick up the red cup');
    await input.press('Shift+Enter');
    await input.pressSequentially('2. Bring it to me');
    await input.press('Enter');
    await page.locator('.request').waitFor();
    expect(orchestrator.started.at(-1)).toMatchObject({ instruction: 'bring me the cup', steps: ['Pick up the red cup', 'Bring it to me'] });
    expect(errors).toEqual([]);
  });

  it('e-stops from the button and from Escape twice, shows it, and releases', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.keyboard.press('Enter');
    await page.locator('.request').waitFor();
    await page.getByRole('button', { name: 'E-STOP' }).click();
    await page.locator('body[data-estop="latched"]').waitFor();
    expect(orchestrator.estopLatched).toBe(true);
    const robots = (await (await fetch(`${served.url}/api/robots`)).json()) as RobotView[];
    expect(robots.length).toBeGreaterThan(0);
    expect(robots.every((r) => r.estopped)).toBe(true);
    await page.locator('#robots li[data-estopped="true"]').first().waitFor();
    await page.getByRole('button', { name: 'Release e-stop' }).click();
    await page.locator('body[data-estop="clear"]').waitFor();
    expect(orchestrator.estopLatched).toBe(false);
    await page.locator('#composer-input').focus();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('body[data-estop="latched"]').waitFor();
    expect(orchestrator.estopLatched).toBe(true);
    expect(errors).toEqual([]);
  });

  it('reopens the open mission after a reload and stays live', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('.request').waitFor();
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('.request[data-kind="clarification"]').waitFor();
    await expect(page.locator('#mission-status').textContent()).resolves.toBe('awaiting_human');
    // Live again: an answer given elsewhere (the API) shows up without another reload.
    const pending = orchestrator.pendingRequests('m-1')[0];
    expect(pending).toBeDefined();
    await orchestrator.answer('m-1', pending!.id, { type: 'respond', text: 'the blue cup' });
    await page.locator('#mission-status[data-status="succeeded"]').waitFor();
    await page.locator('#mission-list button[data-mission="m-1"][aria-current="true"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('sends chat messages to a running mission and pauses, resumes and cancels it', async () => {
    const { page } = await openPage(browser, served.url);
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('.request').waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#mission-status[data-status="paused"]').waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#mission-status[data-status="cancelled"]').waitFor();
    // A second mission: a free-text chat answer goes through sendMessage.
    await page.getByRole('button', { name: 'New mission' }).click();
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('.request').waitFor();
    await page.getByLabel(/Message to orca/).fill('the green cup');
    await page.getByRole('button', { name: 'Send', exact: true }).last().click();
    await page.locator('.msg[data-from="orca"]', { hasText: 'going with the green cup' }).waitFor();
    await page.locator('#mission-status[data-status="succeeded"]').waitFor();
    await expect(page.locator('#mission-list li').count()).resolves.toBe(2);
  });

  it('resets the world after a confirmation, and shows the refusal while a mission is on the scene', async () => {
    const { page, errors } = await openPage(browser, served.url);
    const reset = page.getByRole('button', { name: 'Reset world' });
    const status = page.locator('#world-reset-status');
    // Declining the confirmation sends nothing.
    page.once('dialog', (d) => void d.dismiss());
    await reset.click();
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('.request').waitFor();
    expect(orchestrator.resets).toEqual([]);

    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      void d.accept();
    });
    await reset.click();
    await page.locator('#world-reset-status[data-state="refused"]').waitFor();
    expect(asked).toMatch(/Reset the simulated world of "home"\?/);
    await expect(status.textContent()).resolves.toMatch(/mission m-1 on home is awaiting_human; cancel it or let it end/);
    expect(orchestrator.resets).toEqual([]);

    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#mission-status[data-status="cancelled"]').waitFor();
    page.once('dialog', (d) => void d.accept());
    await reset.click();
    await page.locator('#world-reset-status[data-state="done"]').waitFor();
    await expect(status.textContent()).resolves.toBe('The world of home is back to its scene file.');
    expect(orchestrator.resets).toEqual(['home']);
    expect(errors).toEqual([]);
  });

  it('works with a bearer token kept in the session', async () => {
    await served.close();
    served = await serve(orchestrator, [{ token: 'secret-token-1', role: 'operator' }]);
    const { page } = await openPage(browser, served.url);
    await page.locator('#toast').waitFor();
    await page.locator('.token summary').click();
    await page.getByLabel(/API token/).fill('secret-token-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('#conn[data-state="live"]').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('orca.token')")).toBe('secret-token-1');
    await page.getByLabel('Instruction for a new mission').fill('tidy up');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('#mission-status[data-status="succeeded"]').waitFor();
  });
});
