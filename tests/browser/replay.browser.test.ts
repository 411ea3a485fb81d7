import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MissionView, Orchestrator } from '../../agents/orchestrator/types.js';
import { createOrchestrator } from '../../src/app/index.js';
import { HAVE_CHROMIUM, launch, openPage, screenshot, serve } from './harness.js';
import type { Served } from './harness.js';

/** The colour of one pixel of a PNG, read back in the page through a canvas (no image library needed). */
async function pixel(page: Page, png: Buffer, x: number, y: number): Promise<[number, number, number]> {
  // A script string: this file compiles without the DOM library, the page runs it with one.
  const script = `(async () => {
    const img = new Image();
    img.src = 'data:image/png;base64,${png.toString('base64')}';
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    return [...ctx.getImageData(${Math.round(x)}, ${Math.round(y)}, 1, 1).data].slice(0, 3);
  })()`;
  return (await page.evaluate(script)) as [number, number, number];
}

const isReplayOrange = ([r, g, b]: [number, number, number]) => r > 200 && g > 120 && g < 220 && b < 150;

/** Drags the scrubber's thumb to a fraction of its length with the mouse, as a person would. */
async function dragTo(page: Page, fraction: number): Promise<void> {
  const box = await page.locator('#replay-t').boundingBox();
  if (!box) throw new Error('no scrubber');
  const y = box.y + box.height / 2;
  const value = Number(await page.locator('#replay-t').inputValue());
  const max = Number(await page.locator('#replay-t').getAttribute('max'));
  await page.mouse.move(box.x + 8 + ((box.width - 16) * value) / max, y);
  await page.mouse.down();
  await page.mouse.move(box.x + 8 + (box.width - 16) * fraction, y, { steps: 8 });
  await page.mouse.up();
}

async function replayedAt(page: Page): Promise<number> {
  await page.locator('#map svg g.replay-layer').waitFor();
  return Number(await page.locator('#map svg g.replay-layer').getAttribute('data-t'));
}

describe.skipIf(!HAVE_CHROMIUM)('reviewing a finished mission on the page', () => {
  let browser: Browser;
  let orchestrator: Orchestrator;
  let served: Served;
  let mission: MissionView;

  beforeAll(async () => {
    orchestrator = await createOrchestrator({ db: ':memory:', faults: 'off', seed: 7 });
    mission = await orchestrator.settled((await orchestrator.startMission({ instruction: 'bring me the apple' })).id);
    served = await serve(orchestrator);
    browser = await launch();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await orchestrator?.close();
  });

  it('scrubbing the timeline redraws the map, plan and robot views of then and jumps the trace there', async () => {
    expect(mission.status).toBe('succeeded');
    const { page, errors } = await openPage(browser, `${served.url}/#/missions/${mission.id}`);
    await page.locator('#timeline li[data-seq]').first().waitFor();
    await page.locator('#replay-t:not([disabled])').waitFor();
    await page.locator('#map svg').waitFor();

    // Early: the rover near where it started, the first subgoal under way, nothing succeeded yet.
    await dragTo(page, 0.05);
    const early = await replayedAt(page);
    const end = Number(await page.locator('#replay-t').getAttribute('max'));
    expect(early).toBeLessThan(end * 0.2);
    const statuses = async () => page.locator('#plan g.node').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-status')));
    expect(await statuses()).toContain('running');
    expect(await statuses()).not.toContain('succeeded');
    await expect.poll(() => page.locator('#replay-views li[data-robot="rover"]').textContent()).toMatch(/saw: .+/);
    const jumped = page.locator('#timeline li.at-time');
    await jumped.waitFor();
    const earlySeq = Number(await jumped.getAttribute('data-seq'));

    const rover = page.locator('#map g.replay-robot[data-id="rover"] circle').first();
    const mapBox = (await page.locator('#map').boundingBox())!;
    const earlyRover = (await rover.boundingBox())!;
    const at = { x: earlyRover.x + earlyRover.width / 2 - mapBox.x, y: earlyRover.y + earlyRover.height / 2 - mapBox.y };
    const earlyShot = await page.locator('#map').screenshot({ path: await screenshot(page, 'replay-early', '#map') });
    expect(isReplayOrange(await pixel(page, earlyShot, at.x, at.y)), 'the replayed rover is drawn where it was early on').toBe(true);

    // Late: every subgoal succeeded, the rover elsewhere, the trace list further on.
    await dragTo(page, 1);
    await expect.poll(() => replayedAt(page)).toBeGreaterThan(end * 0.9);
    await expect.poll(statuses).toEqual(expect.arrayContaining(['succeeded']));
    expect((await statuses()).every((s) => s === 'succeeded')).toBe(true);
    await expect.poll(async () => Number(await page.locator('#timeline li.at-time').getAttribute('data-seq'))).toBeGreaterThan(earlySeq);
    const lateRover = (await rover.boundingBox())!;
    expect(Math.hypot(lateRover.x - earlyRover.x, lateRover.y - earlyRover.y)).toBeGreaterThan(20);
    const lateShot = await page.locator('#map').screenshot({ path: await screenshot(page, 'replay-late', '#map') });
    expect(isReplayOrange(await pixel(page, lateShot, at.x, at.y)), 'no replayed rover left at its early place').toBe(false);
    const lateAt = { x: lateRover.x + lateRover.width / 2 - mapBox.x, y: lateRover.y + lateRover.height / 2 - mapBox.y };
    expect(isReplayOrange(await pixel(page, lateShot, lateAt.x, lateAt.y))).toBe(true);

    // Back to the present: the overlay goes and the plan shows the mission as it is.
    await page.getByRole('button', { name: 'Live' }).click();
    await expect.poll(() => page.locator('#map svg g.replay-layer').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('plots each subgoal with verdict markers and lists the graph checkpoints', async () => {
    const { page, errors } = await openPage(browser, `${served.url}/#/missions/${mission.id}`);
    const chart = page.locator('#plots-chart svg.plots-svg');
    await chart.waitFor();
    expect(await chart.getAttribute('data-subgoal')).toMatch(/navigate/);
    expect(await chart.locator('g[data-series="progress"] polyline.plot-line').count()).toBe(1);
    expect(await chart.locator('g[data-series="distance"] polyline.plot-line').count()).toBe(1);
    expect(await chart.locator('line.plot-marker.ok').count()).toBeGreaterThan(0);
    await page.locator('#plots-subgoal').selectOption({ index: 1 });
    await expect.poll(() => chart.getAttribute('data-subgoal')).toMatch(/pick/);
    expect(await chart.locator('g[data-series="aperture"] polyline.plot-line').count()).toBe(1);
    const shot = await page.locator('#plots').screenshot({ path: await screenshot(page, 'replay-plots', '#plots') });
    // The success marker is drawn green where the DOM says it is.
    const plotsBox = (await page.locator('#plots').boundingBox())!;
    const marker = (await chart.locator('g[data-series="progress"] line.plot-marker.ok').first().boundingBox())!;
    const [r, g, b] = await pixel(page, shot, marker.x + marker.width / 2 - plotsBox.x, marker.y + 4 - plotsBox.y);
    expect(g > r + 40 && g > b + 40, `marker pixel ${r},${g},${b}`).toBe(true);

    await expect.poll(() => page.locator('#checkpoints li.checkpoint').count()).toBeGreaterThan(5);
    const nodes = await page.locator('#checkpoints li.checkpoint').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
    for (const n of ['perceive', 'interpret', 'plan', 'execute']) expect(nodes).toContain(n);
    expect(await page.locator('#checkpoints li.checkpoint[data-node="plan"] .cp-state').textContent()).toMatch(/plan v1: navigate/);
    await screenshot(page, 'replay-checkpoints', 'section.review');
    expect(errors).toEqual([]);
  });
});
