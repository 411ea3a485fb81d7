import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Orchestrator, RobotView } from '../../agents/orchestrator/types.js';
import type { OrchestratorConfigInput } from '../../src/app/config.js';
import { HAVE_CHROMIUM, launch, openPage, screenshot, serve } from './harness.js';
import type { Served } from './harness.js';

type CreateOrchestrator = (config: OrchestratorConfigInput) => Orchestrator | Promise<Orchestrator>;

/** The lead's composition root; loaded by a computed path so this file compiles before it exists. */
async function loadCreateOrchestrator(): Promise<CreateOrchestrator | null> {
  const path = '../../src/app/index.js';
  try {
    const mod: unknown = await import(path);
    const fn = mod && typeof mod === 'object' ? (mod as Record<string, unknown>)['createOrchestrator'] : undefined;
    return typeof fn === 'function' ? (fn as CreateOrchestrator) : null;
  } catch {
    return null;
  }
}

const createOrchestrator = await loadCreateOrchestrator();
const SKIP = !HAVE_CHROMIUM || createOrchestrator === null;
if (SKIP) {
  console.warn(`real-orchestrator browser tests skipped: ${!HAVE_CHROMIUM ? 'no Chromium at /usr/bin/chromium' : 'createOrchestrator is not exported from src/app/index.ts yet'}`);
}

/** Realtime pacing, sped up: slow enough to watch the robots move, quick enough for a test. */
const CONFIG: OrchestratorConfigInput = { db: ':memory:', clock: 'realtime', speed: 20, faults: 'default', seed: 7 };
const MISSION_MS = 90_000;

async function startAmbiguous(page: Page): Promise<void> {
  await page.getByLabel('Instruction for a new mission').fill('bring me the mug');
  await page.getByRole('button', { name: 'Start mission' }).click();
  const request = page.locator('.request').first();
  await request.waitFor({ timeout: 30_000 });
  expect((await request.locator('.q').textContent())?.toLowerCase()).toContain('mug');
  const options = request.locator('button[data-option]');
  expect(await options.count()).toBeGreaterThan(1);
  await options.first().click();
}

async function waitStatus(page: Page, statuses: string[], timeout = MISSION_MS): Promise<string> {
  const any = statuses.map((s) => `#mission-status[data-status="${s}"]`).join(', ');
  await page.locator(any).waitFor({ timeout });
  return (await page.locator('#mission-status').getAttribute('data-status')) ?? '';
}

describe.skipIf(SKIP)('web page over the real orchestrator', () => {
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
    if (!createOrchestrator) throw new Error('unreachable: skipped without createOrchestrator');
    orchestrator = await createOrchestrator(CONFIG);
    served = await serve(orchestrator);
  });
  afterEach(async () => {
    await served?.close();
    await orchestrator?.close();
  });

  it('answers which mug by a click, watches the mission succeed on the map and the plan, and finds the verdicts in the trace', { timeout: 150_000 }, async () => {
    const { page, errors } = await openPage(browser, served.url);
    await page.locator('#map svg').waitFor();
    const robotPoses = () => page.locator('#map svg g.robot[data-id]').evaluateAll((gs) => gs.map((g) => `${g.getAttribute('data-id')}@${g.querySelector('circle')?.getAttribute('cx')},${g.querySelector('circle')?.getAttribute('cy')}`).join(' '));
    // Where the robots stand before the mission: a loaded machine may run the whole mission between two map refreshes.
    const startPoses = await robotPoses();
    await startAmbiguous(page);
    await waitStatus(page, ['running']);
    // The map is the scene's drawing, refreshed while the robots move, with the working robot highlighted.
    await page.locator('#map svg .hl').first().waitFor();
    await page.locator('#plan .node[data-current="true"]').first().waitFor();
    // The robot's own view (its latest detections) is shown beside the ground-truth object list.
    await expect.poll(async () => (await page.locator('#robots [data-sees="rover"]').textContent()) ?? '', { timeout: 10_000 }).toMatch(/sees: .*mug/);
    const outcome = await waitStatus(page, ['succeeded', 'failed', 'cancelled']);
    expect(outcome).toBe('succeeded');
    // The map followed the robots: they are drawn somewhere else than where the mission found them.
    await expect.poll(robotPoses, { timeout: 10_000 }).not.toBe(startPoses);
    const states = await page.locator('#plan .node').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(states.length).toBeGreaterThan(0);
    expect(states.every((s) => s === 'succeeded')).toBe(true);
    await screenshot(page, 'real-chat', '.chat');
    await screenshot(page, 'real-map', '.world');

    await page.selectOption('#trace-kind', 'verdict');
    await page.locator('#timeline .ev[data-kind="verdict"][data-verdict="succeeded"]').first().waitFor();
    const verdicts = page.locator('#timeline .ev[data-kind="verdict"]');
    // The filtered list replaces the full one once its fetch is back.
    await expect.poll(() => page.locator('#timeline .ev:not([data-kind="verdict"])').count(), { timeout: 10_000 }).toBe(0);
    expect(await verdicts.locator('details.evidence').count()).toBeGreaterThan(0);
    // The deciding verdicts are shown with their evidence open; progress samples are hidden by default.
    const decided = page.locator('#timeline .ev[data-verdict="succeeded"]');
    expect(await decided.count()).toBeGreaterThan(0);
    expect(await decided.first().locator('details.evidence[open] .criteria li').first().isVisible()).toBe(true);
    expect(await page.locator('#timeline .ev[data-verdict="progress"]').first().isVisible()).toBe(false);
    await screenshot(page, 'real-trace', '.trace');
    const json = await fetch(`${served.url}${await page.locator('#export-json').getAttribute('href')}`);
    expect(json.status).toBe(200);
    const mcap = await fetch(`${served.url}${await page.locator('#export-mcap').getAttribute('href')}`);
    expect(mcap.status).toBe(200);
    expect(errors).toEqual([]);
  });

  it('halts every robot when the e-stop is pressed during a mission', { timeout: 120_000 }, async () => {
    const { page, errors } = await openPage(browser, served.url);
    await startAmbiguous(page);
    await waitStatus(page, ['running']);
    await page.getByRole('button', { name: 'E-STOP' }).click();
    await page.locator('body[data-estop="latched"]').waitFor();
    const robots = (await (await fetch(`${served.url}/api/robots`)).json()) as RobotView[];
    expect(robots.length).toBeGreaterThan(0);
    expect(robots.every((r) => r.estopped)).toBe(true);
    await expect.poll(async () => (await page.locator('#robots li').count()) > 0 && (await page.locator('#robots li:not([data-estopped="true"])').count()) === 0, { timeout: 10_000 }).toBe(true);
    await expect(page.locator('#estop-state').textContent()).resolves.toContain('E-STOP LATCHED');
    await screenshot(page, 'real-estop');
    expect(errors).toEqual([]);
  });

  it('finds the mission live again after a reload mid-mission', { timeout: 150_000 }, async () => {
    const { page, errors } = await openPage(browser, served.url);
    await startAmbiguous(page);
    await waitStatus(page, ['running']);
    const hash = new URL(page.url()).hash;
    expect(hash).toMatch(/^#\/missions\//);
    await page.reload();
    await page.locator('body[data-ready="true"]').waitFor();
    expect(new URL(page.url()).hash).toBe(hash);
    await page.locator('#conn[data-state="live"]').waitFor();
    await page.locator('#plan .node').first().waitFor();
    // Still live: the mission finishes on the reloaded page without another reload.
    const outcome = await waitStatus(page, ['succeeded', 'failed', 'cancelled']);
    expect(outcome).toBe('succeeded');
    expect(errors).toEqual([]);
  });
});
