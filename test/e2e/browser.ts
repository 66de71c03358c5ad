/**
 * Drives Debian's Chromium with playwright-core (npm's own browser downloads do not work here).
 * Collects console errors and every request that leaves the app's origin. Tests wait on what a user
 * would see (a locator, visible text polled with {@link until} or `expect.poll`), never a fixed time.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, args: ARGS, headless: true });
}

export interface Watched {
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  workers: string[];
}

/**
 * One Chromium for a test file, launched before its first test and closed after its last, with every
 * page closed after each test. Call at the top of the file; `chromium.browser` is set once it runs.
 */
export function chromiumForThisFile(): { readonly browser: Browser } {
  const chromium = { browser: undefined as unknown as Browser };
  beforeAll(async () => {
    chromium.browser = await launch();
  });
  afterEach(closePages);
  afterAll(async () => {
    await chromium.browser?.close();
  });
  return chromium;
}

/** Every context {@link openPage} opened and {@link closePages} has not closed yet. */
const openContexts = new Set<BrowserContext>();

/**
 * Opens a page, in a context of its own, that records console errors, page errors, foreign requests
 * and workers. Call {@link closePages} in `afterEach`, so a failing test leaves no page behind.
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  viewport = { width: 1280, height: 800 },
  opts: { reducedMotion?: 'reduce' | 'no-preference' } = {},
): Promise<Watched> {
  const context = await browser.newContext({ viewport, reducedMotion: opts.reducedMotion ?? 'no-preference' });
  openContexts.add(context);
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  const watched: Watched = { page, consoleErrors: [], foreignRequests: [], workers: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => watched.consoleErrors.push(String(e)));
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) watched.foreignRequests.push(url);
  });
  page.on('worker', (w) => watched.workers.push(w.url()));
  return watched;
}

/** Closes every page and context opened since the last call (the `afterEach` of each browser test file). */
export async function closePages(): Promise<void> {
  const contexts = [...openContexts];
  openContexts.clear();
  await Promise.all(contexts.map((c) => c.close()));
}

/**
 * Reads what the page shows (with `expect.poll`) until `ok` holds, and returns that reading; fails
 * with the last reading after `timeoutMs`.
 */
export async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  let last: T | undefined;
  await expect.poll(async () => (last = await read()), { timeout: timeoutMs }).toSatisfy((value: T) => ok(value));
  return last as T;
}

/**
 * Waits until the page has painted `count` more frames: what a person watching the screen would
 * have seen in that time. For checking that something does not change (a paused clock).
 */
export async function paintedFrames(page: Page, count: number): Promise<void> {
  // A string, as the other evaluations here: the test transform never rewrites code run in the page.
  await page.evaluate(`new Promise((resolve) => {
    let left = ${count};
    const frame = () => (--left <= 0 ? resolve() : requestAnimationFrame(frame));
    requestAnimationFrame(frame);
  })`);
}

/** Opens one of the dock's views by its tab ("Topic log", "Timeline", "Event log", "Charts"); a no-op when it is open. */
export async function view(page: Page, name: 'Topic log' | 'Timeline' | 'Event log' | 'Charts'): Promise<void> {
  const tab = page.getByRole('tab', { name, exact: true });
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
}

/** Saves a screenshot under test-results/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync('test-results/screenshots', { recursive: true });
  const path = `test-results/screenshots/${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** Every browser test ends clean: no console errors and no request to any other origin. */
export function expectClean(w: Watched): void {
  if (w.consoleErrors.length > 0) throw new Error(`console errors: ${w.consoleErrors.join(' | ')}`);
  if (w.foreignRequests.length > 0) throw new Error(`requests to other origins: ${w.foreignRequests.join(' | ')}`);
}

/** The record canvas's drawn pixels: how many, and a fingerprint of where (equal prints: nothing moved). */
export async function canvasPixels(page: Page): Promise<{ painted: number; print: number }> {
  return (await page.evaluate(`(() => {
    const canvas = document.querySelector('canvas.cs-dots');
    const data = canvas && canvas.getContext('2d') ? canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data : null;
    let painted = 0;
    let print = 0;
    if (!data) return { painted, print };
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] === 0) continue;
      painted++;
      print = (print * 31 + i + data[i - 1] * 7 + data[i - 3]) | 0;
    }
    return { painted, print };
  })()`)) as { painted: number; print: number };
}
