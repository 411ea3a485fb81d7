import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { screenshot } from './harness.js';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Rgb = [number, number, number];

/**
 * Takes a screenshot (kept in test-artifacts/) and reads the colours at the given page points back
 * out of the PNG itself, decoded by the browser, so a test checks what the image shows.
 */
export async function shotPixels(page: Page, name: string, points: Array<{ x: number; y: number }>): Promise<Rgb[]> {
  const path = await screenshot(page, name);
  const png = readFileSync(path).toString('base64');
  const read = await page.evaluate(`(${READ_PIXELS})(${JSON.stringify({ png, points })})`);
  return read as Rgb[];
}

/** Runs in the page (the tests compile without the DOM's types): decodes the PNG and samples it. */
const READ_PIXELS = `async ({ png, points }) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  // A full-page screenshot starts at the top of the document, not of the viewport.
  return points.map(({ x, y }) => Array.from(ctx.getImageData(Math.round(x + window.scrollX), Math.round(y + window.scrollY), 1, 1).data.slice(0, 3)));
}`;

export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not displayed');
  return box;
}

export function centre(b: Box): { x: number; y: number } {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function inside(inner: Box, outer: Box, slack = 0.5): boolean {
  return inner.x >= outer.x - slack && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack && inner.y + inner.height <= outer.y + outer.height + slack;
}
