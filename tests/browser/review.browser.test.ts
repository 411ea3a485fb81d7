import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CannedOrchestrator, missionView, request, subgoal } from './canned.js';
import { HAVE_CHROMIUM, launch, openPage, serve } from './harness.js';
import type { Served } from './harness.js';
import { boxOf, centre, inside, overlaps, shotPixels } from './pixels.js';

const isRed = ([r, g, b]: number[]) => (r ?? 0) > 150 && (g ?? 0) < 90 && (b ?? 0) < 90;
const isAmber = ([r, g, b]: number[]) => (r ?? 0) > 200 && (g ?? 0) > 140 && (b ?? 0) < 90;

/**
 * The inbox, the request cards, the plan's stale states and the phone layout, over the server's
 * fake orchestrator and missions given whole; each screenshot is read back and checked.
 */
describe.skipIf(!HAVE_CHROMIUM)('page review: inbox, cards, stale plan, phone width', () => {
  let browser: Browser;
  let orchestrator: CannedOrchestrator;
  let served: Served;

  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    orchestrator = new CannedOrchestrator();
    served = await serve(orchestrator);
  });
  afterEach(async () => {
    await served.close();
    await orchestrator.close();
  });

  it('lists every pending question across missions oldest first, counts them, and answers from the inbox', async () => {
    const first = await orchestrator.startMission({ instruction: 'bring me the cup', scene: 'home' });
    const second = await orchestrator.startMission({ instruction: 'wash the cup', scene: 'table' });
    const { page, errors } = await openPage(browser, served.url);
    await page.locator('#inbox-count[data-count="2"]').waitFor();
    expect(await page.title()).toBe('(2) orca');
    const items = page.locator('#inbox-list .inbox-item');
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-mission')))).toEqual([first.id, second.id]);
    await expect(items.first().textContent()).resolves.toContain('bring me the cup');

    const badge = await boxOf(page.locator('#inbox-count'));
    const inbox = await boxOf(page.locator('#inbox'));
    expect(inside(inbox, { x: 0, y: 0, width: 1500, height: 1000 })).toBe(true);
    const [badgeColour] = await shotPixels(page, 'review-inbox', [{ x: badge.x + 3, y: badge.y + badge.height / 2 }]);
    expect(isAmber(badgeColour ?? [])).toBe(true);

    // Answering here is answering inside the mission, without opening it.
    await items.first().getByRole('button', { name: 'the red cup' }).click();
    await page.locator('#inbox-count[data-count="1"]').waitFor();
    expect(await page.title()).toBe('(1) orca');
    expect(orchestrator.getMission(first.id)?.questions[0]?.answer).toBe('the red cup');
    expect(page.url()).not.toContain('#/missions/');
    await expect(items.evaluateAll((els) => els.map((e) => e.getAttribute('data-mission')))).resolves.toEqual([second.id]);

    // Opening the mission: its card is in the chat, and the inbox only points to it.
    await items.first().getByRole('button', { name: 'wash the cup' }).click();
    await page.locator(`#inbox-list .inbox-item[data-open="true"][data-mission="${second.id}"]`).waitFor();
    await expect(page.locator('.request').count()).resolves.toBe(1);
    await expect(page.locator('#requests .request').count()).resolves.toBe(1);
    await page.locator('#requests').getByRole('button', { name: 'the blue cup' }).click();
    await page.locator('#inbox-count[data-count="0"]').waitFor();
    expect(await page.title()).toBe('orca');
    await page.locator('#inbox-empty').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows a delegation\'s own two choices once, and a question without meaningless OK / Skip', async () => {
    orchestrator.add(
      missionView('m-deleg', {
        status: 'awaiting_human',
        subgoals: [subgoal('v1-place', 'delegated', [], { robot: 'person:ada' })],
        pending: [request('m-deleg', { kind: 'delegation', question: 'ada, could you put the mug in the sink, then press done?', options: ['Done', 'I could not do it'], allowed: ['respond', 'accept', 'ignore'], assignedTo: 'ada', subgoalId: 'v1-place' })],
      }),
    );
    orchestrator.add(
      missionView('m-ask', {
        status: 'awaiting_human',
        createdAt: '2026-01-01T12:01:00.000Z',
        pending: [request('m-ask', { kind: 'clarification', question: 'Which mug — the red one or the blue one?', options: ['the red one', 'the blue one'], allowed: ['respond', 'accept', 'ignore'], createdAt: '2026-01-01T12:01:00.000Z' })],
      }),
    );
    const { page, errors } = await openPage(browser, `${served.url}/#/missions/m-deleg`);
    const card = page.locator('#requests .request[data-kind="delegation"]');
    await card.waitFor();
    expect(await card.locator('.options button').allTextContents()).toEqual(['Done', 'I could not do it']);
    const question = page.locator('#inbox-list .request[data-kind="clarification"]');
    expect(await question.locator('.options button').allTextContents()).toEqual(['the red one', 'the blue one']);
    await expect(question.getByRole('button', { name: /^(OK|Skip)$/ }).count()).resolves.toBe(0);
    // Each choice drawn once, inside its card, side by side: no second "Done".
    const cardBox = await boxOf(card);
    const [doneBox, couldNotBox] = [await boxOf(card.locator('.options button').nth(0)), await boxOf(card.locator('.options button').nth(1))];
    expect(inside(doneBox, cardBox) && inside(couldNotBox, cardBox)).toBe(true);
    expect(overlaps(doneBox, couldNotBox)).toBe(false);
    const [doneColour, cardColour] = await shotPixels(page, 'review-cards', [{ x: doneBox.x + 2, y: doneBox.y + doneBox.height / 2 }, { x: cardBox.x + cardBox.width - 4, y: cardBox.y + cardBox.height - 4 }]);
    expect(doneColour).not.toEqual(cardColour);
    expect(errors).toEqual([]);
  });

  it('says an empty replan had nothing left to do, and draws a failed mission\'s failed step in red', async () => {
    orchestrator.add(missionView('m-corrected', { status: 'succeeded', reason: 'the mug is in the sink', planVersion: 2, subgoals: [] }));
    orchestrator.add(
      missionView('m-failed', {
        status: 'failed',
        reason: 'pick (pick_mug) failed with grasp_failed and nobody could do it',
        subgoals: [subgoal('v1-navigate', 'succeeded'), subgoal('v1-pick', 'failed', ['v1-navigate'], { attempts: 3, failureCodes: ['grasp_failed'] }), subgoal('v1-place', 'cancelled', ['v1-pick'])],
      }),
    );
    const { page, errors } = await openPage(browser, `${served.url}/#/missions/m-corrected`);
    await page.locator('#mission-status[data-status="succeeded"]').waitFor();
    await expect(page.locator('#plan').textContent()).resolves.toContain('Plan v2 had no steps left to do.');
    await expect(page.locator('#plan').textContent()).resolves.not.toContain('No plan yet');

    await page.goto(`${served.url}/#/missions/m-failed`);
    await page.locator('#mission-status[data-status="failed"]').waitFor();
    const failed = page.locator('#plan .node[data-subgoal="v1-pick"]');
    await expect(failed.getAttribute('data-status')).resolves.toBe('failed');
    await expect(page.locator('#plan .plan-outcome').textContent()).resolves.toMatch(/^failed: pick/);
    const rect = await boxOf(failed.locator('rect'));
    await page.locator('#plan').scrollIntoViewIfNeeded();
    const again = await boxOf(failed.locator('rect'));
    const [stroke] = await shotPixels(page, 'review-failed-plan', [{ x: again.x + 1, y: again.y + again.height / 2 }]);
    expect(rect.width).toBeGreaterThan(100);
    expect(isRed(stroke ?? [])).toBe(true);
    expect(errors).toEqual([]);
  });

  it('hides the scene selector while a mission is live, and shows it again once it ended', async () => {
    const { page, errors } = await openPage(browser, served.url);
    await expect(page.locator('#scene-select').isVisible()).resolves.toBe(true);
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('#requests .request').waitFor();
    await expect(page.locator('#scene-row').boundingBox()).resolves.toBeNull();
    const composer = await boxOf(page.locator('#composer'));
    await shotPixels(page, 'review-live-composer', [centre(composer)]);
    await expect(page.getByText('Scene', { exact: true }).isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('#mission-status[data-status="cancelled"]').waitFor();
    await expect(page.locator('#scene-select').isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('keeps every header control on screen and usable at 390 px wide', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(served.url);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.getByLabel('Instruction for a new mission').fill('bring me the cup');
    await page.getByRole('button', { name: 'Start mission' }).click();
    await page.locator('#requests .request').waitFor();
    const screen = { x: 0, y: 0, width: 390, height: 844 };
    const controls = ['#estop', '#btn-pause', '#btn-resume', '#btn-cancel', '.token summary', '#inbox-link'];
    for (const sel of controls) expect(inside(await boxOf(page.locator(sel)), screen), sel).toBe(true);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // On top, not covered: the point at each control's centre is the control.
    for (const sel of controls) {
      const c = centre(await boxOf(page.locator(sel)));
      expect(await page.evaluate(`document.elementFromPoint(${c.x}, ${c.y})?.closest(${JSON.stringify(sel)}) !== null`), sel).toBe(true);
    }
    const estopBox = await boxOf(page.locator('#estop'));
    // Just inside the white border, left of the label: the button's own red.
    const [estop] = await shotPixels(page, 'review-phone', [{ x: estopBox.x + 5, y: estopBox.y + estopBox.height / 2 }]);
    expect(isRed(estop ?? [])).toBe(true);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('#mission-status[data-status="paused"]').waitFor();
    await page.locator('.token summary').click();
    expect(inside(await boxOf(page.locator('#token-form')), screen)).toBe(true);
    await context.close();
  });
});
