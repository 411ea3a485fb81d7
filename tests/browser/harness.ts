import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { pino } from 'pino';
import type { Orchestrator } from '../../agents/orchestrator/types.js';
import type { TokenConfig } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { uiStaticDir } from '../../src/ui/index.js';

/** Debian's Chromium; the tests are skipped (with this reason) where it is not installed. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Served {
  url: string;
  close(): Promise<void>;
}

/** The real HTTP server serving the real page, over whichever orchestrator the test gives it. */
export async function serve(orchestrator: Orchestrator, tokens: TokenConfig[] = []): Promise<Served> {
  const server = await startServer({ orchestrator, host: '127.0.0.1', port: 0, staticDir: uiStaticDir(), tokens, logger: pino({ level: 'silent' }) });
  return { url: server.url, close: () => server.close() };
}

export async function screenshot(page: Page, name: string, selector?: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  if (selector) await page.locator(selector).screenshot({ path });
  else await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fails the test on uncaught page errors, which would otherwise only show as a blank panel. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = watchErrors(page);
  await page.goto(url);
  await page.locator('body[data-ready="true"]').waitFor();
  return { page, errors };
}
