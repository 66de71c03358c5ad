/**
 * Drives Debian's Chromium with playwright-core (npm's own browser downloads do not work here).
 * Collects console errors and every request that leaves the app's origin.
 */
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROME_PATH, args: ARGS, headless: true });
}

export interface Watched {
  page: Page;
  consoleErrors: string[];
  foreignRequests: string[];
  workers: string[];
}

/** Opens a page that records console errors, page errors, foreign requests and workers. */
export async function openPage(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }, opts: { reducedMotion?: 'reduce' | 'no-preference' } = {}): Promise<Watched> {
  const context = await browser.newContext({ viewport, reducedMotion: opts.reducedMotion ?? 'no-preference' });
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
