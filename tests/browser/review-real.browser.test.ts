import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { HAVE_CHROMIUM, launch, serve, watchErrors } from './harness.js';
import type { Served } from './harness.js';
import { boxOf, inside, overlaps, shotPixels } from './pixels.js';
import type { Box } from './pixels.js';

/** Runs a mission to its end on the fast clock, answering each request with its first option. */
async function runToEnd(o: Orchestrator, instruction: string): Promise<MissionView> {
  let m = await o.startMission({ instruction });
  for (let round = 0; round < 20 && !['succeeded', 'failed', 'cancelled'].includes(m.status); round++) {
    m = await o.settled(m.id);
    for (const r of o.pendingRequests(m.id)) await o.answer(m.id, r.id, r.options[0] ? { type: 'respond', text: r.options[0] } : { type: 'accept' });
  }
  return m;
}

async function open(browser: Browser, url: string, viewport = { width: 1440, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = watchErrors(page);
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor();
  return { page, errors };
}

/**
 * A finished mission of the real orchestrator, with faults, so its trace holds false completions,
 * reflections and a delegation: the map, the plan and the trace as a reviewer reads them.
 */
describe.skipIf(!HAVE_CHROMIUM)('page review of a finished real mission', () => {
  let browser: Browser;
  let orchestrator: Orchestrator;
  let served: Served;
  let mission: MissionView;

  beforeAll(async () => {
    orchestrator = await createOrchestrator({ db: ':memory:', clock: 'fast', faults: 'harsh', seed: 2, persistWorld: false });
    mission = await runToEnd(orchestrator, 'put a washed mug in the cabinet, then bring me the egg');
    served = await serve(orchestrator);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await orchestrator?.close();
  });

  it('draws map labels readable at 1440×900', async () => {
    expect(mission.status).toBe('succeeded');
    const { page, errors } = await open(browser, `${served.url}/#/missions/${mission.id}`);
    await page.locator('#map svg text').first().waitFor();
    const heights = await page.locator('#map svg text').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    expect(heights.length).toBeGreaterThan(10);
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(10);
    const label = await boxOf(page.locator('#map svg g.robot text, #map svg text').first());
    // The label's glyphs are dark on the white halo: some pixel across its middle is ink.
    const across = Array.from({ length: 12 }, (_, i) => ({ x: label.x + (label.width * (i + 0.5)) / 12, y: label.y + label.height * 0.6 }));
    await page.locator('#map').scrollIntoViewIfNeeded();
    const shifted = await boxOf(page.locator('#map svg g.robot text, #map svg text').first());
    const colours = await shotPixels(page, 'review-real-map', across.map((p) => ({ x: p.x - label.x + shifted.x, y: p.y - label.y + shifted.y })));
    expect(colours.some(([r, g, b]) => r + g + b < 450)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('fits a long plan into its box, wrapped, with no two steps overlapping', async () => {
    const { page, errors } = await open(browser, `${served.url}/#/missions/${mission.id}`);
    const nodes = page.locator('#plan .node');
    await nodes.first().waitFor();
    expect(await nodes.count()).toBeGreaterThanOrEqual(14);
    const box = await boxOf(page.locator('#plan'));
    const rects: Box[] = [];
    for (let i = 0; i < (await nodes.count()); i++) rects.push(await boxOf(nodes.nth(i).locator('rect')));
    for (const r of rects) expect(r.x >= box.x - 0.5 && r.x + r.width <= box.x + box.width + 0.5).toBe(true);
    for (const [i, a] of rects.entries()) for (const b of rects.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    // The step centred, so the sticky header does not cover the pixel read (a wrapped plan can be taller than the screen).
    await nodes.first().evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const first = await boxOf(nodes.first().locator('rect'));
    const [stroke] = await shotPixels(page, 'review-real-plan', [{ x: first.x + 1, y: first.y + first.height / 2 }]);
    // A succeeded step is drawn green.
    expect(stroke![1]).toBeGreaterThan(stroke![0] + 30);
    expect(errors).toEqual([]);
  });

  it('reads as sentences: reasons first, no raw numbers or JSON, one row per reflection, times from the start', async () => {
    const { page, errors } = await open(browser, `${served.url}/#/missions/${mission.id}`);
    await page.locator('#timeline .ev[data-kind="outcome"]').first().waitFor();
    const rows = page.locator('#timeline .ev:not([hidden])');
    const texts = await rows.locator('.text').allTextContents();
    for (const t of texts) {
      expect(t).not.toMatch(/^[[{"]/);
      expect(t).not.toMatch(/\d+\.\d{6,}/);
      expect(t).not.toMatch(/\b(\w+) \(\1\)/);
    }
    const verdicts = await page.locator('#timeline .ev[data-kind="verdict"][data-verdict="false_completion"] .text').allTextContents();
    expect(verdicts.length).toBeGreaterThan(0);
    for (const v of verdicts) expect(v).toMatch(/^not done though the robot said so/);
    const reflections = await page.locator('#timeline .ev[data-kind="reflection"]:not([hidden]) .text').allTextContents();
    expect(reflections.length).toBeGreaterThan(0);
    for (const r of reflections) expect(r).toMatch(/^.+ → .+/);
    await expect(page.locator('#timeline .ev[data-kind="goal"]:not([hidden]) .text').first().textContent()).resolves.toMatch(/^(goal: |look for )/);
    await expect(page.locator('#timeline .ev[data-kind="allocation"] .text').first().textContent()).resolves.toMatch(/^rover does \d+ steps?/);
    await expect(page.locator('#timeline .ev .t').first().textContent()).resolves.toMatch(/^0\.0 s/);
    const times = await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]! - 1e-6)).toBe(true);
    const list = await boxOf(page.locator('#timeline'));
    await page.locator('#timeline').scrollIntoViewIfNeeded();
    const listNow = await boxOf(page.locator('#timeline'));
    const [bg] = await shotPixels(page, 'review-real-trace', [{ x: listNow.x + listNow.width - 6, y: listNow.y + 6 }]);
    expect(list.width).toBeGreaterThan(600);
    expect(bg![0] + bg![1] + bg![2]).toBeGreaterThan(600);
    expect(errors).toEqual([]);
  });

  it('searches the trace, narrows it to a time range and links to one event', async () => {
    const { page, errors } = await open(browser, `${served.url}/#/missions/${mission.id}`);
    await page.locator('#timeline .ev[data-kind="outcome"]').first().waitFor();
    const total = await page.locator('#timeline .ev:not([hidden])').count();
    await page.locator('#trace-search').fill('fridge');
    const found = page.locator('#timeline .ev:not([hidden])');
    await expect.poll(() => found.count()).toBeLessThan(total);
    expect(await found.count()).toBeGreaterThan(0);
    for (const t of await found.allTextContents()) expect(t.toLowerCase()).toContain('fridge');
    await expect(page.locator('#trace-shown').textContent()).resolves.toMatch(/^\d+ of \d+ events$/);

    await page.locator('#trace-search').fill('');
    await page.locator('#trace-from').fill('20');
    await page.locator('#trace-to').fill('40');
    const ranged = await page.locator('#timeline .ev:not([hidden])').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-t'))));
    expect(ranged.length).toBeGreaterThan(0);
    expect(ranged.every((t) => t >= 20 && t <= 40)).toBe(true);
    const shot = await boxOf(page.locator('#timeline'));
    expect(inside(await boxOf(page.locator('#timeline .ev:not([hidden])').first()), { ...shot, height: shot.height + 1 })).toBe(true);

    // A row's time is a link to that event; opening the link elsewhere points at the same row.
    const verdict = page.locator('#timeline .ev[data-kind="verdict"]:not([hidden])').first();
    const seq = await verdict.getAttribute('data-seq');
    await verdict.locator('a.t').click();
    expect(page.url()).toMatch(new RegExp(`#/missions/${mission.id}\\?t=[\\d.]+&event=${seq}$`));
    await page.locator(`#timeline .ev[data-seq="${seq}"][aria-current="true"]`).waitFor();
    const link = page.url();
    const other = await open(browser, link);
    await other.page.locator(`#timeline .ev[data-seq="${seq}"][aria-current="true"]`).waitFor();
    const row = await boxOf(other.page.locator(`#timeline .ev[data-seq="${seq}"]`));
    expect(inside(row, await boxOf(other.page.locator('#timeline')))).toBe(true);
    const [mark] = await shotPixels(other.page, 'review-real-link', [{ x: row.x + row.width - 3, y: row.y + row.height / 2 }]);
    // The pointed-at row is tinted amber.
    expect(mark![0]).toBeGreaterThan(mark![2] + 15);
    expect([...errors, ...other.errors]).toEqual([]);
  });
});
